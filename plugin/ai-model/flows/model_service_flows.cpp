#include "flows/model_service_flows.h"

#include <nlohmann/json.hpp>

#include "api_table.h"
#include "dao/model_dao.h"
#include "flows/model_flows.h"
#include "tables.h"
#include "zstack/date.h"

namespace zstack::ai {

sdk::ResourceKind<ModelServiceRecord> modelServiceKind() {
  return {modelServiceTable(), kModelServiceResourceType, kModelServiceUuidKey};
}

Status ValidateModelServiceFlow::run(ApiContext& ctx) {
  const std::string center = sdk::textParam(ctx, "modelCenterUuid").value_or("");
  if (Status s = sdk::checkVisible(ctx, "modelCenterUuid", center, kModelCenterResourceType); !s.ok()) return s;
  // Binding changes what each model is bound to, as BindModelToService does.
  for (const std::string& model : sdk::listParam(ctx, kModelUuids)) {
    if (Status s = ctx.resources().checkAccess(model, kModelResourceType, Access::Change, kModelUuids); !s.ok()) {
      return s;
    }
  }
  return sdk::checkCreateParams(ctx);
}

Status BindNamedModelsFlow::run(ApiContext& ctx) {
  const std::string service = ctx.data()[kModelServiceUuidKey].get<std::string>();
  ModelDao dao(ctx.sql(), schema_);
  for (const std::string& model : sdk::listParam(ctx, kModelUuids)) bindModelService(ctx, dao, model, service);
  return Status::OK();
}

Status removeModelService(ApiContext& ctx, ModelDao& models, sdk::TableDao<ModelServiceRecord>& services,
                          const std::string& uuid) {
  models.unbindService(uuid, std::nullopt, toDbTime(ctx.now()));
  return sdk::removeResource(ctx, services, uuid);
}

Status DeleteModelServiceFlow::run(ApiContext& ctx) {
  ModelDao models(ctx.sql(), schema_);
  sdk::TableDao<ModelServiceRecord> services(ctx.sql(), modelServiceTable(), schema_);
  if (Status s = removeModelService(ctx, models, services, sdk::textParam(ctx, "uuid").value_or("")); !s.ok()) {
    return s;
  }
  ctx.setResult(nlohmann::json::object());
  return Status::OK();
}

}  // namespace zstack::ai
