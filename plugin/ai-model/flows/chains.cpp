#include "flows/chains.h"

#include "api_table.h"
#include "flows/model_center_flows.h"
#include "flows/model_flows.h"
#include "flows/model_service_flows.h"
#include "inventory.h"
#include "tables.h"

namespace zstack::ai {

std::vector<FlowRegistration> aiModelFlows(const Version& pluginVersion) {
  using sdk::kInventoryOrder;
  using sdk::kPersistOrder;
  using sdk::kValidateOrder;
  auto loadModel = [pluginVersion](soci::session& sql, const std::string& uuid) {
    return loadModelInventory(sql, uuid, pluginVersion);
  };
  auto loadCenter = [pluginVersion](soci::session& sql, const std::string& uuid) {
    return loadModelCenterInventory(sql, uuid, pluginVersion);
  };
  auto loadService = [pluginVersion](soci::session& sql, const std::string& uuid) {
    return loadModelServiceInventory(sql, uuid, pluginVersion);
  };
  auto access = [](const char* param, const char* resourceType, Access access) {
    return std::make_shared<sdk::CheckAccessFlow>(param, resourceType, access);
  };
  const auto centerInventory =
      std::make_shared<sdk::InventoryFlow>("ModelCenterInventoryFlow", kModelCenterUuidKey, loadCenter);
  const auto serviceInventory =
      std::make_shared<sdk::InventoryFlow>("ModelServiceInventoryFlow", kModelServiceUuidKey, loadService);
  const auto modelInventory = std::make_shared<sdk::InventoryFlow>("ModelInventoryFlow", kModelUuidKey, loadModel);
  const auto changeCenter = access("uuid", kModelCenterResourceType, Access::Change);
  const auto changeModel = access("uuid", kModelResourceType, Access::Change);
  const auto bindNamedServices = std::make_shared<BindNamedServicesFlow>(pluginVersion);
  return {
      {kAddModelCenter, kValidateOrder, std::make_shared<sdk::CheckCreateParamsFlow>()},
      {kAddModelCenter, kPersistOrder,
       std::make_shared<sdk::CreateResourceFlow<ModelCenterRecord>>(modelCenterKind(), pluginVersion)},
      {kAddModelCenter, kInventoryOrder, centerInventory},
      {kUpdateModelCenter, kValidateOrder, changeCenter},
      {kUpdateModelCenter, kPersistOrder,
       std::make_shared<sdk::UpdateResourceFlow<ModelCenterRecord>>(modelCenterKind(), pluginVersion)},
      {kUpdateModelCenter, kInventoryOrder, centerInventory},
      {kDeleteModelCenter, kValidateOrder, changeCenter},
      {kDeleteModelCenter, kPersistOrder, std::make_shared<DeleteModelCenterFlow>(pluginVersion)},
      {kAddModelService, kValidateOrder, std::make_shared<ValidateModelServiceFlow>()},
      {kAddModelService, kPersistOrder,
       std::make_shared<sdk::CreateResourceFlow<ModelServiceRecord>>(modelServiceKind(), pluginVersion)},
      {kAddModelService, kPersistOrder, std::make_shared<BindNamedModelsFlow>(pluginVersion)},
      {kAddModelService, kInventoryOrder, serviceInventory},
      {kUpdateModelService, kValidateOrder, access("uuid", kModelServiceResourceType, Access::Change)},
      {kUpdateModelService, kPersistOrder,
       std::make_shared<sdk::UpdateResourceFlow<ModelServiceRecord>>(modelServiceKind(), pluginVersion)},
      {kUpdateModelService, kInventoryOrder, serviceInventory},
      {kDeleteModelService, kValidateOrder, access("uuid", kModelServiceResourceType, Access::Change)},
      {kDeleteModelService, kPersistOrder, std::make_shared<DeleteModelServiceFlow>(pluginVersion)},
      {kAddModel, kValidateOrder, std::make_shared<ValidateModelFlow>()},
      {kAddModel, kPersistOrder, std::make_shared<sdk::CreateResourceFlow<ModelRecord>>(modelKind(), pluginVersion)},
      {kAddModel, kPersistOrder, bindNamedServices},
      {kAddModel, kInventoryOrder, modelInventory},
      {kUpdateModel, kValidateOrder, std::make_shared<ValidateUpdateModelFlow>()},
      {kUpdateModel, kPersistOrder, std::make_shared<sdk::UpdateResourceFlow<ModelRecord>>(modelKind(), pluginVersion)},
      {kUpdateModel, kPersistOrder, bindNamedServices},
      {kUpdateModel, kInventoryOrder, modelInventory},
      {kDeleteModel, kValidateOrder, changeModel},
      {kDeleteModel, kPersistOrder, std::make_shared<DeleteModelFlow>(pluginVersion)},
      {kDeleteModels, kPersistOrder, std::make_shared<DeleteModelsFlow>(pluginVersion)},
      // Bind and unbind change what the model is bound to (Change) and refer to the service (Use).
      {kBindModelToService, kValidateOrder, access("modelUuid", kModelResourceType, Access::Change)},
      {kBindModelToService, kValidateOrder, access("modelServiceUuid", kModelServiceResourceType, Access::Use)},
      {kBindModelToService, kPersistOrder, std::make_shared<BindModelToServiceFlow>(pluginVersion)},
      {kBindModelToService, kInventoryOrder, serviceInventory},
      {kUnbindModelFromService, kValidateOrder, access("modelUuid", kModelResourceType, Access::Change)},
      {kUnbindModelFromService, kValidateOrder, access("modelServiceUuid", kModelServiceResourceType, Access::Use)},
      {kUnbindModelFromService, kPersistOrder, std::make_shared<UnbindModelFromServiceFlow>(pluginVersion)},
      {kUnbindModelFromService, kInventoryOrder, serviceInventory},
  };
}

}  // namespace zstack::ai
