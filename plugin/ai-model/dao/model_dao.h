// ModelVO and ModelServiceRefVO, as the schema of one plugin version has them.
//
// The plugin's schema is migrated up to the plugin version this node runs
// (HostContext::pluginVersion), so the DAO touches only the tables and columns the
// sql/ai-model scripts up to that version created: one table of ModelVO columns and the
// version that added each drives every statement.
#pragma once

#include <ctime>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dao/records.h"
#include "releases.h"
#include "zstack/version.h"

namespace soci {
class session;
}

namespace zstack::ai {

// V5.2.1__model_service_refs.sql
inline const Version& kModelServiceRefsSince = kV521;

struct ModelColumnSince {
  std::string name;
  Version since;  // the plugin version whose script added the column
};
// ModelVO's columns in table order (the base table's, then each ADD COLUMN's).
std::vector<ModelColumnSince> modelColumnHistory();
// The ModelVO columns that exist at `schema`, in table order.
std::vector<std::string> modelColumns(const Version& schema);

class ModelDao {
 public:
  // `schema`: the plugin version whose schema the database has.
  ModelDao(soci::session& sql, const Version& schema) : sql_(sql), schema_(schema) {}

  // Throws std::logic_error for a record with a value for a column the schema does not have yet.
  void insert(const ModelRecord& record);
  // Columns the schema does not have are read as empty.
  std::optional<ModelRecord> find(const std::string& uuid);
  // The models among `uuids` that exist, in no particular order.
  std::vector<ModelRecord> findMany(const std::vector<std::string>& uuids);
  // Writes the named `columns` of `record` and its lastOpDate to the row of record.uuid; the
  // other columns stay as they are. Throws std::logic_error for a name that is no ModelVO column
  // (or is uuid or lastOpDate) and for a column the schema does not have yet.
  void update(const ModelRecord& record, const std::vector<std::string>& columns);
  // Deletes the model's row and its ModelServiceRefVO rows.
  void remove(const std::string& uuid);
  // The uuids of the models of a model center.
  std::vector<std::string> uuidsInCenter(const std::string& modelCenterUuid);

  // Throws std::logic_error before the schema has ModelServiceRefVO.
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
  // The ModelServiceRefVO rows whose `column` is one of `uuids`, by that uuid, each one's
  // oldest first, then by `otherColumn`.
  std::map<std::string, std::vector<ModelServiceRefRecord>> refsWhere(const char* column, const char* otherColumn,
                                                                      const std::vector<std::string>& uuids);

  soci::session& sql_;
  Version schema_;
};

}  // namespace zstack::ai
