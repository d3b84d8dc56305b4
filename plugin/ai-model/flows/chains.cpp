#include "flows/chains.h"

#include "api_table.h"
#include "flows/common.h"
#include "flows/model_center_flows.h"
#include "flows/model_flows.h"
#include "flows/model_service_flows.h"
#include "inventory.h"

namespace zstack::ai {

std::vector<FlowRegistration> aiModelFlows(const Version& pluginVersion) {
  auto loadModel = [pluginVersion](soci::session& sql, const std::string& uuid) {
    return loadModelInventory(sql, uuid, pluginVersion);
  };
  auto loadService = [pluginVersion](soci::session& sql, const std::string& uuid) {
    return loadModelServiceInventory(sql, uuid, pluginVersion);
  };
  return {
      {kAddModelCenter, kPersistOrder, std::make_shared<PersistModelCenterFlow>()},
      {kAddModelCenter, kInventoryOrder,
       std::make_shared<InventoryFlow>("ModelCenterInventoryFlow", kModelCenterUuidKey, loadModelCenterInventory)},
      {kAddModelService, kValidateOrder, std::make_shared<ValidateModelServiceFlow>()},
      {kAddModelService, kPersistOrder, std::make_shared<PersistModelServiceFlow>()},
      {kAddModelService, kInventoryOrder,
       std::make_shared<InventoryFlow>("ModelServiceInventoryFlow", kModelServiceUuidKey, loadService)},
      {kAddModel, kValidateOrder, std::make_shared<ValidateModelFlow>()},
      {kAddModel, kPersistOrder, std::make_shared<PersistModelFlow>(pluginVersion)},
      {kAddModel, kInventoryOrder, std::make_shared<InventoryFlow>("ModelInventoryFlow", kModelUuidKey, loadModel)},
  };
}

}  // namespace zstack::ai
