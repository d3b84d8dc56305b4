#include "inventory.h"

#include <map>

#include "dao/model_center_dao.h"
#include "dao/model_dao.h"
#include "dao/model_service_dao.h"
#include "gpu_num.h"
#include "semver.h"
#include "zstack/date.h"

namespace zstack::ai {
namespace {

using nlohmann::json;

template <typename T>
json orNull(const std::optional<T>& value) {
  return value ? json(*value) : json(nullptr);
}

void addDates(json& inventory, const Timestamps& dates) {
  inventory["createDate"] = renderDate(dates.createDate);
  inventory["lastOpDate"] = renderDate(dates.lastOpDate);
}

json gpuNumList(const OptText& stored) {
  json list = json::array();
  if (!stored) return list;
  if (const auto counts = parseGpuNumList(*stored)) {
    for (int count : *counts) list.push_back(count);
  }
  return list;
}

json refsJson(const std::vector<ModelServiceRefRecord>& refs) {
  json list = json::array();
  for (const ModelServiceRefRecord& ref : refs) {
    list.push_back({{"uuid", ref.uuid}, {"modelUuid", ref.modelUuid}, {"modelServiceUuid", ref.modelServiceUuid}});
  }
  return list;
}

}  // namespace

std::string renderDate(const std::tm& utc) { return formatZStackDate(fromDbTime(utc)); }

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

json modelCenterInventory(const ModelCenterRecord& c) {
  json inv = {
      {"uuid", c.uuid},
      {"name", c.name},
      {"description", orNull(c.description)},
      {"url", c.url},
      {"managementIp", c.managementIp},
      {"managementPort", c.managementPort},
      {"parameters", orNull(c.parameters)},
  };
  addDates(inv, c);
  return inv;
}

json modelServiceInventory(const ModelServiceRecord& s, const std::vector<ModelServiceRefRecord>& refs) {
  json inv = {
      {"uuid", s.uuid},
      {"name", s.name},
      {"description", orNull(s.description)},
      {"yaml", s.yaml},
      {"modelCenterUuid", s.modelCenterUuid},
      {"requestCpu", s.requestCpu},
      {"requestMemory", s.requestMemory},
      {"installPath", s.installPath},
      {"startCommand", s.startCommand},
      {"type", s.type},
      {"framework", s.framework},
      {"vendor", orNull(s.vendor)},
      {"modelServiceRefs", refsJson(refs)},
  };
  addDates(inv, s);
  return inv;
}

json modelInventory(const ModelRecord& m, const std::vector<ModelServiceRefRecord>& refs,
                    std::optional<bool> latest) {
  // token is deliberately absent.
  json inv = {
      {"uuid", m.uuid},
      {"name", m.name},
      {"description", orNull(m.description)},
      {"installPath", m.installPath},
      {"parameters", orNull(m.parameters)},
      {"modelCenterUuid", m.modelCenterUuid},
      {"logo", orNull(m.logo)},
      {"vendor", orNull(m.vendor)},
      {"modelId", orNull(m.modelId)},
      {"introduction", orNull(m.introduction)},
      {"size", m.size},
      {"version", orNull(m.version)},
      {"type", m.type},
      {"minGpuMemory", orNull(m.minGpuMemory)},
      {"recommendedGpuMemory", orNull(m.recommendedGpuMemory)},
      {"recommendedGpuNum", gpuNumList(m.recommendedGpuNum)},
      {"gpuConstraintDescription", orNull(m.gpuConstraintDescription)},
      {"versionSemver", orNull(m.versionSemver)},
      {"isLatestVersion", orNull(latest)},
      {"artifactChecksum", orNull(m.artifactChecksum)},
      {"artifactSizeBytes", orNull(m.artifactSizeBytes)},
      {"architectureType", orNull(m.architectureType)},
      {"frameworkVersion", orNull(m.frameworkVersion)},
      {"requiredAccelerator", orNull(m.requiredAccelerator)},
      {"pipelineTag", orNull(m.pipelineTag)},
      {"modelServiceRefs", refsJson(refs)},
      {"extraGpuMemRequest", orNull(m.extraGpuMemRequest)},
      {"SAMPLE_SIZE", orNull(m.sampleSize)},
      {"shareMode", orNull(m.shareMode)},
      {"defaultModelServiceUuid", orNull(m.defaultModelServiceUuid)},
  };
  addDates(inv, m);
  return inv;
}

namespace {

// `records` rendered in the order of `uuids` (records of uuids not asked for cannot occur).
template <typename Record, typename Render>
std::vector<json> inOrder(const std::vector<std::string>& uuids, std::vector<Record> records, Render render) {
  std::map<std::string, Record*> byUuid;
  for (Record& record : records) byUuid[record.uuid] = &record;
  std::vector<json> inventories;
  for (const std::string& uuid : uuids) {
    if (auto it = byUuid.find(uuid); it != byUuid.end()) inventories.push_back(render(*it->second));
  }
  return inventories;
}

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
  return inOrder(uuids, ModelCenterDao(sql).findMany(uuids), modelCenterInventory);
}

std::vector<json> loadModelServiceInventories(soci::session& sql, const std::vector<std::string>& uuids,
                                              const Version& schema) {
  const std::map<std::string, std::vector<ModelServiceRefRecord>> refs = ModelDao(sql, schema).refsOfServices(uuids);
  return inOrder(uuids, ModelServiceDao(sql).findMany(uuids),
                 [&](const ModelServiceRecord& service) { return modelServiceInventory(service, refsOf(refs, service.uuid)); });
}

std::vector<json> loadModelInventories(soci::session& sql, const std::vector<std::string>& uuids,
                                       const Version& schema) {
  ModelDao dao(sql, schema);
  std::vector<ModelRecord> models = dao.findMany(uuids);
  const std::map<std::string, std::vector<ModelServiceRefRecord>> refs = dao.serviceRefsOf(uuids);
  const std::map<std::string, std::vector<std::string>> families = dao.familySemvers(models);
  return inOrder(uuids, std::move(models), [&](const ModelRecord& model) {
    std::optional<bool> latest;
    if (auto family = families.find(ModelDao::familyKey(model)); model.versionSemver && family != families.end()) {
      latest = isLatestVersion(model, family->second);
    }
    return modelInventory(model, refsOf(refs, model.uuid), latest);
  });
}

std::optional<json> loadModelCenterInventory(soci::session& sql, const std::string& uuid) {
  return first(loadModelCenterInventories(sql, {uuid}));
}

std::optional<json> loadModelServiceInventory(soci::session& sql, const std::string& uuid, const Version& schema) {
  return first(loadModelServiceInventories(sql, {uuid}, schema));
}

std::optional<json> loadModelInventory(soci::session& sql, const std::string& uuid, const Version& schema) {
  return first(loadModelInventories(sql, {uuid}, schema));
}

}  // namespace zstack::ai
