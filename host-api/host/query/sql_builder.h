// A parsed query request checked against its descriptor and turned into SQL.
//
// Nothing of the request reaches the SQL text but through a checked descriptor: field names
// are looked up among the declared fields and replaced by their columns, operators come from
// a closed set, and every value is a bound parameter (a generated placeholder, each used once,
// in the SQL text in the order of the values). LIMIT and OFFSET are formatted from integers the
// parser range-checked.
#pragma once

#include <ctime>
#include <deque>
#include <string>
#include <vector>

#include "query/query_parser.h"
#include "query/query_values.h"
#include "zstack/context.h"
#include "zstack/query.h"
#include "zstack/version.h"

namespace soci {
class statement;
}

namespace zstack::query {

// Values of generated placeholders. SOCI binds references, so the values live here (deques:
// elements never move) for as long as the statements that use them.
class Bindings {
 public:
  explicit Bindings(SqlDialect dialect = SqlDialect::SQLite) : dialect_(dialect) {}
  // Keeps `value` and returns its placeholder: "?" on SQLite, ":pN" on the others (SOCI turns
  // those into the server's own). The builder puts placeholders into the SQL text in the order
  // it adds them.
  std::string add(Value value);
  // Binds every value to `statement` by position, which that order makes right. SQLite looks a
  // named placeholder up in a list as it parses, and SOCI binds names the same way: for a
  // query's thousands of values, seconds of CPU. Once per statement.
  void bindTo(soci::statement& statement) const;
  std::size_t size() const { return values_.size(); }
  // The n-th value (for tests).
  const Value& value(std::size_t n) const { return values_.at(n); }

 private:
  SqlDialect dialect_;
  std::deque<Value> values_;
};

struct SqlQuery {
  std::string table;
  std::string where;    // " WHERE ..." or empty
  std::string orderBy;  // " ORDER BY ..."; uuid is always the last key
  Bindings bindings;

  // SELECT t.uuid FROM <table> t WHERE ... ORDER BY ... LIMIT n OFFSET m
  std::string selectUuids(long long limit, long long start) const;
  // SELECT COUNT(*) FROM <table> t WHERE ...
  std::string count() const;
};

// Who asks and what the host serves.
struct QueryScope {
  Caller caller;
  Version apiVersion;  // fields newer than this are unknown
  SqlDialect dialect = SqlDialect::SQLite;
};

// Checks `request` against `query` and builds its SQL: the conditions AND-ed, the caller's
// visibility (not for admin), the order (the sort key, else uuid; uuid last), and, when
// `uuid` is not empty, only that row. SYS.1007 naming the field for: an unknown field, one
// newer than the API version (naming its version), an inventory-only field in a condition or
// sort, LIKE on a field that is not Text, a tag condition on a query without a resource
// type, and a value that does not read as the field's type.
Status buildQuery(const QueryDescriptor& query, const QueryRequest& request, const std::string& uuid,
                  const QueryScope& scope, SqlQuery* out);

// SYS.1007 unless every name of `fields` is a field of `query` at the API version
// (inventory-only fields included).
Status checkProjection(const QueryDescriptor& query, const std::vector<std::string>& fields,
                       const Version& apiVersion);

}  // namespace zstack::query
