#include "zstack/sdk/dao.h"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace zstack::sdk {

void execute(soci::statement& statement, const std::string& text) {
  statement.alloc();
  statement.prepare(text);
  statement.define_and_bind();
  statement.execute(true);
}

std::vector<std::string> uuidsWhere(soci::session& sql, const std::string& table, const std::string& column,
                                    const std::string& value) {
  std::vector<std::string> uuids;
  soci::rowset<std::string> rows =
      (sql.prepare << "SELECT uuid FROM " << table << " WHERE " << column << " = :value", soci::use(value, "value"));
  for (const std::string& uuid : rows) uuids.push_back(uuid);
  return uuids;
}

std::optional<std::size_t> RowReader::next() {
  const std::size_t index = column_++;
  if (index >= row_.size()) throw std::out_of_range("row has no column " + std::to_string(index));
  if (row_.get_indicator(index) == soci::i_null) return std::nullopt;
  return index;
}

std::optional<std::string> RowReader::text() {
  const auto index = next();
  if (!index) return std::nullopt;
  return row_.get<std::string>(*index);
}

std::optional<long long> RowReader::integer() {
  const auto index = next();
  if (!index) return std::nullopt;
  switch (row_.get_properties(*index).get_data_type()) {
    case soci::dt_integer: return row_.get<int>(*index);
    case soci::dt_long_long: return row_.get<long long>(*index);
    case soci::dt_unsigned_long_long: return static_cast<long long>(row_.get<unsigned long long>(*index));
    case soci::dt_double: return static_cast<long long>(row_.get<double>(*index));
    case soci::dt_string: return std::stoll(row_.get<std::string>(*index));
    default: throw std::runtime_error("column " + row_.get_properties(*index).get_name() + " is not an integer");
  }
}

std::optional<std::tm> RowReader::date() {
  const auto index = next();
  if (!index) return std::nullopt;
  if (row_.get_properties(*index).get_data_type() == soci::dt_date) return row_.get<std::tm>(*index);
  // SQLite declares TIMESTAMP columns as text to SOCI: "YYYY-MM-DD HH:MM:SS[.fff]" as SOCI wrote it.
  const std::string text = row_.get<std::string>(*index);
  std::tm t{};
  char separator = ' ';
  if (std::sscanf(text.c_str(), "%4d-%2d-%2d%c%2d:%2d:%2d", &t.tm_year, &t.tm_mon, &t.tm_mday, &separator, &t.tm_hour,
                  &t.tm_min, &t.tm_sec) != 7) {
    throw std::runtime_error("column " + row_.get_properties(*index).get_name() + " holds no timestamp: " + text);
  }
  t.tm_year -= 1900;
  t.tm_mon -= 1;
  return t;
}

void forEachRowWithKeyIn(soci::session& sql, const std::string& prefix, const std::vector<std::string>& keys,
                         const std::string& suffix, const std::function<void(const soci::row&)>& onRow) {
  for (std::size_t first = 0; first < keys.size(); first += kInListChunk) {
    const std::size_t end = std::min(keys.size(), first + kInListChunk);
    std::vector<std::string> names;
    std::string list;
    for (std::size_t i = first; i < end; ++i) {
      names.push_back("k" + std::to_string(i - first));
      list += (list.empty() ? ":" : ", :") + names.back();
    }
    soci::row row;
    soci::statement st(sql);
    for (std::size_t i = first; i < end; ++i) st.exchange(soci::use(keys[i], names[i - first]));
    st.exchange(soci::into(row));
    st.alloc();
    st.prepare(prefix + "(" + list + ")" + suffix);
    st.define_and_bind();
    st.execute();
    while (st.fetch()) onRow(row);
  }
}

}  // namespace zstack::sdk
