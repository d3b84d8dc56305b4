#include "queries.h"

#include "inventory.h"
#include "releases.h"
#include "tables.h"

namespace zstack::ai {

using nlohmann::json;

std::vector<QueryDescriptor> aiModelQueries(const Version& pluginVersion) {
  QueryDescriptor models =
      modelTable().query("QueryModel", "/ai/models", kModelResourceType, kV518, "查询模型", "Query models", pluginVersion);
  models.load = [pluginVersion](soci::session& sql, const std::vector<std::string>& uuids, std::vector<json>* out) {
    *out = loadModelInventories(sql, uuids, pluginVersion);
    return Status::OK();
  };

  QueryDescriptor centers = modelCenterTable().query("QueryModelCenter", "/ai/model-centers", kModelCenterResourceType,
                                                     kV518, "查询模型中心", "Query model centers", pluginVersion);
  centers.load = [pluginVersion](soci::session& sql, const std::vector<std::string>& uuids, std::vector<json>* out) {
    *out = loadModelCenterInventories(sql, uuids, pluginVersion);
    return Status::OK();
  };

  QueryDescriptor services = modelServiceTable().query("QueryModelService", "/ai/model-services", kModelServiceResourceType,
                                                       kV518, "查询模型服务", "Query model services", pluginVersion);
  services.load = [pluginVersion](soci::session& sql, const std::vector<std::string>& uuids,
                                  std::vector<json>* out) {
    *out = loadModelServiceInventories(sql, uuids, pluginVersion);
    return Status::OK();
  };

  std::vector<QueryDescriptor> queries;
  queries.push_back(std::move(models));
  queries.push_back(std::move(centers));
  queries.push_back(std::move(services));
  return queries;
}

}  // namespace zstack::ai
