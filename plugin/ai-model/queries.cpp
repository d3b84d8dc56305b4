#include "queries.h"

#include "inventory.h"
#include "releases.h"
#include "tables.h"

namespace zstack::ai {
namespace {

using nlohmann::json;

// A query of one table, its fields the table's inventory fields at `release`.
template <class R>
QueryDescriptor query(const char* name, const char* path, const sdk::ResourceTable<R>& table,
                      const char* resourceType, const char* zh, const char* en, const Version& release) {
  QueryDescriptor q;
  q.name = name;
  q.path = path;
  q.table = table.name();
  q.resourceType = resourceType;
  q.since = kV518;
  q.descriptionZh = zh;
  q.descriptionEn = en;
  q.fields = table.queryFields(release);
  return q;
}

}  // namespace

std::vector<QueryDescriptor> aiModelQueries(const Version& pluginVersion) {
  QueryDescriptor models =
      query("QueryModel", "/ai/models", modelTable(), kModelResourceType, "查询模型", "Query models", pluginVersion);
  models.load = [pluginVersion](soci::session& sql, const std::vector<std::string>& uuids, std::vector<json>* out) {
    *out = loadModelInventories(sql, uuids, pluginVersion);
    return Status::OK();
  };

  QueryDescriptor centers = query("QueryModelCenter", "/ai/model-centers", modelCenterTable(),
                                  kModelCenterResourceType, "查询模型中心", "Query model centers", pluginVersion);
  centers.load = [](soci::session& sql, const std::vector<std::string>& uuids, std::vector<json>* out) {
    *out = loadModelCenterInventories(sql, uuids);
    return Status::OK();
  };

  QueryDescriptor services = query("QueryModelService", "/ai/model-services", modelServiceTable(),
                                   kModelServiceResourceType, "查询模型服务", "Query model services", pluginVersion);
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
