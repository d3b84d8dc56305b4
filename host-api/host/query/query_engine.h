// ZStack's query language over the registered query APIs (QueryModel, QueryTag, ...).
//
// A request such as GET /zstack/v1/ai/models?q=name~=Qwen%25&q=size>=1024&limit=10&sort=-createDate
// is parsed into conditions on the descriptor's declared fields, turned into one SELECT whose
// every value is a bound parameter (field names are checked against the descriptor, never
// copied from the request), restricted to the rows the caller may see, paged, and rendered by
// the descriptor's loader.
//
// Parameters (as ZStack's RestServer reads them): q (repeatable, AND-ed), limit (default
// 1000, at most kMaxLimit), start, count, replyWithCount, sort ("+f", "-f" or "f"), sortBy and
// sortDirection (asc|desc), fields (comma-separated); of a repeated key other than q the first
// value counts. groupBy, filterName and unknown keys are refused.
// Operators: = != > >= < <= ~= (LIKE, % and _ wildcards) !~= ?= (IN, comma-separated) !?=
// "is null" "not null". __systemTag__ and __userTag__ conditions match the resource's tags.
// Order: the sort key if any, then uuid (so pages are stable).
// Answers: {"inventories":[...],"schema":{...}} (the inventories' classes, common/schema_map.h),
// plus "total" with replyWithCount=true; {"schema":{},"total":N} with count=true.
// Errors: SYS.1007 naming the parameter, field or operator. docs/queries.md has the whole
// language.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "db/database.h"
#include "http/query_string.h"
#include "registry/registry.h"
#include "zstack/context.h"

namespace zstack::query {

// The most rows one query may ask for (limit).
inline constexpr long long kMaxLimit = 10000;

// The most inventories loaded at once: their logos and introductions may be megabytes each.
inline constexpr std::size_t kLoadBatch = 4;

class QueryEngine {
 public:
  // Fields newer than `apiVersion` are unknown. An answer may hold at most `maxAnswerBytes`.
  QueryEngine(db::Database& database, Version apiVersion, std::size_t maxAnswerBytes = 64 * 1024 * 1024);

  // Runs `query` for `caller` and sets `answer` to the reply's JSON text. `uuid` non-empty:
  // GET <path>/{uuid}, that one resource (the query string is then ignored; a uuid that is no
  // ZStack uuid finds nothing). Inventories are loaded kLoadBatch at a time and written into
  // the answer as they come, so memory holds the answer and one batch, never every inventory
  // twice. SYS.1007 for a refused request, or an answer that would pass maxAnswerBytes (the
  // error says to page or pick fields); the loader's error when it fails; SYS.1000 when the
  // database fails or the query runs past its time limit (Database::query).
  // May run on several threads at once.
  Status run(const RegisteredQuery& query, const Caller& caller, const std::string& uuid,
             const http::QueryString& parameters, std::string* answer);

 private:
  db::Database& database_;
  Version apiVersion_;
  std::size_t maxAnswerBytes_;
};

}  // namespace zstack::query
