#include "inventory.h"

#include <map>

#include "dao/model_dao.h"
#include "semver.h"
#include "tables.h"
#include "zstack/sdk/dao.h"
#include "zstack/sdk/table_dao.h"

namespace zstack::ai {
namespace {

using nlohmann::json;

json refsJson(const std::vector<ModelServiceRefRecord>& refs) {
  json list = json::array();
  for (const ModelServiceRefRecord& ref : refs) {
    list.push_back({{"uuid", ref.uuid}, {"modelUuid", ref.modelUuid}, {"modelServiceUuid", ref.modelServiceUuid}});
  }
  return list;
}

}  // namespace

std::optional<bool> isLatestVersion(const ModelRecord& model, const std::vector<std::string>& familySemvers) {
  if (!model.versionSemver) return std::nullopt;
  const auto mine = SemVer::parse(*model.versionSemver);
  if (!mine) return std::nullopt;
  for (const std::string& text : familySemvers) {
    const auto other = SemVer::parse(text);
    if (other && comparePrecedence(*other, *mine) > 0) return false;
  }
  return true;
}

json modelCenterCapacity(const std::string& centerUuid, long long modelBytes, long long modelServiceBytes) {
  return {{"uuid", centerUuid},
          {"modelUsedCapacity", modelBytes},
          {"modelServiceUsedCapacity", modelServiceBytes},
          {"datasetUsedCapacity", nullptr},
          {"fineTuneUsedCapacity", nullptr},
          {"modelEvaluationUsedCapacity", nullptr},
          {"installationUsedCapacity", nullptr},
          {"temporaryUsedCapacity", nullptr}};
}

json modelCenterInventory(const ModelCenterRecord& center, json capacity) {
  json inv = modelCenterTable().inventory(center);
  inv["status"] = nullptr;
  inv["capacity"] = std::move(capacity);
  return inv;
}

json modelServiceInventory(const ModelServiceRecord& service, const std::vector<ModelServiceRefRecord>& refs) {
  json inv = modelServiceTable().inventory(service);
  inv["modelServiceRefs"] = refsJson(refs);
  return inv;
}

json modelInventory(const ModelRecord& model, const std::vector<ModelServiceRefRecord>& refs,
                    std::optional<bool> latest) {
  json inv = modelTable().inventory(model);
  inv["isLatestVersion"] = latest ? json(*latest) : json(nullptr);
  inv["modelServiceRefs"] = refsJson(refs);
  return inv;
}

namespace {

const std::vector<ModelServiceRefRecord>& refsOf(const std::map<std::string, std::vector<ModelServiceRefRecord>>& refs,
                                                 const std::string& uuid) {
  static const std::vector<ModelServiceRefRecord> kNone;
  auto it = refs.find(uuid);
  return it == refs.end() ? kNone : it->second;
}

std::optional<json> first(std::vector<json> inventories) {
  if (inventories.empty()) return std::nullopt;
  return std::move(inventories.front());
}

}  // namespace

namespace {

// SUM(size) of `table`'s rows by model center, for the centers of `uuids` that have any.
std::map<std::string, long long> sizesByCenter(soci::session& sql, const std::string& table,
                                               const std::vector<std::string>& uuids) {
  std::map<std::string, long long> sizes;
  sdk::forEachRowWithKeyIn(sql, "SELECT modelCenterUuid, SUM(size) FROM " + table + " WHERE modelCenterUuid IN ", uuids,
                           " GROUP BY modelCenterUuid", [&](const soci::row& row) {
                             sdk::RowReader in(row);
                             const std::string center = in.requiredText();
                             sizes[center] += in.integer().value_or(0);
                           });
  return sizes;
}

long long sizeOf(const std::map<std::string, long long>& sizes, const std::string& center) {
  auto it = sizes.find(center);
  return it == sizes.end() ? 0 : it->second;
}

}  // namespace

std::vector<json> loadModelCenterInventories(soci::session& sql, const std::vector<std::string>& uuids,
                                             const Version& schema) {
  const bool hasCapacity = schema >= modelCenterTable().find("storageNetworkUuid")->since();
  std::map<std::string, long long> models, services;
  if (hasCapacity) {
    models = sizesByCenter(sql, "ModelVO", uuids);
    services = sizesByCenter(sql, "ModelServiceVO", uuids);
  }
  return sdk::inOrder(uuids, sdk::TableDao<ModelCenterRecord>(sql, modelCenterTable(), schema).findMany(uuids),
                      [&](const ModelCenterRecord& center) {
                        return modelCenterInventory(
                            center, hasCapacity ? modelCenterCapacity(center.uuid, sizeOf(models, center.uuid),
                                                                      sizeOf(services, center.uuid))
                                                : json(nullptr));
                      });
}

std::vector<json> loadModelServiceInventories(soci::session& sql, const std::vector<std::string>& uuids,
                                              const Version& schema) {
  const std::map<std::string, std::vector<ModelServiceRefRecord>> refs = ModelDao(sql, schema).refsOfServices(uuids);
  return sdk::inOrder(uuids, sdk::TableDao<ModelServiceRecord>(sql, modelServiceTable(), schema).findMany(uuids),
                      [&](const ModelServiceRecord& s) { return modelServiceInventory(s, refsOf(refs, s.uuid)); });
}

std::vector<json> loadModelInventories(soci::session& sql, const std::vector<std::string>& uuids,
                                       const Version& schema) {
  ModelDao dao(sql, schema);
  std::vector<ModelRecord> models = dao.models().findMany(uuids);
  const std::map<std::string, std::vector<ModelServiceRefRecord>> refs = dao.serviceRefsOf(uuids);
  const std::map<std::string, std::vector<std::string>> families = dao.familySemvers(models);
  return sdk::inOrder(uuids, std::move(models), [&](const ModelRecord& model) {
    std::optional<bool> latest;
    if (auto family = families.find(ModelDao::familyKey(model)); model.versionSemver && family != families.end()) {
      latest = isLatestVersion(model, family->second);
    }
    return modelInventory(model, refsOf(refs, model.uuid), latest);
  });
}

std::optional<json> loadModelCenterInventory(soci::session& sql, const std::string& uuid, const Version& schema) {
  return first(loadModelCenterInventories(sql, {uuid}, schema));
}

std::optional<json> loadModelServiceInventory(soci::session& sql, const std::string& uuid, const Version& schema) {
  return first(loadModelServiceInventories(sql, {uuid}, schema));
}

std::optional<json> loadModelInventory(soci::session& sql, const std::string& uuid, const Version& schema) {
  return first(loadModelInventories(sql, {uuid}, schema));
}

}  // namespace zstack::ai
