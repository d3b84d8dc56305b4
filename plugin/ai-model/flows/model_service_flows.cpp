#include "flows/model_service_flows.h"

#include <nlohmann/json.hpp>

#include "api_table.h"
#include "dao/model_dao.h"
#include "dao/model_service_dao.h"
#include "flows/common.h"
#include "zstack/date.h"

namespace zstack::ai {

Status ValidateModelServiceFlow::run(ApiContext& ctx) {
  const std::string center = textParam(ctx, "modelCenterUuid").value_or("");
  if (Status s = checkVisible(ctx, "modelCenterUuid", center, kModelCenterResourceType); !s.ok()) {
    return s;
  }
  return checkResourceUuidFree(ctx);
}

Status PersistModelServiceFlow::run(ApiContext& ctx) {
  ModelServiceRecord r;
  r.name = textParam(ctx, "name").value_or("");
  if (Status s = createResource(ctx, kModelServiceResourceType, r.name, "", r.uuid); !s.ok()) return s;
  ctx.data()[kModelServiceUuidKey] = r.uuid;
  static_cast<Timestamps&>(r) = nowTimestamps(ctx);
  r.description = textParam(ctx, "description");
  r.yaml = textParam(ctx, "yaml").value_or("");
  r.modelCenterUuid = textParam(ctx, "modelCenterUuid").value_or("");
  r.requestCpu = static_cast<int>(integerParam(ctx, "requestCpu").value_or(1));
  r.requestMemory = integerParam(ctx, "requestMemory").value_or(0);
  r.installPath = textParam(ctx, "installPath").value_or("");
  r.startCommand = textParam(ctx, "startCommand").value_or("");
  r.type = textParam(ctx, "type").value_or("Endpoint");
  r.framework = textParam(ctx, "framework").value_or("Other");
  r.vendor = textParam(ctx, "vendor");
  ModelServiceDao(ctx.sql()).insert(r);
  return ctx.resources().attachRequestTags(r.uuid, kModelServiceResourceType);
}

Status removeModelService(ApiContext& ctx, ModelDao& models, ModelServiceDao& services, const std::string& uuid) {
  models.unbindService(uuid, std::nullopt, toDbTime(ctx.now()));
  services.remove(uuid);
  return ctx.resources().remove(uuid);
}

Status DeleteModelServiceFlow::run(ApiContext& ctx) {
  ModelDao models(ctx.sql(), schema_);
  ModelServiceDao services(ctx.sql());
  if (Status s = removeModelService(ctx, models, services, textParam(ctx, "uuid").value_or("")); !s.ok()) return s;
  ctx.setResult(nlohmann::json::object());
  return Status::OK();
}

}  // namespace zstack::ai
