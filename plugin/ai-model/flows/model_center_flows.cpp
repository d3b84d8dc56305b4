#include "flows/model_center_flows.h"

#include <nlohmann/json.hpp>

#include "dao/model_dao.h"
#include "flows/model_flows.h"
#include "flows/model_service_flows.h"
#include "tables.h"

namespace zstack::ai {

sdk::ResourceKind<ModelCenterRecord> modelCenterKind() {
  return {modelCenterTable(), kModelCenterResourceType, kModelCenterUuidKey};
}

Status DeleteModelCenterFlow::run(ApiContext& ctx) {
  const std::string center = sdk::textParam(ctx, "uuid").value_or("");
  ModelDao models(ctx.sql(), schema_);
  for (const std::string& model : models.models().uuidsWhere("modelCenterUuid", center)) {
    if (Status s = removeModel(ctx, models, model); !s.ok()) return s;
  }
  sdk::TableDao<ModelServiceRecord> services(ctx.sql(), modelServiceTable(), schema_);
  for (const std::string& service : services.uuidsWhere("modelCenterUuid", center)) {
    if (Status s = removeModelService(ctx, models, services, service); !s.ok()) return s;
  }
  sdk::TableDao<ModelCenterRecord> centers(ctx.sql(), modelCenterTable(), schema_);
  if (Status s = sdk::removeResource(ctx, centers, center); !s.ok()) return s;
  ctx.setResult(nlohmann::json::object());
  return Status::OK();
}

}  // namespace zstack::ai
