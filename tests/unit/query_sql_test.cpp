// The SQL a query request becomes: only descriptor columns and generated placeholders reach
// the text, whatever the request holds; the values travel as bindings.
#include "query/sql_builder.h"

#include <cctype>

#include <gtest/gtest.h>

namespace zstack::query {
namespace {

QueryDescriptor sqlThingQuery() {
  QueryDescriptor d;
  d.name = "QueryThing";
  d.path = "/things";
  d.table = "ThingVO";
  d.resourceType = "ThingVO";
  d.since = Version("5.1.8");
  d.fields = {{"uuid", FieldType::Text, "uuid", Version("5.1.8")},
              {"name", FieldType::Text, "name", Version("5.1.8")},
              {"size", FieldType::Integer, "size", Version("5.1.8")},
              {"SAMPLE_SIZE", FieldType::Integer, "sampleSize", Version("5.1.8")},
              {"createDate", FieldType::Timestamp, "createDate", Version("5.1.8")},
              {"modelId", FieldType::Text, "modelId", Version("5.5.6")},
              {"refs", FieldType::Text, "", Version("5.1.8")}};
  d.load = [](soci::session&, const std::vector<std::string>&, std::vector<nlohmann::json>*) { return Status::OK(); };
  return d;
}

QueryScope adminScope(SqlDialect dialect = SqlDialect::SQLite) {
  QueryScope scope;
  scope.caller.accountUuid = "36c27e8ff05c4780bf6d2fa65700f22e";
  scope.caller.admin = true;
  scope.apiVersion = Version("5.5.22");
  scope.dialect = dialect;
  return scope;
}

QueryRequest parse(const http::QueryString& parameters) {
  QueryRequest request;
  Status s = parseQueryRequest(parameters, &request);
  EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().details);
  return request;
}

SqlQuery built(const http::QueryString& parameters, const QueryScope& scope = adminScope(), const std::string& uuid = "") {
  SqlQuery sql;
  Status s = buildQuery(sqlThingQuery(), parse(parameters), uuid, scope, &sql);
  EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().details);
  return sql;
}

std::string refusal(const http::QueryString& parameters, const QueryScope& scope = adminScope()) {
  SqlQuery sql;
  Status s = buildQuery(sqlThingQuery(), parse(parameters), "", scope, &sql);
  EXPECT_FALSE(s.ok());
  if (s.ok()) return "";
  EXPECT_EQ(s.error().code, "SYS.1007");
  return s.error().details;
}

TEST(QuerySql, EveryOperatorOnAColumn) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"name=x", "t.name = ?"},
      {"name!=x", "t.name <> ?"},
      {"size>1", "t.size > ?"},
      {"size>=1", "t.size >= ?"},
      {"size<1", "t.size < ?"},
      {"size<=1", "t.size <= ?"},
      {"name~=x%", "t.name LIKE ? ESCAPE '\\'"},
      {"name!~=x%", "t.name NOT LIKE ? ESCAPE '\\'"},
      {"name?=a,b,c", "t.name IN (?, ?, ?)"},
      {"name!?=a", "t.name NOT IN (?)"},
      {"name is null", "t.name IS NULL"},
      {"name not null", "t.name IS NOT NULL"},
      {"SAMPLE_SIZE=3", "t.sampleSize = ?"},
  };
  for (const auto& [condition, where] : cases) {
    EXPECT_EQ(built({{"q", condition}}).where, " WHERE " + where) << condition;
  }
}

TEST(QuerySql, LikeEscapesOnlyWhereTheBackendNeedsIt) {
  EXPECT_EQ(built({{"q", "name~=x"}}, adminScope(SqlDialect::PostgreSQL)).where, " WHERE t.name LIKE :p0");
  EXPECT_EQ(built({{"q", "name~=x"}}, adminScope(SqlDialect::MySQL)).where, " WHERE t.name LIKE :p0");
}

TEST(QuerySql, ValuesAreBoundAsTheFieldsType) {
  const SqlQuery sql = built({{"q", "name=a' OR '1'='1"}, {"q", "size?=1,-2"}, {"q", "createDate>0"}});
  EXPECT_EQ(sql.where, " WHERE t.name = ? AND t.size IN (?, ?) AND t.createDate > ?");
  ASSERT_EQ(sql.bindings.size(), 4u);
  EXPECT_EQ(std::get<std::string>(sql.bindings.value(0)), "a' OR '1'='1");
  EXPECT_EQ(std::get<long long>(sql.bindings.value(1)), 1);
  EXPECT_EQ(std::get<long long>(sql.bindings.value(2)), -2);
  EXPECT_EQ(std::get<std::tm>(sql.bindings.value(3)).tm_year, 70);
}

TEST(QuerySql, TagConditions) {
  const std::string system = "SELECT resourceUuid FROM SystemTagVO WHERE resourceType = ?";
  const std::string user = "SELECT resourceUuid FROM UserTagVO WHERE resourceType = ?";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"__systemTag__=minGpuMemory::1024", "t.uuid IN (" + system + " AND tag = ?)"},
      {"__systemTag__>a", "t.uuid IN (" + system + " AND tag > ?)"},
      {"__systemTag__>=a", "t.uuid IN (" + system + " AND tag >= ?)"},
      {"__systemTag__<a", "t.uuid IN (" + system + " AND tag < ?)"},
      {"__systemTag__<=a", "t.uuid IN (" + system + " AND tag <= ?)"},
      {"__systemTag__?=a,b", "t.uuid IN (" + system + " AND tag IN (?, ?))"},
      {"__systemTag__~=a%", "t.uuid IN (" + system + " AND tag LIKE ? ESCAPE '\\')"},
      {"__systemTag__ not null", "t.uuid IN (" + system + ")"},
      {"__systemTag__!=a", "t.uuid NOT IN (" + system + " AND tag = ?)"},
      {"__systemTag__!?=a,b", "t.uuid NOT IN (" + system + " AND tag IN (?, ?))"},
      {"__systemTag__!~=a%", "t.uuid NOT IN (" + system + " AND tag LIKE ? ESCAPE '\\')"},
      {"__systemTag__ is null", "t.uuid NOT IN (" + system + ")"},
      {"__userTag__=fast", "t.uuid IN (" + user + " AND tag = ?)"},
      {"__userTag__ is null", "t.uuid NOT IN (" + user + ")"},
  };
  for (const auto& [condition, where] : cases) {
    const SqlQuery sql = built({{"q", condition}});
    EXPECT_EQ(sql.where, " WHERE " + where) << condition;
    EXPECT_EQ(std::get<std::string>(sql.bindings.value(0)), "ThingVO");
  }
  QueryDescriptor untagged = sqlThingQuery();
  untagged.resourceType.clear();
  SqlQuery sql;
  Status s = buildQuery(untagged, parse({{"q", "__userTag__=x"}}), "", adminScope(), &sql);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().details.find("QueryThing takes no __userTag__ conditions"), std::string::npos);
}

TEST(QuerySql, Visibility) {
  QueryScope scope = adminScope();
  scope.caller.admin = false;
  scope.caller.accountUuid = "a' OR '1'='1";
  const SqlQuery sql = built({{"q", "name=x"}}, scope);
  EXPECT_EQ(sql.where,
            " WHERE t.name = ? AND (EXISTS (SELECT 1 FROM AccountResourceRefVO a WHERE a.resourceUuid = t.uuid"
            " AND a.accountUuid = ?) OR EXISTS (SELECT 1 FROM SharedResourceVO s WHERE s.resourceUuid = t.uuid"
            " AND (s.toPublic = 1 OR s.receiverAccountUuid = ?)))");
  EXPECT_EQ(std::get<std::string>(sql.bindings.value(1)), "a' OR '1'='1");
  EXPECT_EQ(std::get<std::string>(sql.bindings.value(2)), "a' OR '1'='1");

  QueryDescriptor tags = sqlThingQuery();
  tags.visibilityColumn = "resourceUuid";
  SqlQuery tagSql;
  ASSERT_TRUE(buildQuery(tags, parse({}), "", scope, &tagSql).ok());
  EXPECT_NE(tagSql.where.find("a.resourceUuid = t.resourceUuid"), std::string::npos);
  EXPECT_NE(tagSql.where.find("s.resourceUuid = t.resourceUuid"), std::string::npos);
  EXPECT_EQ(built({}).where, "");
}

TEST(QuerySql, OneUuid) {
  const SqlQuery sql = built({}, adminScope(), "0123456789abcdef0123456789abcdef");
  EXPECT_EQ(sql.where, " WHERE t.uuid = ?");
  EXPECT_EQ(std::get<std::string>(sql.bindings.value(0)), "0123456789abcdef0123456789abcdef");
}

TEST(QuerySql, OrderAndPaging) {
  EXPECT_EQ(built({}).orderBy, " ORDER BY t.uuid ASC");
  EXPECT_EQ(built({{"sort", "-name"}}).orderBy, " ORDER BY t.name DESC, t.uuid ASC");
  EXPECT_EQ(built({{"sort", "+SAMPLE_SIZE"}}).orderBy, " ORDER BY t.sampleSize ASC, t.uuid ASC");
  EXPECT_EQ(built({{"sortBy", "createDate"}, {"sortDirection", "desc"}}).orderBy,
            " ORDER BY t.createDate DESC, t.uuid ASC");
  EXPECT_EQ(built({{"sort", "-uuid"}}).orderBy, " ORDER BY t.uuid DESC");
  EXPECT_EQ(built({{"sort", "uuid"}}).orderBy, " ORDER BY t.uuid ASC");
  const SqlQuery sql = built({{"q", "size>1"}, {"sort", "name"}});
  EXPECT_EQ(sql.selectUuids(10, 20),
            "SELECT t.uuid FROM ThingVO t WHERE t.size > ? ORDER BY t.name ASC, t.uuid ASC LIMIT 10 OFFSET 20");
  EXPECT_EQ(sql.count(), "SELECT COUNT(*) FROM ThingVO t WHERE t.size > ?");
}

// Values are bound by position: every placeholder stands in the text once, in the order of its
// number, whatever mix of conditions, tags, visibility and uuid a query has. (SQLite's are all
// "?", which only their order tells apart.)
TEST(QuerySql, PlaceholdersStandInTheTextInTheOrderOfTheirNumbers) {
  QueryScope normal = adminScope(SqlDialect::PostgreSQL);
  normal.caller.admin = false;
  const SqlQuery sql = built({{"q", "name?=a,b,c"}, {"q", "__systemTag__!?=x::1,y::2"}, {"q", "size>3"},
                              {"q", "__userTag__~=u%"}, {"q", "createDate<1700000000000"}},
                             normal, "0123456789abcdef0123456789abcdef");
  const std::string text = sql.count();
  std::size_t from = 0;
  for (std::size_t n = 0; n < sql.bindings.size(); ++n) {
    const std::string placeholder = ":p" + std::to_string(n);
    const std::size_t at = text.find(placeholder, from);
    ASSERT_NE(at, std::string::npos) << placeholder << " out of order in " << text;
    from = at + placeholder.size();
    EXPECT_TRUE(from == text.size() || !std::isdigit(static_cast<unsigned char>(text[from]))) << text;
  }
  EXPECT_EQ(text.find(":p" + std::to_string(sql.bindings.size())), std::string::npos);
}

TEST(QuerySql, FieldRefusals) {
  EXPECT_NE(refusal({{"q", "bogus=1"}}).find("q=bogus=1: QueryThing has no field bogus"), std::string::npos);
  EXPECT_NE(refusal({{"q", "refs=x"}}).find("field refs of QueryThing is computed"), std::string::npos);
  EXPECT_NE(refusal({{"sort", "refs"}}).find("field refs of QueryThing is computed"), std::string::npos);
  EXPECT_NE(refusal({{"sort", "bogus"}}).find("has no field bogus"), std::string::npos);
  EXPECT_NE(refusal({{"sortBy", "name; DROP TABLE ThingVO"}}).find("has no field name; DROP TABLE ThingVO"),
            std::string::npos);
  EXPECT_NE(refusal({{"q", "size~=1%"}}).find("~= matches text, and field size is not text"), std::string::npos);
  EXPECT_NE(refusal({{"q", "size!~=1%"}}).find("!~= matches text"), std::string::npos);
  EXPECT_NE(refusal({{"q", "size=1 OR 1=1"}}).find("field size: '1 OR 1=1' is not a 64-bit integer"),
            std::string::npos);
  EXPECT_NE(refusal({{"q", "size?=1,x"}}).find("'x' is not a 64-bit integer"), std::string::npos);
  EXPECT_NE(refusal({{"q", "createDate>today"}}).find("'today' is not a time"), std::string::npos);

  QueryScope old = adminScope();
  old.apiVersion = Version("5.5.5");
  EXPECT_NE(refusal({{"q", "modelId=x"}}, old).find("field modelId of QueryThing needs API version 5.5.6; this host serves 5.5.5"),
            std::string::npos);
  EXPECT_NE(refusal({{"sort", "modelId"}}, old).find("needs API version 5.5.6"), std::string::npos);
  EXPECT_EQ(built({{"q", "modelId=x"}}).where, " WHERE t.modelId = ?");
}

TEST(QuerySql, Projection) {
  EXPECT_TRUE(checkProjection(sqlThingQuery(), {"uuid", "refs", "modelId"}, Version("5.5.22")).ok());
  Status unknown = checkProjection(sqlThingQuery(), {"uuid", "token"}, Version("5.5.22"));
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().details, "fields=token: QueryThing has no field token");
  Status newer = checkProjection(sqlThingQuery(), {"modelId"}, Version("5.4.6"));
  ASSERT_FALSE(newer.ok());
  EXPECT_NE(newer.error().details.find("needs API version 5.5.6"), std::string::npos);
}

}  // namespace
}  // namespace zstack::query
