#include "flows/model_flows.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "api_table.h"
#include "dao/model_dao.h"
#include "flows/model_service_flows.h"
#include "tables.h"
#include "zstack/date.h"

namespace zstack::ai {
namespace {

constexpr char kDefaultModelServiceUuid[] = "defaultModelServiceUuid";

// The model center and default model service a call names (if it does) are the caller's to
// use.
Status checkModelReferences(ApiContext& ctx) {
  if (Status s = sdk::checkParamAccess(ctx, "modelCenterUuid", kModelCenterResourceType, Access::Use); !s.ok()) {
    return s;
  }
  return sdk::checkParamAccess(ctx, kDefaultModelServiceUuid, kModelServiceResourceType, Access::Use);
}

// The model services a call binds: modelServiceUuids (where the API has them), then
// defaultModelServiceUuid if not among them; no duplicates.
std::vector<std::string> namedModelServices(const ApiContext& ctx) {
  std::vector<std::string> uuids;
  if (sdk::declaresParam(ctx, kModelServiceUuids)) uuids = sdk::listParam(ctx, kModelServiceUuids);
  if (const auto fallback = sdk::textParam(ctx, kDefaultModelServiceUuid);
      fallback && std::find(uuids.begin(), uuids.end(), *fallback) == uuids.end()) {
    uuids.push_back(*fallback);
  }
  return uuids;
}

}  // namespace

void bindModelService(ApiContext& ctx, ModelDao& dao, const std::string& modelUuid, const std::string& serviceUuid) {
  if (dao.isBound(modelUuid, serviceUuid)) return;
  ModelServiceRefRecord ref;
  sdk::stampCreated(ctx, ref);
  ref.uuid = ctx.newUuid();
  ref.modelUuid = modelUuid;
  ref.modelServiceUuid = serviceUuid;
  dao.insertServiceRef(ref);
}

sdk::ResourceKind<ModelRecord> modelKind() { return {modelTable(), kModelResourceType, kModelUuidKey}; }

Status removeModel(ApiContext& ctx, ModelDao& dao, const std::string& uuid) {
  if (Status s = ctx.resources().remove(uuid); !s.ok()) return s;
  dao.remove(uuid);
  return Status::OK();
}

Status ValidateModelFlow::run(ApiContext& ctx) {
  if (Status s = checkModelReferences(ctx); !s.ok()) return s;
  for (const std::string& service : sdk::listParam(ctx, kModelServiceUuids)) {
    if (Status s = sdk::checkVisible(ctx, kModelServiceUuids, service, kModelServiceResourceType); !s.ok()) return s;
  }
  if (Status s = sdk::checkCreateParams(ctx); !s.ok()) return s;
  ModelRecord checked;
  return modelTable().fromCreate(ctx, checked);
}

Status ValidateUpdateModelFlow::run(ApiContext& ctx) {
  if (Status s = sdk::checkParamAccess(ctx, "uuid", kModelResourceType, Access::Change); !s.ok()) return s;
  if (Status s = checkModelReferences(ctx); !s.ok()) return s;
  ModelRecord checked;
  std::vector<std::string> columns;
  return modelTable().changes(ctx, checked, &columns);
}

Status BindNamedServicesFlow::run(ApiContext& ctx) {
  const std::string model = ctx.data()[kModelUuidKey].get<std::string>();
  ModelDao dao(ctx.sql(), schema_);
  for (const std::string& service : namedModelServices(ctx)) bindModelService(ctx, dao, model, service);
  return Status::OK();
}

Status DeleteModelFlow::run(ApiContext& ctx) {
  ModelDao dao(ctx.sql(), schema_);
  if (Status s = removeModel(ctx, dao, sdk::textParam(ctx, "uuid").value_or("")); !s.ok()) return s;
  ctx.setResult(nlohmann::json::object());
  return Status::OK();
}

Status DeleteModelsFlow::run(ApiContext& ctx) {
  ModelDao dao(ctx.sql(), schema_);
  nlohmann::json results = nlohmann::json::array();
  for (const std::string& uuid : sdk::listParam(ctx, "uuids")) {
    ctx.sql() << "SAVEPOINT zstack_delete_model";
    Status status = ctx.resources().checkAccess(uuid, kModelResourceType, Access::Change, "uuids");
    if (status.ok()) status = removeModel(ctx, dao, uuid);
    if (!status.ok()) ctx.sql() << "ROLLBACK TO SAVEPOINT zstack_delete_model";
    ctx.sql() << "RELEASE SAVEPOINT zstack_delete_model";
    results.push_back({{"uuid", uuid},
                       {"success", status.ok()},
                       {"error", status.ok() ? nlohmann::json() : errorToJson(status.error())}});
  }
  ctx.setResult({{"results", std::move(results)}});
  return Status::OK();
}

namespace {

struct Binding {
  std::string model;
  std::string service;
};

// The pair a (un)binding names; the inventory flow answers with the service.
Binding bindingOf(ApiContext& ctx) {
  Binding binding{sdk::textParam(ctx, "modelUuid").value_or(""), sdk::textParam(ctx, "modelServiceUuid").value_or("")};
  ctx.data()[kModelServiceUuidKey] = binding.service;
  return binding;
}

}  // namespace

Status BindModelToServiceFlow::run(ApiContext& ctx) {
  const Binding binding = bindingOf(ctx);
  ModelDao dao(ctx.sql(), schema_);
  bindModelService(ctx, dao, binding.model, binding.service);
  return Status::OK();
}

Status UnbindModelFromServiceFlow::run(ApiContext& ctx) {
  const Binding binding = bindingOf(ctx);
  ModelDao dao(ctx.sql(), schema_);
  dao.unbindService(binding.service, binding.model, toDbTime(ctx.now()));
  return Status::OK();
}

}  // namespace zstack::ai
