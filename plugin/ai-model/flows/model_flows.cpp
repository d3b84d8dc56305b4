#include "flows/model_flows.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "api_table.h"
#include "dao/model_dao.h"
#include "flows/common.h"
#include "flows/model_service_flows.h"
#include "gpu_num.h"
#include "model_tags.h"
#include "zstack/date.h"

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

// The model center and default model service a call names (if it does) are the caller's to
// use.
Status checkModelReferences(ApiContext& ctx) {
  if (Status s = checkParamAccess(ctx, "modelCenterUuid", kModelCenterResourceType, Access::Use); !s.ok()) return s;
  return checkParamAccess(ctx, "defaultModelServiceUuid", kModelServiceResourceType, Access::Use);
}

// What AddModel and UpdateModel check of the values they write: recommendedGpuNum's form and
// the ModelVO tags.
Status checkModelValues(const ApiContext& ctx) {
  OptText gpuNum;
  if (Status s = canonicalGpuNum(ctx, &gpuNum); !s.ok()) return s;
  ModelTagValues tags;
  return parseModelTags(ctx.systemTags(), &tags);
}

// Sets the columns the tags give a value for; returns their names.
std::vector<std::string> applyTags(const ModelTagValues& tags, ModelRecord& r) {
  std::vector<std::string> columns;
  const auto take = [&](const auto& value, auto& field, const char* column) {
    if (!value) return;
    field = value;
    columns.push_back(column);
  };
  take(tags.minGpuMemory, r.minGpuMemory, "minGpuMemory");
  take(tags.recommendedGpuMemory, r.recommendedGpuMemory, "recommendedGpuMemory");
  take(tags.extraGpuMemRequest, r.extraGpuMemRequest, "extraGpuMemRequest");
  take(tags.versionSemver, r.versionSemver, "versionSemver");
  take(tags.artifactChecksum, r.artifactChecksum, "artifactChecksum");
  take(tags.artifactSizeBytes, r.artifactSizeBytes, "artifactSizeBytes");
  take(tags.architectureType, r.architectureType, "architectureType");
  take(tags.frameworkVersion, r.frameworkVersion, "frameworkVersion");
  take(tags.requiredAccelerator, r.requiredAccelerator, "requiredAccelerator");
  take(tags.pipelineTag, r.pipelineTag, "pipelineTag");
  take(tags.sampleSize, r.sampleSize, "sampleSize");
  return columns;
}

// Sets `field` from the text parameter named like its column, when the call gives one.
template <typename Field>
void takeText(const ApiContext& ctx, const char* column, Field& field, std::vector<std::string>& columns) {
  if (auto value = textParam(ctx, column)) {
    field = std::move(*value);
    columns.push_back(column);
  }
}

// One ModelServiceRefVO row per bound pair: binding a bound pair adds nothing.
Status bindModelService(ApiContext& ctx, ModelDao& dao, const std::string& modelUuid, const std::string& serviceUuid) {
  if (dao.isBound(modelUuid, serviceUuid)) return Status::OK();
  ModelServiceRefRecord ref;
  static_cast<Timestamps&>(ref) = nowTimestamps(ctx);
  ref.uuid = ctx.newUuid();
  ref.modelUuid = modelUuid;
  ref.modelServiceUuid = serviceUuid;
  dao.insertServiceRef(ref);
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

Status removeModel(ApiContext& ctx, ModelDao& dao, const std::string& uuid) {
  dao.remove(uuid);
  return ctx.resources().remove(uuid);
}

Status ValidateModelFlow::run(ApiContext& ctx) {
  if (Status s = checkModelReferences(ctx); !s.ok()) return s;
  for (const std::string& service : listParam(ctx, "modelServiceUuids")) {
    if (Status s = checkVisible(ctx, "modelServiceUuids", service, kModelServiceResourceType); !s.ok()) {
      return s;
    }
  }
  for (const std::string& tag : listParam(ctx, "tagUuids")) {
    if (Status s = checkVisible(ctx, "tagUuids", tag, "TagPatternVO"); !s.ok()) return s;
  }
  if (Status s = checkResourceUuidFree(ctx); !s.ok()) return s;
  return checkModelValues(ctx);
}

Status PersistModelFlow::run(ApiContext& ctx) {
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
  applyTags(tags, r);
  r.gpuConstraintDescription = textParam(ctx, "gpuConstraintDescription");
  r.modelId = textParam(ctx, "modelId");
  r.defaultModelServiceUuid = textParam(ctx, "defaultModelServiceUuid");

  ModelDao dao(ctx.sql(), schema_);
  dao.insert(r);
  for (const std::string& service : boundModelServiceUuids(ctx)) {
    if (Status s = bindModelService(ctx, dao, r.uuid, service); !s.ok()) return s;
  }
  if (Status s = ctx.resources().attachRequestTags(r.uuid, kModelResourceType); !s.ok()) return s;
  return ctx.resources().attachTagPatterns(r.uuid, kModelResourceType, listParam(ctx, "tagUuids"));
}

Status ValidateUpdateModelFlow::run(ApiContext& ctx) {
  if (Status s = checkParamAccess(ctx, "uuid", kModelResourceType, Access::Change); !s.ok()) return s;
  if (Status s = checkModelReferences(ctx); !s.ok()) return s;
  return checkModelValues(ctx);
}

Status UpdateModelFlow::run(ApiContext& ctx) {
  ModelTagValues tags;
  if (Status s = parseModelTags(ctx.systemTags(), &tags); !s.ok()) return s;
  ModelRecord r;
  std::vector<std::string> columns = applyTags(tags, r);
  if (Status s = canonicalGpuNum(ctx, &r.recommendedGpuNum); !s.ok()) return s;
  if (r.recommendedGpuNum) columns.push_back("recommendedGpuNum");
  takeText(ctx, "name", r.name, columns);
  takeText(ctx, "installPath", r.installPath, columns);
  takeText(ctx, "description", r.description, columns);
  takeText(ctx, "vendor", r.vendor, columns);
  takeText(ctx, "parameters", r.parameters, columns);
  takeText(ctx, "modelCenterUuid", r.modelCenterUuid, columns);
  takeText(ctx, "gpuConstraintDescription", r.gpuConstraintDescription, columns);
  takeText(ctx, "modelId", r.modelId, columns);
  takeText(ctx, "defaultModelServiceUuid", r.defaultModelServiceUuid, columns);
  r.uuid = textParam(ctx, "uuid").value_or("");
  r.lastOpDate = toDbTime(ctx.now());
  ctx.data()[kModelUuidKey] = r.uuid;

  ModelDao dao(ctx.sql(), schema_);
  dao.update(r, columns);
  if (r.defaultModelServiceUuid) {
    if (Status s = bindModelService(ctx, dao, r.uuid, *r.defaultModelServiceUuid); !s.ok()) return s;
  }
  if (textParam(ctx, "name")) {
    if (Status s = ctx.resources().rename(r.uuid, r.name); !s.ok()) return s;
  }
  return ctx.resources().updateRequestTags(r.uuid, kModelResourceType);
}

Status DeleteModelFlow::run(ApiContext& ctx) {
  ModelDao dao(ctx.sql(), schema_);
  if (Status s = removeModel(ctx, dao, textParam(ctx, "uuid").value_or("")); !s.ok()) return s;
  ctx.setResult(nlohmann::json::object());
  return Status::OK();
}

namespace {

struct Binding {
  std::string model;
  std::string service;
};

// The pair a (un)binding names; the inventory flow answers with the service.
Binding bindingOf(ApiContext& ctx) {
  Binding binding{textParam(ctx, "modelUuid").value_or(""), textParam(ctx, "modelServiceUuid").value_or("")};
  ctx.data()[kModelServiceUuidKey] = binding.service;
  return binding;
}

}  // namespace

Status BindModelToServiceFlow::run(ApiContext& ctx) {
  const Binding binding = bindingOf(ctx);
  ModelDao dao(ctx.sql(), schema_);
  return bindModelService(ctx, dao, binding.model, binding.service);
}

Status UnbindModelFromServiceFlow::run(ApiContext& ctx) {
  const Binding binding = bindingOf(ctx);
  ModelDao dao(ctx.sql(), schema_);
  dao.unbindService(binding.service, binding.model, toDbTime(ctx.now()));
  return Status::OK();
}

}  // namespace zstack::ai
