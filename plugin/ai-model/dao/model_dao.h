// ModelVO and ModelServiceRefVO, as the schema of one plugin version has them.
//
// The plugin's schema is migrated up to the plugin version this node runs
// (HostContext::pluginVersion), so the DAO touches only the tables and columns the
// sql/ai-model scripts up to that version created: one table of ModelVO columns and the
// version that added each drives every statement.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dao/records.h"
#include "zstack/error.h"
#include "zstack/version.h"

namespace soci {
class session;
}

namespace zstack::ai {

// V5.2.1__model_service_refs.sql
inline const Version kModelServiceRefsSince{"5.2.1"};

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

  // Refuses (SYS.1000) a record with a value for a column the schema does not have yet.
  Status insert(const ModelRecord& record);
  // Columns the schema does not have are read as empty.
  std::optional<ModelRecord> find(const std::string& uuid);
  // The models among `uuids` that exist, in no particular order.
  std::vector<ModelRecord> findMany(const std::vector<std::string>& uuids);

  // Refused (SYS.1000) before the schema has ModelServiceRefVO.
  Status insertServiceRef(const ModelServiceRefRecord& ref);
  // [] before the schema has ModelServiceRefVO.
  std::vector<ModelServiceRefRecord> serviceRefs(const std::string& modelUuid);
  // The refs of each of `modelUuids` that has any, each model's in serviceRefs' order.
  std::map<std::string, std::vector<ModelServiceRefRecord>> serviceRefsOf(const std::vector<std::string>& modelUuids);

  // A model's family, which isLatestVersion compares within: the same model center and the
  // same modelId, or (when the model has none) no modelId and the same name.
  static std::string familyKey(const ModelRecord& model);
  // For the family of each of `models` that has a versionSemver: the versionSemver of every
  // model of that family that has one (the model itself included), by familyKey.
  std::map<std::string, std::vector<std::string>> familySemvers(const std::vector<ModelRecord>& models);

 private:
  soci::session& sql_;
  Version schema_;
};

}  // namespace zstack::ai
