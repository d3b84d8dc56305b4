#include "flows/model_center_flows.h"

#include <nlohmann/json.hpp>

#include "api_table.h"
#include "dao/model_center_dao.h"
#include "dao/model_dao.h"
#include "dao/model_service_dao.h"
#include "flows/common.h"
#include "flows/model_flows.h"
#include "flows/model_service_flows.h"
#include "zstack/date.h"

namespace zstack::ai {

Status PersistModelCenterFlow::run(ApiContext& ctx) {
  ModelCenterRecord r;
  r.name = textParam(ctx, "name").value_or("");
  if (Status s = createResource(ctx, kModelCenterResourceType, r.name, "", r.uuid); !s.ok()) return s;
  ctx.data()[kModelCenterUuidKey] = r.uuid;
  static_cast<Timestamps&>(r) = nowTimestamps(ctx);
  r.description = textParam(ctx, "description");
  r.url = textParam(ctx, "url").value_or("");
  r.managementIp = textParam(ctx, "managementIp").value_or("");
  r.managementPort = static_cast<int>(integerParam(ctx, "managementPort").value_or(0));
  r.parameters = textParam(ctx, "parameters");
  ModelCenterDao(ctx.sql()).insert(r);
  return ctx.resources().attachRequestTags(r.uuid, kModelCenterResourceType);
}

Status UpdateModelCenterFlow::run(ApiContext& ctx) {
  ModelCenterChanges c;
  c.uuid = textParam(ctx, "uuid").value_or("");
  ctx.data()[kModelCenterUuidKey] = c.uuid;
  c.name = textParam(ctx, "name");
  c.description = textParam(ctx, "description");
  c.url = textParam(ctx, "url");
  c.managementIp = textParam(ctx, "managementIp");
  if (const auto port = integerParam(ctx, "managementPort")) c.managementPort = static_cast<int>(*port);
  c.parameters = textParam(ctx, "parameters");
  c.lastOpDate = toDbTime(ctx.now());
  ModelCenterDao(ctx.sql()).update(c);
  if (c.name) {
    if (Status s = ctx.resources().rename(c.uuid, *c.name); !s.ok()) return s;
  }
  return ctx.resources().updateRequestTags(c.uuid, kModelCenterResourceType);
}

Status DeleteModelCenterFlow::run(ApiContext& ctx) {
  const std::string center = textParam(ctx, "uuid").value_or("");
  ModelDao models(ctx.sql(), schema_);
  for (const std::string& model : models.uuidsInCenter(center)) {
    if (Status s = removeModel(ctx, models, model); !s.ok()) return s;
  }
  ModelServiceDao services(ctx.sql());
  for (const std::string& service : services.uuidsInCenter(center)) {
    if (Status s = removeModelService(ctx, models, services, service); !s.ok()) return s;
  }
  ModelCenterDao(ctx.sql()).remove(center);
  if (Status s = ctx.resources().remove(center); !s.ok()) return s;
  ctx.setResult(nlohmann::json::object());
  return Status::OK();
}

}  // namespace zstack::ai
