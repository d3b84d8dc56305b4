// The statements of one resource table, made from its ResourceTable (sdk/resource_table.h).
//
// A TableDao is built for the schema the database has (the plugin version whose scripts ran,
// HostContext::pluginVersion), and touches only the columns that schema has: a column added
// by a later release is neither written nor read (it reads as empty). A value for such a
// column, or a column the table lacks, is a bug and throws std::logic_error (DAOs throw; flows
// return Status; the host translates: docs/plugin-guide.md). Database errors propagate as
// soci::soci_error. A TableDao lives for one call, on that call's session.
#pragma once

#include <deque>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>
#include <soci/soci.h>

#include "zstack/sdk/dao.h"
#include "zstack/sdk/resource_table.h"
#include "zstack/version.h"

namespace zstack::sdk {

// `records` rendered in the order of `uuids`, those of uuids with no record left out (a query's
// loader and an inventory flow answer in the order they were asked).
template <class R, class Render>
std::vector<nlohmann::json> inOrder(const std::vector<std::string>& uuids, std::vector<R> records, Render render) {
  std::map<std::string, const R*> byUuid;
  for (const R& record : records) byUuid[record.uuid] = &record;
  std::vector<nlohmann::json> out;
  for (const std::string& uuid : uuids) {
    if (auto it = byUuid.find(uuid); it != byUuid.end()) out.push_back(render(*it->second));
  }
  return out;
}

template <class R>
class TableDao {
 public:
  TableDao(soci::session& sql, const ResourceTable<R>& table, Version schema)
      : sql_(sql), table_(table), schema_(std::move(schema)) {}

  void insert(const R& record) {
    soci::statement st(sql_);
    Bindings bindings(st, record);
    std::string names, placeholders;
    for (const Field<R>& field : table_.fields()) {
      if (field.since() > schema_) {
        if (hasValue(record, field)) refuseNewer(field);
        continue;
      }
      names += (names.empty() ? "" : ", ") + field.column();
      placeholders += (placeholders.empty() ? ":" : ", :") + field.column();
      bindings.bind(field);
    }
    execute(st, "INSERT INTO " + table_.name() + " (" + names + ") VALUES (" + placeholders + ")");
  }

  // The rows among `uuids` that exist, in no particular order.
  std::vector<R> findMany(const std::vector<std::string>& uuids) { return findWhereIn("uuid", uuids, ""); }
  std::optional<R> find(const std::string& uuid) {
    std::vector<R> found = findMany({uuid});
    if (found.empty()) return std::nullopt;
    return std::move(found.front());
  }
  // The rows whose `column` is one of `keys` (IN lists of sdk::kInListChunk), each chunk's in
  // the order `suffix` gives ("ORDER BY ..." or "").
  std::vector<R> findWhereIn(const std::string& column, const std::vector<std::string>& keys,
                             const std::string& suffix) {
    std::vector<R> found;
    std::string select;
    for (const Field<R>* field : table_.columnsAt(schema_)) select += (select.empty() ? "" : ", ") + field->column();
    forEachRowWithKeyIn(sql_, "SELECT " + select + " FROM " + table_.name() + " WHERE " + existing(column) + " IN ",
                        keys, suffix, [&](const soci::row& row) {
                          RowReader in(row);
                          R& record = found.emplace_back();
                          for (const Field<R>* field : table_.columnsAt(schema_)) {
                            std::visit([&](auto member) { read(in, record.*member); }, field->member());
                          }
                        });
    return found;
  }
  // The table's inventories (ResourceTable::inventory) of the rows among `uuids`, in their
  // order; and of one row, empty when there is none.
  std::vector<nlohmann::json> inventories(const std::vector<std::string>& uuids) {
    return inOrder(uuids, findMany(uuids), [this](const R& record) { return table_.inventory(record); });
  }
  std::optional<nlohmann::json> inventory(const std::string& uuid) {
    std::vector<nlohmann::json> found = inventories({uuid});
    if (found.empty()) return std::nullopt;
    return std::move(found.front());
  }
  // The uuids of the rows whose `column` equals `value`.
  std::vector<std::string> uuidsWhere(const std::string& column, const std::string& value) {
    return sdk::uuidsWhere(sql_, table_.name(), existing(column), value);
  }

  // Writes `columns` of `record` and its lastOpDate to the row of record.uuid, in one
  // statement: concurrent updates of other columns stay.
  void update(const R& record, const std::vector<std::string>& columns) {
    soci::statement st(sql_);
    Bindings bindings(st, record);
    std::string assignments;
    for (const std::string& name : columns) {
      if (name == "uuid" || name == "createDate" || name == "lastOpDate") {
        throw std::logic_error(table_.name() + "." + name + " is not for an update to set");
      }
      const Field<R>& field = *table_.find(existing(name));
      assignments += name + " = :" + name + ", ";
      bindings.bind(field);
    }
    bindings.bind(*table_.find("lastOpDate"));
    st.exchange(soci::use(record.uuid, "uuid"));
    execute(st, "UPDATE " + table_.name() + " SET " + assignments + "lastOpDate = :lastOpDate WHERE uuid = :uuid");
  }

  void remove(const std::string& uuid) {
    sql_ << "DELETE FROM " << table_.name() << " WHERE uuid = :uuid", soci::use(uuid, "uuid");
  }
  // Deletes the rows whose `column` equals `value`.
  void removeWhere(const std::string& column, const std::string& value) {
    sql_ << "DELETE FROM " << table_.name() << " WHERE " << existing(column) << " = :value", soci::use(value, "value");
  }

 private:
  // `column`, when the table has it at this schema; throws std::logic_error otherwise.
  const std::string& existing(const std::string& column) const {
    const Field<R>* field = table_.find(column);
    if (!field) throw std::logic_error(table_.name() + " has no column " + column);
    if (field->since() > schema_) refuseNewer(*field);
    return field->column();
  }
  [[noreturn]] void refuseNewer(const Field<R>& field) const {
    throw std::logic_error(table_.name() + "." + field.column() + " needs the " + field.since().str() +
                           " schema; the database has the " + schema_.str() + " one");
  }

  // Whether the record holds a value of its own for the field: a std::optional that is set, or
  // a plain member other than the field's default, which a create fills in when the call gives
  // none (a schema older than the field goes without it).
  static bool hasValue(const R& record, const Field<R>& field) {
    return std::visit(
        [&](auto member) {
          using T = std::remove_cv_t<std::remove_reference_t<decltype(record.*member)>>;
          if constexpr (IsOptional<T>::value) {
            return (record.*member).has_value();
          } else if constexpr (std::is_same_v<T, std::tm>) {
            return true;
          } else {
            return !field.defaultValue() || nlohmann::json(record.*member) != *field.defaultValue();
          }
        },
        field.member());
  }

  static void read(RowReader& in, std::string& out) { out = in.requiredText(); }
  static void read(RowReader& in, std::optional<std::string>& out) { out = in.text(); }
  static void read(RowReader& in, long long& out) { out = in.requiredInteger(); }
  static void read(RowReader& in, std::optional<long long>& out) { out = in.integer(); }
  static void read(RowReader& in, int& out) { out = static_cast<int>(in.requiredInteger()); }
  static void read(RowReader& in, std::optional<int>& out) {
    const std::optional<long long> value = in.integer();
    out = value ? std::optional<int>(static_cast<int>(*value)) : std::nullopt;
  }
  static void read(RowReader& in, bool& out) { out = in.requiredInteger() != 0; }
  static void read(RowReader& in, std::tm& out) { out = in.requiredDate(); }

  template <typename T>
  struct IsOptional : std::false_type {};
  template <typename T>
  struct IsOptional<std::optional<T>> : std::true_type {};

  // Binds a record's fields by column name to one statement, and keeps the nullable values
  // alive until it has run (SOCI binds references).
  class Bindings {
   public:
    Bindings(soci::statement& st, const R& record) : st_(st), record_(record) {}
    void bind(const Field<R>& field) {
      std::visit([&](auto member) { bindValue(field.column(), record_.*member); }, field.member());
    }

   private:
    template <typename T>
    void bindValue(const std::string& name, const T& value) {
      st_.exchange(soci::use(value, name));
    }
    // Booleans are stored as 0 and 1 (SMALLINT): SOCI 4.0 binds no bool.
    void bindValue(const std::string& name, const bool& value) {
      st_.exchange(soci::use(booleans_.emplace_back(value ? 1 : 0), name));
    }
    template <typename T>
    void bindValue(const std::string& name, const std::optional<T>& value) {
      auto& held = nullable<T>().emplace_back(value);
      st_.exchange(sdk::use(held, name));
    }
    template <typename T>
    std::deque<NullableUse<T>>& nullable() {
      if constexpr (std::is_same_v<T, std::string>) {
        return texts_;
      } else if constexpr (std::is_same_v<T, long long>) {
        return longs_;
      } else {
        return ints_;
      }
    }

    soci::statement& st_;
    const R& record_;
    std::deque<NullableUse<std::string>> texts_;  // a deque: elements never move
    std::deque<NullableUse<long long>> longs_;
    std::deque<NullableUse<int>> ints_;
    std::deque<int> booleans_;
  };

  soci::session& sql_;
  const ResourceTable<R>& table_;
  Version schema_;
};

}  // namespace zstack::sdk
