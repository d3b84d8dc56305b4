#include "flows/model_flows.h"

#include <algorithm>

#include "api_table.h"
#include "dao/model_dao.h"
#include "flows/common.h"
#include "gpu_num.h"
#include "model_tags.h"

namespace zstack::ai {
namespace {

// The canonical stored form of recommendedGpuNum, empty when absent; SYS.1007 if malformed.
Status canonicalGpuNum(const ApiContext& ctx, OptText* out) {
  const auto text = textParam(ctx, "recommendedGpuNum");
  out->reset();
  if (!text) return Status::OK();
  const auto counts = parseGpuNumList(*text);
  if (!counts) {
    return invalidArgument("recommendedGpuNum [" + *text +
                           "] must be comma-separated positive integers, e.g. \"1,2,4\"");
  }
  *out = joinGpuNumList(*counts);
  return Status::OK();
}

}  // namespace

std::vector<std::string> boundModelServiceUuids(const ApiContext& ctx) {
  std::vector<std::string> uuids = listParam(ctx, "modelServiceUuids");
  if (const auto fallback = textParam(ctx, "defaultModelServiceUuid");
      fallback && std::find(uuids.begin(), uuids.end(), *fallback) == uuids.end()) {
    uuids.push_back(*fallback);
  }
  return uuids;
}

Status ValidateModelFlow::run(ApiContext& ctx) {
  return guardDatabase(name(), [&]() -> Status {
    const std::string center = textParam(ctx, "modelCenterUuid").value_or("");
    if (Status s = checkVisible(ctx, "modelCenterUuid", center, kModelCenterResourceType); !s.ok()) {
      return s;
    }
    for (const std::string& service : listParam(ctx, "modelServiceUuids")) {
      if (Status s = checkVisible(ctx, "modelServiceUuids", service, kModelServiceResourceType); !s.ok()) {
        return s;
      }
    }
    if (const auto fallback = textParam(ctx, "defaultModelServiceUuid")) {
      if (Status s = checkVisible(ctx, "defaultModelServiceUuid", *fallback, kModelServiceResourceType); !s.ok()) {
        return s;
      }
    }
    for (const std::string& tag : listParam(ctx, "tagUuids")) {
      if (Status s = checkVisible(ctx, "tagUuids", tag, "TagPatternVO"); !s.ok()) return s;
    }
    if (Status s = checkResourceUuidFree(ctx); !s.ok()) return s;
    OptText gpuNum;
    if (Status s = canonicalGpuNum(ctx, &gpuNum); !s.ok()) return s;
    ModelTagValues tags;
    return parseModelTags(ctx.systemTags(), &tags);
  });
}

Status PersistModelFlow::run(ApiContext& ctx) {
  return guardDatabase(name(), [&]() -> Status {
    ModelTagValues tags;
    if (Status s = parseModelTags(ctx.systemTags(), &tags); !s.ok()) return s;
    ModelRecord r;
    if (Status s = canonicalGpuNum(ctx, &r.recommendedGpuNum); !s.ok()) return s;
    r.name = textParam(ctx, "name").value_or("");
    r.shareMode = textParam(ctx, "shareMode");
    if (Status s = createResource(ctx, kModelResourceType, r.name, r.shareMode.value_or(""), r.uuid); !s.ok()) {
      return s;
    }
    ctx.data()[kModelUuidKey] = r.uuid;
    static_cast<Timestamps&>(r) = nowTimestamps(ctx);
    r.description = textParam(ctx, "description");
    r.installPath = textParam(ctx, "installPath").value_or("");
    r.parameters = textParam(ctx, "parameters");
    r.modelCenterUuid = textParam(ctx, "modelCenterUuid").value_or("");
    r.logo = textParam(ctx, "logo");
    r.vendor = textParam(ctx, "vendor");
    r.introduction = textParam(ctx, "introduction");
    r.size = integerParam(ctx, "size").value_or(0);
    r.version = textParam(ctx, "version");
    r.token = textParam(ctx, "token");
    r.type = "Custom";
    r.minGpuMemory = tags.minGpuMemory;
    r.recommendedGpuMemory = tags.recommendedGpuMemory;
    r.extraGpuMemRequest = tags.extraGpuMemRequest;
    r.versionSemver = tags.versionSemver;
    r.artifactChecksum = tags.artifactChecksum;
    r.artifactSizeBytes = tags.artifactSizeBytes;
    r.architectureType = tags.architectureType;
    r.frameworkVersion = tags.frameworkVersion;
    r.requiredAccelerator = tags.requiredAccelerator;
    r.pipelineTag = tags.pipelineTag;
    r.sampleSize = tags.sampleSize;
    r.gpuConstraintDescription = textParam(ctx, "gpuConstraintDescription");
    r.modelId = textParam(ctx, "modelId");
    r.defaultModelServiceUuid = textParam(ctx, "defaultModelServiceUuid");

    ModelDao dao(ctx.sql(), schema_);
    if (Status s = dao.insert(r); !s.ok()) return s;
    for (const std::string& service : boundModelServiceUuids(ctx)) {
      ModelServiceRefRecord ref;
      static_cast<Timestamps&>(ref) = r;
      ref.uuid = ctx.newUuid();
      ref.modelUuid = r.uuid;
      ref.modelServiceUuid = service;
      if (Status s = dao.insertServiceRef(ref); !s.ok()) return s;
    }
    if (Status s = ctx.resources().attachRequestTags(r.uuid, kModelResourceType); !s.ok()) return s;
    return ctx.resources().attachTagPatterns(r.uuid, kModelResourceType, listParam(ctx, "tagUuids"));
  });
}

}  // namespace zstack::ai
