// fuzz_query: the query language, from the query string to the SQL run on SQLite.
//
// The first byte picks one of the registry's queries (QueryModel, QueryTag, ...) and whether
// one uuid is asked for (GET <path>/{uuid}); the rest is the query string. It goes as in
// query::QueryEngine::run: http::parseQueryString, query::parseQueryRequest,
// query::checkProjection, then query::buildQuery for each SqlDialect, for the admin and for
// another account, at the host's API version and at the oldest.
//
// Bugs: a crash or sanitizer report; a refusal that does not render as JSON; SQL whose
// placeholders do not match its bindings in number and order (they bind by position), or that
// holds a quote or ';' (nothing of the request may reach the SQL text: every value is bound);
// and, on SQLite, a SELECT or COUNT that does not prepare and run on the real schema
// (sql/ migrated once into a scratch database, whose tables stay empty).
#include <cstdint>
#include <exception>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "fuzz_host.h"
#include "http/query_string.h"
#include "query/query_parser.h"
#include "query/sql_builder.h"

namespace zstack {
namespace {

constexpr char kUuid[] = "0123456789abcdef0123456789abcdef";
constexpr char kAccountUuid[] = "fedcba9876543210fedcba9876543210";
constexpr char kLikeEscape[] = " ESCAPE '\\'";

struct State {
  fuzz::HostRegistry host;
  fuzz::ScratchDir dir{"zstack-fuzz-query"};
  std::unique_ptr<db::Database> database = fuzz::openMigratedDatabase(host.registry(), dir.path());
  std::vector<const RegisteredQuery*> queries = host.registry().queries();
};

State* state = nullptr;

struct Dialect {
  SqlDialect dialect;
  const char* name;
};
constexpr Dialect kDialects[] = {{SqlDialect::SQLite, "SQLite"}, {SqlDialect::PostgreSQL, "PostgreSQL"},
                                 {SqlDialect::MySQL, "MariaDB"}};

// The placeholders bind by position: on SQLite one "?" per binding, elsewhere :p0 ... :p<n-1>
// in that order, each once; and no quote but the LIKE escape.
void checkText(const std::string& sql, std::size_t bindings, SqlDialect dialect, const std::string& what) {
  std::string unquoted = sql;
  for (std::size_t at = unquoted.find(kLikeEscape); at != std::string::npos; at = unquoted.find(kLikeEscape, at)) {
    unquoted.erase(at, sizeof(kLikeEscape) - 1);
  }
  if (unquoted.find_first_of("'\"`;") != std::string::npos) fuzz::die(what + ": a quote or ';' in the SQL: " + sql);
  std::vector<std::size_t> seen;
  for (std::size_t at = sql.find_first_of(":?"); at != std::string::npos; at = sql.find_first_of(":?", at + 1)) {
    if (sql[at] == '?') {
      if (dialect != SqlDialect::SQLite) fuzz::die(what + ": '?' in the SQL: " + sql);
      seen.push_back(seen.size());
      continue;
    }
    std::size_t end = at + 1;
    if (dialect == SqlDialect::SQLite || end >= sql.size() || sql[end] != 'p') {
      fuzz::die(what + ": a ':' that is no placeholder: " + sql);
    }
    const std::size_t digits = ++end;
    while (end < sql.size() && sql[end] >= '0' && sql[end] <= '9') ++end;
    if (end == digits) fuzz::die(what + ": a ':p' without a number: " + sql);
    seen.push_back(std::stoul(sql.substr(digits, end - digits)));
  }
  for (std::size_t n = 0; n < seen.size(); ++n) {
    if (seen[n] != n) fuzz::die(what + ": placeholder " + std::to_string(n) + " is not :p" + std::to_string(n) + ": " + sql);
  }
  if (seen.size() != bindings) {
    fuzz::die(what + ": " + std::to_string(seen.size()) + " placeholders for " + std::to_string(bindings) +
              " bindings: " + sql);
  }
}

// Prepares and runs `text` with the bindings as the query engine does.
template <typename Row>
void run(soci::session& sql, const query::Bindings& bindings, const std::string& text, const std::string& what) {
  try {
    Row row{};
    soci::statement st(sql);
    st.exchange(soci::into(row));
    bindings.bindTo(st);
    st.alloc();
    st.prepare(text);
    st.define_and_bind();
    st.execute(true);
  } catch (const std::exception& e) {
    fuzz::die(what + ": SQLite refused " + text + ": " + e.what());
  }
}

void build(const QueryDescriptor& descriptor, const query::QueryRequest& request, const std::string& uuid,
           const query::QueryScope& scope, const char* dialectName) {
  query::SqlQuery sql;
  const Status built = query::buildQuery(descriptor, request, uuid, scope, &sql);
  fuzz::checkRenders(built);
  if (!built.ok()) return;
  const std::string what = descriptor.name + " on " + dialectName;
  const std::string select = sql.selectUuids(request.limit, request.start);
  const std::string count = sql.count();
  checkText(select, sql.bindings.size(), scope.dialect, what);
  checkText(count, sql.bindings.size(), scope.dialect, what);
  if (scope.dialect != SqlDialect::SQLite) return;
  const Status status = state->database->read([&](soci::session& session) {
    run<std::string>(session, sql.bindings, select, what);
    run<long long>(session, sql.bindings, count, what);
    return Status::OK();
  });
  if (!status.ok()) fuzz::die(what + ": " + status.error().details);
}

}  // namespace
}  // namespace zstack

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  zstack::state = &zstack::fuzz::keepUntilExit<zstack::State>();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace zstack;
  if (size == 0) return 0;
  const std::size_t queries = state->queries.size();
  const QueryDescriptor& descriptor = state->queries[data[0] % queries]->descriptor;
  const std::string uuid = (data[0] / queries) % 2 ? kUuid : "";
  const std::string target = "?" + std::string(reinterpret_cast<const char*>(data) + 1, size - 1);

  http::QueryString pairs;
  const Status read = http::parseQueryString(target, &pairs);
  fuzz::checkRenders(read);
  if (!read.ok()) return 0;
  query::QueryRequest request;
  const Status parsed = query::parseQueryRequest(pairs, &request);
  fuzz::checkRenders(parsed);
  if (!parsed.ok()) return 0;
  const Caller admin{"36c27e8ff05c4780bf6d2fa65700f22e", "36c27e8ff05c4780bf6d2fa65700f22e", kUuid, true};
  const Caller account{kAccountUuid, kAccountUuid, kUuid, false};
  for (const Version& version : {state->host.apiVersion(), Version("5.1.8")}) {
    const Status projection = query::checkProjection(descriptor, request.fields, version);
    fuzz::checkRenders(projection);
    if (!projection.ok()) continue;
    for (const Caller& caller : {admin, account}) {
      for (const Dialect& dialect : kDialects) {
        build(descriptor, request, uuid, query::QueryScope{caller, version, dialect.dialect}, dialect.name);
      }
    }
  }
  return 0;
}
