#include "query/query_engine.h"

#include <algorithm>

#include <soci/soci.h>

#include "query/query_parser.h"
#include "query/sql_builder.h"

namespace zstack::query {
namespace {

using nlohmann::json;

constexpr std::size_t kFetchBatch = 256;

bool isZStackUuid(const std::string& text) {
  return text.size() == 32 &&
         std::all_of(text.begin(), text.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// Prepares `text` with every value of `bindings` bound by name.
void prepare(soci::statement& st, const Bindings& bindings, const std::string& text) {
  bindings.bindTo(st);
  st.alloc();
  st.prepare(text);
  st.define_and_bind();
}

std::vector<std::string> selectUuids(soci::session& sql, const SqlQuery& query, long long limit, long long start) {
  std::vector<std::string> uuids;
  std::vector<std::string> batch(kFetchBatch);
  soci::statement st(sql);
  st.exchange(soci::into(batch));
  prepare(st, query.bindings, query.selectUuids(limit, start));
  st.execute();
  while (st.fetch()) {
    uuids.insert(uuids.end(), batch.begin(), batch.end());
    batch.resize(kFetchBatch);
  }
  return uuids;
}

long long countRows(soci::session& sql, const SqlQuery& query) {
  long long total = 0;
  soci::statement st(sql);
  st.exchange(soci::into(total));
  prepare(st, query.bindings, query.count());
  st.execute(true);
  return total;
}

json project(json inventory, const std::vector<std::string>& fields) {
  json projected = json::object();
  for (const std::string& field : fields) {
    if (auto it = inventory.find(field); it != inventory.end()) projected[field] = std::move(*it);
  }
  return projected;
}

}  // namespace

QueryEngine::QueryEngine(db::Database& database, Version apiVersion)
    : database_(database), apiVersion_(std::move(apiVersion)) {}

Status QueryEngine::run(const RegisteredQuery& query, const Caller& caller, const std::string& uuid,
                        const http::QueryString& parameters, nlohmann::json* reply) {
  const QueryDescriptor& descriptor = query.descriptor;
  QueryRequest request;
  if (uuid.empty()) {
    if (Status s = parseQueryRequest(parameters, &request); !s.ok()) return s;
    if (Status s = checkProjection(descriptor, request.fields, apiVersion_); !s.ok()) return s;
  } else if (!isZStackUuid(uuid)) {
    // No resource has such a uuid (ZStack answers the same way).
    *reply = json{{"inventories", json::array()}};
    return Status::OK();
  }
  SqlQuery sql;
  const QueryScope scope{caller, apiVersion_, database_.dialect()};
  if (Status s = buildQuery(descriptor, request, uuid, scope, &sql); !s.ok()) return s;

  std::optional<long long> total;
  std::vector<json> inventories;
  Status status = database_.read([&](soci::session& session) {
    if (request.count || request.replyWithCount) total = countRows(session, sql);
    if (request.count) return Status::OK();
    const std::vector<std::string> uuids = selectUuids(session, sql, request.limit, request.start);
    if (uuids.empty()) return Status::OK();
    return descriptor.load(session, uuids, &inventories);
  });
  if (!status.ok()) return status;

  if (request.count) {
    *reply = json{{"total", *total}};
    return Status::OK();
  }
  json list = json::array();
  for (json& inventory : inventories) {
    list.push_back(request.fields.empty() ? std::move(inventory) : project(std::move(inventory), request.fields));
  }
  *reply = json{{"inventories", std::move(list)}};
  if (total) (*reply)["total"] = *total;
  return Status::OK();
}

}  // namespace zstack::query
