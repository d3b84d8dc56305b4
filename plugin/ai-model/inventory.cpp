#include "inventory.h"

#include <map>

#include "dao/model_dao.h"
#include "releases.h"
#include "semver.h"
#include "tables.h"
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

json modelCenterInventory(const ModelCenterRecord& center) { return modelCenterTable().inventory(center); }

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

std::vector<json> loadModelCenterInventories(soci::session& sql, const std::vector<std::string>& uuids) {
  return sdk::TableDao<ModelCenterRecord>(sql, modelCenterTable(), kV518).inventories(uuids);
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

std::optional<json> loadModelCenterInventory(soci::session& sql, const std::string& uuid) {
  return sdk::TableDao<ModelCenterRecord>(sql, modelCenterTable(), kV518).inventory(uuid);
}

std::optional<json> loadModelServiceInventory(soci::session& sql, const std::string& uuid, const Version& schema) {
  return first(loadModelServiceInventories(sql, {uuid}, schema));
}

std::optional<json> loadModelInventory(soci::session& sql, const std::string& uuid, const Version& schema) {
  return first(loadModelInventories(sql, {uuid}, schema));
}

}  // namespace zstack::ai
