#include "dao/model_dao.h"

#include <set>

#include <soci/soci.h>

#include "zstack/sdk/dao.h"

namespace zstack::ai {

ModelDao::ModelDao(soci::session& sql, const Version& schema)
    : sql_(sql), schema_(schema), models_(sql, modelTable(), schema), refs_(sql, modelServiceRefTable(), schema) {}

bool ModelDao::hasRefs() const { return schema_ >= modelServiceRefTable().find("uuid")->since(); }

void ModelDao::remove(const std::string& uuid) {
  if (hasRefs()) refs_.removeWhere("modelUuid", uuid);
  models_.remove(uuid);
}

void ModelDao::insertServiceRef(const ModelServiceRefRecord& ref) { refs_.insert(ref); }

std::map<std::string, std::vector<ModelServiceRefRecord>> ModelDao::serviceRefsOf(
    const std::vector<std::string>& modelUuids) {
  return refsWhere("modelUuid", "modelServiceUuid", modelUuids);
}

std::map<std::string, std::vector<ModelServiceRefRecord>> ModelDao::refsOfServices(
    const std::vector<std::string>& modelServiceUuids) {
  return refsWhere("modelServiceUuid", "modelUuid", modelServiceUuids);
}

std::map<std::string, std::vector<ModelServiceRefRecord>> ModelDao::refsWhere(const std::string& column,
                                                                              const std::string& otherColumn,
                                                                              const std::vector<std::string>& uuids) {
  std::map<std::string, std::vector<ModelServiceRefRecord>> refs;
  if (!hasRefs()) return refs;
  // Ordered within each chunk; a chunk holds all rows of its uuids, so each uuid's stay in order.
  const bool byModel = column == "modelUuid";
  for (ModelServiceRefRecord& ref : refs_.findWhereIn(column, uuids, " ORDER BY createDate, " + otherColumn)) {
    std::string key = byModel ? ref.modelUuid : ref.modelServiceUuid;
    refs[key].push_back(std::move(ref));
  }
  return refs;
}

bool ModelDao::isBound(const std::string& modelUuid, const std::string& modelServiceUuid) {
  if (!hasRefs()) return false;
  int count = 0;
  sql_ << "SELECT COUNT(*) FROM ModelServiceRefVO WHERE modelUuid = :model AND modelServiceUuid = :service",
      soci::use(modelUuid, "model"), soci::use(modelServiceUuid, "service"), soci::into(count);
  return count > 0;
}

void ModelDao::unbindService(const std::string& modelServiceUuid, const std::optional<std::string>& modelUuid,
                             const std::tm& now) {
  if (hasRefs()) {
    soci::statement st(sql_);
    st.exchange(soci::use(modelServiceUuid, "service"));
    if (modelUuid) st.exchange(soci::use(*modelUuid, "model"));
    sdk::execute(st, std::string("DELETE FROM ModelServiceRefVO WHERE modelServiceUuid = :service") +
                         (modelUuid ? " AND modelUuid = :model" : ""));
  }
  if (schema_ >= modelTable().find("defaultModelServiceUuid")->since()) {
    soci::statement st(sql_);
    st.exchange(soci::use(now, "now"));
    st.exchange(soci::use(modelServiceUuid, "service"));
    if (modelUuid) st.exchange(soci::use(*modelUuid, "model"));
    sdk::execute(st, std::string("UPDATE ModelVO SET defaultModelServiceUuid = NULL, lastOpDate = :now"
                                 " WHERE defaultModelServiceUuid = :service") +
                         (modelUuid ? " AND uuid = :model" : ""));
  }
}

std::string ModelDao::familyKey(const ModelRecord& model) {
  return model.modelCenterUuid + (model.modelId ? "/id/" + *model.modelId : "/name/" + model.name);
}

std::map<std::string, std::vector<std::string>> ModelDao::familySemvers(const std::vector<ModelRecord>& models) {
  // Families named by a modelId, and by a name (all of them before the schema has modelId).
  std::set<std::string> modelIds, names;
  for (const ModelRecord& model : models) {
    if (!model.versionSemver) continue;
    if (model.modelId) {
      modelIds.insert(*model.modelId);
    } else {
      names.insert(model.name);
    }
  }
  // Found by the family key's index alone: the model center (and, for names, modelId IS
  // NULL) are compared here, not in SQL. Offered those terms, a planner without statistics
  // (SQLite) takes the model center's or modelId's index and reads every model of the center,
  // or every model without a modelId.
  std::map<std::string, std::vector<std::string>> versions;
  sdk::forEachRowWithKeyIn(sql_, "SELECT modelCenterUuid, modelId, versionSemver FROM ModelVO"
                                 " WHERE versionSemver IS NOT NULL AND modelId IN ",
                           std::vector<std::string>(modelIds.begin(), modelIds.end()), "", [&](const soci::row& row) {
                             sdk::RowReader in(row);
                             const std::string center = in.requiredText();
                             const std::string modelId = in.requiredText();
                             versions[center + "/id/" + modelId].push_back(in.requiredText());
                           });
  const bool hasModelId = schema_ >= modelTable().find("modelId")->since();
  sdk::forEachRowWithKeyIn(sql_, std::string("SELECT modelCenterUuid, name, versionSemver") +
                                     (hasModelId ? ", modelId" : "") +
                                     " FROM ModelVO WHERE versionSemver IS NOT NULL AND name IN ",
                           std::vector<std::string>(names.begin(), names.end()), "", [&](const soci::row& row) {
                             sdk::RowReader in(row);
                             const std::string center = in.requiredText();
                             const std::string name = in.requiredText();
                             std::string version = in.requiredText();
                             if (hasModelId && in.text()) return;  // of a modelId family
                             versions[center + "/name/" + name].push_back(std::move(version));
                           });
  return versions;
}

}  // namespace zstack::ai
