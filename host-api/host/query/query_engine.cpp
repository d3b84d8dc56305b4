#include "query/query_engine.h"

#include <algorithm>
#include <optional>

#include <soci/soci.h>

#include "common/schema_map.h"
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

Status tooLarge(std::size_t maxAnswerBytes) {
  return invalidArgument("the answer would be larger than " + std::to_string(maxAnswerBytes) +
                         " bytes (host.limits.maxAnswerBytes): ask for fewer rows (limit, start) or fewer fields "
                         "(fields=uuid,name)");
}

}  // namespace

QueryEngine::QueryEngine(db::Database& database, Version apiVersion, std::size_t maxAnswerBytes)
    : database_(database), apiVersion_(std::move(apiVersion)), maxAnswerBytes_(maxAnswerBytes) {}

Status QueryEngine::run(const RegisteredQuery& query, const Caller& caller, const std::string& uuid,
                        const http::QueryString& parameters, std::string* answer) {
  const QueryDescriptor& descriptor = query.descriptor;
  QueryRequest request;
  if (uuid.empty()) {
    if (Status s = parseQueryRequest(parameters, &request); !s.ok()) return s;
    if (Status s = checkProjection(descriptor, request.fields, apiVersion_); !s.ok()) return s;
  } else if (!isZStackUuid(uuid)) {
    // No resource has such a uuid (ZStack answers the same way).
    *answer = R"({"inventories":[],"schema":{}})";
    return Status::OK();
  }
  SqlQuery sql;
  const QueryScope scope{caller, apiVersion_, database_.dialect()};
  if (Status s = buildQuery(descriptor, request, uuid, scope, &sql); !s.ok()) return s;

  // {"inventories":[...],"schema":{...},"total":N}, as nlohmann orders the keys of ZStack's reply.
  std::string out = R"({"inventories":[)";
  std::optional<long long> total;
  SchemaMapBuilder schema;
  std::size_t index = 0;
  Status status = database_.query([&](soci::session& session) {
    if (request.count || request.replyWithCount) total = countRows(session, sql);
    if (request.count) return Status::OK();
    const std::vector<std::string> uuids = selectUuids(session, sql, request.limit, request.start);
    bool first = true;
    for (std::size_t from = 0; from < uuids.size(); from += kLoadBatch) {
      const std::vector<std::string> batch(uuids.begin() + static_cast<std::ptrdiff_t>(from),
                                           uuids.begin() + static_cast<std::ptrdiff_t>(std::min(uuids.size(), from + kLoadBatch)));
      std::vector<json> inventories;
      if (Status s = descriptor.load(session, batch, &inventories); !s.ok()) return s;
      for (json& inventory : inventories) {
        if (!request.fields.empty()) inventory = project(std::move(inventory), request.fields);
        schema.add("inventories[" + std::to_string(index++) + "]", inventory, descriptor.inventoryClass);
        const std::string text = inventory.dump(-1, ' ', false, json::error_handler_t::replace);
        inventory = json();
        const std::size_t size = out.size() + 1 + text.size();
        if (size > maxAnswerBytes_) return tooLarge(maxAnswerBytes_);
        // Grown by hand: doubling past the cap would hold twice what an answer may.
        if (size > out.capacity()) out.reserve(std::min(maxAnswerBytes_, std::max(size, 2 * out.capacity())));
        if (!first) out += ',';
        first = false;
        out += text;
      }
    }
    return Status::OK();
  });
  if (!status.ok()) return status;

  if (request.count) {
    *answer = R"({"schema":{},"total":)" + std::to_string(*total) + "}";
    return Status::OK();
  }
  out += R"(],"schema":)" + schema.text();
  if (total) out += R"(,"total":)" + std::to_string(*total);
  if (out.size() + 1 > maxAnswerBytes_) return tooLarge(maxAnswerBytes_);
  out += '}';
  *answer = std::move(out);
  return Status::OK();
}

}  // namespace zstack::query
