// What ModelVO and ModelServiceRefVO need beyond their tables' statements (sdk::TableDao):
// the bindings between models and model services, and the version families isLatestVersion
// compares within.
//
// Built for the schema the database has (HostContext::pluginVersion): before 5.2.1 there is
// no ModelServiceRefVO, so there are no bindings to read or remove, and binding is a bug
// (std::logic_error).
#pragma once

#include <ctime>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dao/records.h"
#include "tables.h"
#include "zstack/sdk/table_dao.h"
#include "zstack/version.h"

namespace soci {
class session;
}

namespace zstack::ai {

class ModelDao {
 public:
  // `schema`: the plugin version whose schema the database has.
  ModelDao(soci::session& sql, const Version& schema);

  sdk::TableDao<ModelRecord>& models() { return models_; }

  // Deletes the model's ModelServiceRefVO rows and its row.
  void remove(const std::string& uuid);

  void insertServiceRef(const ModelServiceRefRecord& ref);
  // The ModelServiceRefVO rows naming each of many models (or model services): each one's refs
  // that has any, oldest first (by createDate); {} before the schema has the table.
  std::map<std::string, std::vector<ModelServiceRefRecord>> serviceRefsOf(const std::vector<std::string>& modelUuids);
  std::map<std::string, std::vector<ModelServiceRefRecord>> refsOfServices(
      const std::vector<std::string>& modelServiceUuids);
  // Whether a ModelServiceRefVO row binds the pair (false before the schema has the table).
  bool isBound(const std::string& modelUuid, const std::string& modelServiceUuid);
  // Unbinds a model service from `modelUuid`, or from every model when that is empty: its
  // ModelServiceRefVO rows go, and a model whose defaultModelServiceUuid it was has none
  // afterwards (its lastOpDate becomes `now`). Only what the schema has is touched.
  void unbindService(const std::string& modelServiceUuid, const std::optional<std::string>& modelUuid,
                     const std::tm& now);

  // A model's family, which isLatestVersion compares within: the same model center and the
  // same modelId, or (when the model has none) no modelId and the same name.
  static std::string familyKey(const ModelRecord& model);
  // For the family of each of `models` that has a versionSemver: the versionSemver of every
  // model of that family that has one (the model itself included), by familyKey.
  std::map<std::string, std::vector<std::string>> familySemvers(const std::vector<ModelRecord>& models);

 private:
  bool hasRefs() const;
  // The ModelServiceRefVO rows whose `column` is one of `uuids`, by that uuid, each one's
  // oldest first, then by `otherColumn`.
  std::map<std::string, std::vector<ModelServiceRefRecord>> refsWhere(const std::string& column,
                                                                      const std::string& otherColumn,
                                                                      const std::vector<std::string>& uuids);

  soci::session& sql_;
  Version schema_;
  sdk::TableDao<ModelRecord> models_;
  sdk::TableDao<ModelServiceRefRecord> refs_;
};

}  // namespace zstack::ai
