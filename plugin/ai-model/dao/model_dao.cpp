#include "dao/model_dao.h"

#include <deque>
#include <set>
#include <stdexcept>
#include <variant>

#include "dao/sql_values.h"
#include "releases.h"

namespace zstack::ai {
namespace {

// The ModelRecord field a column maps to; its type says how it is bound and read.
using Field = std::variant<std::string ModelRecord::*, OptText ModelRecord::*, long long ModelRecord::*,
                           OptLong ModelRecord::*, std::optional<int> ModelRecord::*, std::tm ModelRecord::*>;

struct ModelColumn {
  const char* name;
  Version since;
  Field field;
};

// ModelVO as the sql/ai-model scripts build it, in table order.
const std::vector<ModelColumn>& columnTable() {
  static const std::vector<ModelColumn> kColumns = {
      // V5.1.8__base.sql
      {"uuid", kV518, &ModelRecord::uuid},
      {"name", kV518, &ModelRecord::name},
      {"description", kV518, &ModelRecord::description},
      {"installPath", kV518, &ModelRecord::installPath},
      {"parameters", kV518, &ModelRecord::parameters},
      {"modelCenterUuid", kV518, &ModelRecord::modelCenterUuid},
      {"logo", kV518, &ModelRecord::logo},
      {"vendor", kV518, &ModelRecord::vendor},
      {"introduction", kV518, &ModelRecord::introduction},
      {"size", kV518, &ModelRecord::size},
      {"version", kV518, &ModelRecord::version},
      {"token", kV518, &ModelRecord::token},
      {"type", kV518, &ModelRecord::type},
      {"minGpuMemory", kV518, &ModelRecord::minGpuMemory},
      {"recommendedGpuMemory", kV518, &ModelRecord::recommendedGpuMemory},
      {"extraGpuMemRequest", kV518, &ModelRecord::extraGpuMemRequest},
      {"versionSemver", kV518, &ModelRecord::versionSemver},
      {"artifactChecksum", kV518, &ModelRecord::artifactChecksum},
      {"artifactSizeBytes", kV518, &ModelRecord::artifactSizeBytes},
      {"architectureType", kV518, &ModelRecord::architectureType},
      {"frameworkVersion", kV518, &ModelRecord::frameworkVersion},
      {"requiredAccelerator", kV518, &ModelRecord::requiredAccelerator},
      {"pipelineTag", kV518, &ModelRecord::pipelineTag},
      {"sampleSize", kV518, &ModelRecord::sampleSize},
      {"createDate", kV518, static_cast<std::tm ModelRecord::*>(&ModelRecord::createDate)},
      {"lastOpDate", kV518, static_cast<std::tm ModelRecord::*>(&ModelRecord::lastOpDate)},
      // V5.4.6__gpu_fields.sql
      {"recommendedGpuNum", kV546, &ModelRecord::recommendedGpuNum},
      {"gpuConstraintDescription", kV546, &ModelRecord::gpuConstraintDescription},
      // V5.5.6__model_id.sql
      {"modelId", kV556, &ModelRecord::modelId},
      // V5.5.12__share_mode.sql
      {"shareMode", kV5512, &ModelRecord::shareMode},
      // V5.5.22__default_model_service.sql
      {"defaultModelServiceUuid", kV5522, &ModelRecord::defaultModelServiceUuid},
  };
  return kColumns;
}

const ModelColumn* findColumn(const std::string& name) {
  for (const ModelColumn& column : columnTable()) {
    if (name == column.name) return &column;
  }
  return nullptr;
}

// A value for a column newer than the schema: the host should have refused the parameter that
// carries it, so reaching this is a bug, not a request error.
[[noreturn]] void refuseNewerColumn(const ModelColumn& column, const Version& schema) {
  throw std::logic_error(std::string("ModelVO.") + column.name + " needs the ai-model " + column.since.str() +
                         " schema; this node runs ai-model " + schema.str());
}

std::string joined(const std::vector<std::string>& names, const char* prefix) {
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : ", ") + std::string(prefix) + name;
  return out;
}

// Whether the record has a value for the column (required columns always have one).
bool hasValue(const ModelRecord& r, const Field& field) {
  return std::visit(
      [&](auto member) {
        using T = std::decay_t<decltype(r.*member)>;
        if constexpr (std::is_same_v<T, OptText> || std::is_same_v<T, OptLong> ||
                      std::is_same_v<T, std::optional<int>>) {
          return (r.*member).has_value();
        } else {
          return true;
        }
      },
      field);
}

// Binds a record's columns by name to one statement and keeps the nullable values alive
// until it has run (SOCI binds references).
class Bindings {
 public:
  Bindings(soci::statement& st, const ModelRecord& r) : st_(st), r_(r) {}

  void bind(const ModelColumn& column) {
    std::visit([&](auto member) { bindValue(column.name, r_.*member); }, column.field);
  }

 private:
  template <typename T>
  void bindValue(const char* name, const T& value) {
    st_.exchange(soci::use(value, name));
  }
  template <typename T>
  void bindValue(const char* name, const std::optional<T>& value) {
    auto& held = nullable<T>().emplace_back(value);
    st_.exchange(dao::use(held, name));
  }
  template <typename T>
  std::deque<dao::NullableUse<T>>& nullable() {
    if constexpr (std::is_same_v<T, std::string>) {
      return texts_;
    } else if constexpr (std::is_same_v<T, long long>) {
      return longs_;
    } else {
      return ints_;
    }
  }

  soci::statement& st_;
  const ModelRecord& r_;
  std::deque<dao::NullableUse<std::string>> texts_;  // a deque: elements never move
  std::deque<dao::NullableUse<long long>> longs_;
  std::deque<dao::NullableUse<int>> ints_;
};

void readValue(dao::RowReader& in, std::string& out) { out = in.requiredText(); }
void readValue(dao::RowReader& in, OptText& out) { out = in.text(); }
void readValue(dao::RowReader& in, long long& out) { out = in.integer().value_or(0); }
void readValue(dao::RowReader& in, OptLong& out) { out = in.integer(); }
void readValue(dao::RowReader& in, std::optional<int>& out) {
  const OptLong value = in.integer();
  out = value ? std::optional<int>(static_cast<int>(*value)) : std::nullopt;
}
void readValue(dao::RowReader& in, std::tm& out) { out = in.requiredDate(); }

constexpr const char* kRefColumns = "uuid, modelUuid, modelServiceUuid, createDate, lastOpDate";

ModelServiceRefRecord readRef(const soci::row& row) {
  dao::RowReader in(row);
  ModelServiceRefRecord r;
  r.uuid = in.requiredText();
  r.modelUuid = in.requiredText();
  r.modelServiceUuid = in.requiredText();
  r.createDate = in.requiredDate();
  r.lastOpDate = in.requiredDate();
  return r;
}

}  // namespace

std::vector<ModelColumnSince> modelColumnHistory() {
  std::vector<ModelColumnSince> history;
  for (const ModelColumn& column : columnTable()) history.push_back({column.name, column.since});
  return history;
}

std::vector<std::string> modelColumns(const Version& schema) {
  std::vector<std::string> names;
  for (const ModelColumn& column : columnTable()) {
    if (column.since <= schema) names.push_back(column.name);
  }
  return names;
}

void ModelDao::insert(const ModelRecord& r) {
  soci::statement st(sql_);
  Bindings bindings(st, r);
  std::vector<std::string> names;
  for (const ModelColumn& column : columnTable()) {
    if (column.since <= schema_) {
      names.push_back(column.name);
      bindings.bind(column);
    } else if (hasValue(r, column.field)) {
      refuseNewerColumn(column, schema_);
    }
  }
  dao::execute(st, "INSERT INTO ModelVO (" + joined(names, "") + ") VALUES (" + joined(names, ":") + ")");
}

std::optional<ModelRecord> ModelDao::find(const std::string& uuid) {
  std::vector<ModelRecord> found = findMany({uuid});
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

std::vector<ModelRecord> ModelDao::findMany(const std::vector<std::string>& uuids) {
  std::vector<ModelRecord> found;
  dao::forEachRowWithKeyIn(sql_, "SELECT " + joined(modelColumns(schema_), "") + " FROM ModelVO WHERE uuid IN ", uuids,
                           "", [&](const soci::row& row) {
                             dao::RowReader in(row);
                             ModelRecord& r = found.emplace_back();
                             for (const ModelColumn& column : columnTable()) {
                               if (column.since > schema_) continue;
                               std::visit([&](auto member) { readValue(in, r.*member); }, column.field);
                             }
                           });
  return found;
}

void ModelDao::update(const ModelRecord& r, const std::vector<std::string>& columns) {
  soci::statement st(sql_);
  Bindings bindings(st, r);
  std::string assignments;
  for (const std::string& name : columns) {
    const ModelColumn* column = findColumn(name);
    if (!column || name == "uuid" || name == "lastOpDate") {
      throw std::logic_error("ModelVO has no column " + name + " to update");
    }
    if (column->since > schema_) refuseNewerColumn(*column, schema_);
    assignments += name + " = :" + name + ", ";
    bindings.bind(*column);
  }
  bindings.bind(*findColumn("lastOpDate"));
  st.exchange(soci::use(r.uuid, "uuid"));
  dao::execute(st, "UPDATE ModelVO SET " + assignments + "lastOpDate = :lastOpDate WHERE uuid = :uuid");
}

void ModelDao::remove(const std::string& uuid) {
  if (schema_ >= kModelServiceRefsSince) {
    sql_ << "DELETE FROM ModelServiceRefVO WHERE modelUuid = :uuid", soci::use(uuid, "uuid");
  }
  sql_ << "DELETE FROM ModelVO WHERE uuid = :uuid", soci::use(uuid, "uuid");
}

std::vector<std::string> ModelDao::uuidsInCenter(const std::string& modelCenterUuid) {
  return dao::uuidsWhere(sql_, "ModelVO", "modelCenterUuid", modelCenterUuid);
}

void ModelDao::insertServiceRef(const ModelServiceRefRecord& r) {
  if (schema_ < kModelServiceRefsSince) {
    throw std::logic_error("ModelServiceRefVO needs the ai-model " + kModelServiceRefsSince.str() +
                         " schema; this node runs ai-model " + schema_.str());
  }
  sql_ << "INSERT INTO ModelServiceRefVO (" << kRefColumns
       << ") VALUES (:uuid, :modelUuid, :modelServiceUuid, :createDate, :lastOpDate)",
      soci::use(r.uuid, "uuid"), soci::use(r.modelUuid, "modelUuid"),
      soci::use(r.modelServiceUuid, "modelServiceUuid"), soci::use(r.createDate, "createDate"),
      soci::use(r.lastOpDate, "lastOpDate");
}

std::map<std::string, std::vector<ModelServiceRefRecord>> ModelDao::serviceRefsOf(
    const std::vector<std::string>& modelUuids) {
  return refsWhere("modelUuid", "modelServiceUuid", modelUuids);
}

std::map<std::string, std::vector<ModelServiceRefRecord>> ModelDao::refsOfServices(
    const std::vector<std::string>& modelServiceUuids) {
  return refsWhere("modelServiceUuid", "modelUuid", modelServiceUuids);
}

std::map<std::string, std::vector<ModelServiceRefRecord>> ModelDao::refsWhere(const char* column,
                                                                              const char* otherColumn,
                                                                              const std::vector<std::string>& uuids) {
  std::map<std::string, std::vector<ModelServiceRefRecord>> refs;
  if (schema_ < kModelServiceRefsSince) return refs;
  // Ordered within each chunk; a chunk holds all rows of its uuids, so each uuid's stay in order.
  const bool byModel = std::string(column) == "modelUuid";
  dao::forEachRowWithKeyIn(sql_, std::string("SELECT ") + kRefColumns + " FROM ModelServiceRefVO WHERE " + column +
                                     " IN ",
                           uuids, std::string(" ORDER BY createDate, ") + otherColumn, [&](const soci::row& row) {
                             ModelServiceRefRecord ref = readRef(row);
                             std::string key = byModel ? ref.modelUuid : ref.modelServiceUuid;
                             refs[key].push_back(std::move(ref));
                           });
  return refs;
}

bool ModelDao::isBound(const std::string& modelUuid, const std::string& modelServiceUuid) {
  if (schema_ < kModelServiceRefsSince) return false;
  int count = 0;
  sql_ << "SELECT COUNT(*) FROM ModelServiceRefVO WHERE modelUuid = :model AND modelServiceUuid = :service",
      soci::use(modelUuid, "model"), soci::use(modelServiceUuid, "service"), soci::into(count);
  return count > 0;
}

void ModelDao::unbindService(const std::string& modelServiceUuid, const std::optional<std::string>& modelUuid,
                             const std::tm& now) {
  if (schema_ >= kModelServiceRefsSince) {
    soci::statement st(sql_);
    st.exchange(soci::use(modelServiceUuid, "service"));
    if (modelUuid) st.exchange(soci::use(*modelUuid, "model"));
    dao::execute(st, std::string("DELETE FROM ModelServiceRefVO WHERE modelServiceUuid = :service") +
                         (modelUuid ? " AND modelUuid = :model" : ""));
  }
  if (schema_ >= kV5522) {
    soci::statement st(sql_);
    st.exchange(soci::use(now, "now"));
    st.exchange(soci::use(modelServiceUuid, "service"));
    if (modelUuid) st.exchange(soci::use(*modelUuid, "model"));
    dao::execute(st, std::string("UPDATE ModelVO SET defaultModelServiceUuid = NULL, lastOpDate = :now"
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
  dao::forEachRowWithKeyIn(sql_, "SELECT modelCenterUuid, modelId, versionSemver FROM ModelVO"
                                 " WHERE versionSemver IS NOT NULL AND modelId IN ",
                           std::vector<std::string>(modelIds.begin(), modelIds.end()), "", [&](const soci::row& row) {
                             dao::RowReader in(row);
                             const std::string center = in.requiredText();
                             const std::string modelId = in.requiredText();
                             versions[center + "/id/" + modelId].push_back(in.requiredText());
                           });
  const bool hasModelId = schema_ >= kV556;
  dao::forEachRowWithKeyIn(sql_, std::string("SELECT modelCenterUuid, name, versionSemver") +
                                     (hasModelId ? ", modelId" : "") +
                                     " FROM ModelVO WHERE versionSemver IS NOT NULL AND name IN ",
                           std::vector<std::string>(names.begin(), names.end()), "", [&](const soci::row& row) {
                             dao::RowReader in(row);
                             const std::string center = in.requiredText();
                             const std::string name = in.requiredText();
                             std::string version = in.requiredText();
                             if (hasModelId && in.text()) return;  // of a modelId family
                             versions[center + "/name/" + name].push_back(std::move(version));
                           });
  return versions;
}

}  // namespace zstack::ai
