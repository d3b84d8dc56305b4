// Moving values in and out of SOCI the same way in every plugin: nullable binds, a row reader
// that copes with each backend, and IN lists in chunks. Stateless; each call uses only the
// session it is given (one thread at a time, as SOCI sessions require).
//
// Writing: a NullableUse holds a value and its indicator as named lvalues that live until the
// statement runs (SOCI binds references). Reading: a RowReader walks a row's columns in SELECT
// order, so it never depends on how a backend spells column names (PostgreSQL folds them to
// lower case), and accepts whichever integer type the backend reports and TIMESTAMPs that
// SQLite reports as text.
#pragma once

#include <cstddef>
#include <ctime>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

namespace zstack::sdk {

template <typename T>
struct NullableUse {
  explicit NullableUse(const std::optional<T>& source)
      : value(source.value_or(T{})), indicator(source ? soci::i_ok : soci::i_null) {}
  T value;
  soci::indicator indicator;
};

// soci::use for a NullableUse: `use(bound, "name")`.
template <typename T>
auto use(NullableUse<T>& bound, const std::string& name) {
  return soci::use(bound.value, bound.indicator, name);
}

// Runs `text` on a statement whose uses were exchanged one by one (for statements whose columns
// are chosen at run time).
void execute(soci::statement& statement, const std::string& text);

// The uuid of every row of `table` whose `column` equals `value`. `table` and `column` are the
// caller's literals, never request text.
std::vector<std::string> uuidsWhere(soci::session& sql, const std::string& table, const std::string& column,
                                    const std::string& value);

class RowReader {
 public:
  explicit RowReader(const soci::row& row) : row_(row) {}

  std::optional<std::string> text();
  std::optional<long long> integer();
  std::optional<std::tm> date();

  // Columns declared NOT NULL; a NULL reads as the empty value.
  std::string requiredText() { return text().value_or(std::string()); }
  long long requiredInteger() { return integer().value_or(0); }
  std::tm requiredDate() { return date().value_or(std::tm{}); }

 private:
  // The next column's index, or empty when its value is NULL (the index advances either way).
  std::optional<std::size_t> next();

  const soci::row& row_;
  std::size_t column_ = 0;
};

// The most keys one IN list binds: SQLite before 3.32 took at most 999 parameters.
inline constexpr std::size_t kInListChunk = 500;

// Runs `prefix` + "(:k0, :k1, ...)" + `suffix` for `keys`, at most kInListChunk at a time,
// every key a bound parameter, and hands each row to `onRow` (in no particular order across
// chunks). Reads many rows in a few statements instead of one statement per key.
void forEachRowWithKeyIn(soci::session& sql, const std::string& prefix, const std::vector<std::string>& keys,
                         const std::string& suffix, const std::function<void(const soci::row&)>& onRow);

}  // namespace zstack::sdk
