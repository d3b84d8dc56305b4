// The query language's syntax: q= conditions, the other parameters, and condition values.
#include "query/query_parser.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>

#include "query/query_engine.h"
#include "query/query_values.h"

namespace zstack::query {
namespace {

Condition parsed(const std::string& text) {
  Condition c;
  Status s = parseCondition(text, &c);
  EXPECT_TRUE(s.ok()) << text << ": " << (s.ok() ? "" : s.error().details);
  return c;
}

std::string refusal(const std::string& text) {
  Condition c;
  Status s = parseCondition(text, &c);
  EXPECT_FALSE(s.ok()) << text << " was accepted";
  if (s.ok()) return "";
  EXPECT_EQ(s.error().code, "SYS.1007");
  return s.error().details;
}

TEST(QueryCondition, EveryOperator) {
  struct Case {
    const char* text;
    const char* field;
    Op op;
    std::vector<std::string> values;
  };
  const std::vector<Case> cases = {
      {"name=Qwen", "name", Op::Eq, {"Qwen"}},
      {"name!=Qwen", "name", Op::NotEq, {"Qwen"}},
      {"size>10", "size", Op::Gt, {"10"}},
      {"size>=10", "size", Op::GtEq, {"10"}},
      {"size<10", "size", Op::Lt, {"10"}},
      {"size<=10", "size", Op::LtEq, {"10"}},
      {"name~=Qw%n_", "name", Op::Like, {"Qw%n_"}},
      {"name!~=Qw%", "name", Op::NotLike, {"Qw%"}},
      {"name?=a,b", "name", Op::In, {"a", "b"}},
      {"name!?=a,b", "name", Op::NotIn, {"a", "b"}},
      {"name is null", "name", Op::IsNull, {}},
      {"name not null", "name", Op::NotNull, {}},
  };
  for (const Case& c : cases) {
    const Condition condition = parsed(c.text);
    EXPECT_EQ(condition.field, c.field) << c.text;
    EXPECT_EQ(condition.op, c.op) << c.text;
    EXPECT_EQ(condition.values, c.values) << c.text;
    EXPECT_EQ(condition.text, c.text);
  }
}

TEST(QueryCondition, ValueIsTheRestVerbatim) {
  EXPECT_EQ(parsed("name=a=b").values, std::vector<std::string>{"a=b"});
  EXPECT_EQ(parsed("name== x ").values, std::vector<std::string>{"= x "});
  EXPECT_EQ(parsed("name= spaced ").values, std::vector<std::string>{" spaced "});
  EXPECT_EQ(parsed("name=").values, std::vector<std::string>{""});
  EXPECT_EQ(parsed("name!=!=").values, std::vector<std::string>{"!="});
  EXPECT_EQ(parsed("name<>x").op, Op::Lt);
  EXPECT_EQ(parsed("name<>x").values, std::vector<std::string>{">x"});
  EXPECT_EQ(parsed("name=x is null").op, Op::Eq);
  EXPECT_EQ(parsed("installPath=192.168.10.12:/ai/a b").values, std::vector<std::string>{"192.168.10.12:/ai/a b"});
}

TEST(QueryCondition, InListsAreSplitAndTrimmed) {
  EXPECT_EQ(parsed("uuid?= a , b,c ").values, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(parsed("uuid?=a").values, std::vector<std::string>{"a"});
  EXPECT_EQ(parsed("uuid?=a,,b").values, (std::vector<std::string>{"a", "", "b"}));
  std::string many = "uuid?=";
  for (std::size_t i = 0; i < kMaxInValues; ++i) many += (i ? "," : "") + std::to_string(i);
  EXPECT_EQ(parsed(many).values.size(), kMaxInValues);
  EXPECT_NE(refusal(many + ",x").find("more than"), std::string::npos);
}

TEST(QueryCondition, NullFormsTakeSpaces) {
  EXPECT_EQ(parsed("name   is \t null  ").op, Op::IsNull);
  EXPECT_EQ(parsed("SAMPLE_SIZE not null").field, "SAMPLE_SIZE");
  EXPECT_TRUE(parsed("name is null").values.empty());
}

TEST(QueryCondition, TagFields) {
  const Condition c = parsed("__systemTag__=minGpuMemory::1024");
  EXPECT_EQ(c.field, "__systemTag__");
  EXPECT_EQ(c.values, std::vector<std::string>{"minGpuMemory::1024"});
  EXPECT_EQ(parsed("__userTag__!~=%x%").op, Op::NotLike);
}

TEST(QueryCondition, Refusals) {
  EXPECT_NE(refusal("").find("field name"), std::string::npos);
  EXPECT_NE(refusal("=x").find("field name"), std::string::npos);
  EXPECT_NE(refusal(" name=x").find("field name"), std::string::npos);
  EXPECT_NE(refusal("name").find("no operator after field name"), std::string::npos);
  EXPECT_NE(refusal("name!x").find("unknown operator '!x'"), std::string::npos);
  EXPECT_NE(refusal("name~x").find("unknown operator"), std::string::npos);
  EXPECT_NE(refusal("name =x").find("unknown operator"), std::string::npos);
  EXPECT_NE(refusal("name isnull").find("unknown operator"), std::string::npos);
  EXPECT_NE(refusal("name is nullx").find("unknown operator"), std::string::npos);
  EXPECT_NE(refusal("name is not null").find("unknown operator"), std::string::npos);
  EXPECT_NE(refusal("vmNics.ip=1").find("nested field names"), std::string::npos);
  EXPECT_NE(refusal("name' OR 1=1 --=x").find("unknown operator"), std::string::npos);
  EXPECT_NE(refusal("name;DROP TABLE ModelVO=x").find("unknown operator"), std::string::npos);
  EXPECT_NE(refusal("na-me=x").find("unknown operator '-me' after field na"), std::string::npos);
}

QueryRequest request(const http::QueryString& parameters) {
  QueryRequest r;
  Status s = parseQueryRequest(parameters, &r);
  EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().details);
  return r;
}

std::string requestRefusal(const http::QueryString& parameters) {
  QueryRequest r;
  Status s = parseQueryRequest(parameters, &r);
  EXPECT_FALSE(s.ok());
  if (s.ok()) return "";
  EXPECT_EQ(s.error().code, "SYS.1007");
  return s.error().details;
}

TEST(QueryRequestParams, Defaults) {
  const QueryRequest r = request({});
  EXPECT_TRUE(r.conditions.empty());
  EXPECT_EQ(r.limit, 1000);
  EXPECT_EQ(r.start, 0);
  EXPECT_FALSE(r.count);
  EXPECT_FALSE(r.replyWithCount);
  EXPECT_FALSE(r.sort);
  EXPECT_TRUE(r.fields.empty());
}

TEST(QueryRequestParams, ConditionsInOrder) {
  const QueryRequest r = request({{"q", "name=a"}, {"limit", "5"}, {"q", "size>1"}});
  ASSERT_EQ(r.conditions.size(), 2u);
  EXPECT_EQ(r.conditions[0].field, "name");
  EXPECT_EQ(r.conditions[1].field, "size");
  EXPECT_EQ(r.limit, 5);
}

TEST(QueryRequestParams, FirstValueOfARepeatedKeyCounts) {
  // An old ZStack Java SDK sends start as a second limit.
  EXPECT_EQ(request({{"limit", "10"}, {"limit", "20"}}).limit, 10);
  EXPECT_EQ(request({{"start", "3"}, {"start", "x"}}).start, 3);
  EXPECT_EQ(request({{"sort", "-name"}, {"sort", "+size"}}).sort->field, "name");
}

TEST(QueryRequestParams, LimitAndStart) {
  EXPECT_EQ(request({{"limit", "0"}}).limit, 0);
  EXPECT_EQ(request({{"limit", std::to_string(kMaxLimit)}}).limit, kMaxLimit);
  EXPECT_EQ(request({{"limit", " 7 "}}).limit, 7);
  EXPECT_EQ(request({{"start", "9223372036854775807"}}).start, 9223372036854775807LL);
  for (const char* bad : {"-1", "10001", "abc", "", "1.5", "1e3", "9223372036854775808", "0x10", "1 OR 1=1"}) {
    EXPECT_NE(requestRefusal({{"limit", bad}}).find("limit="), std::string::npos) << bad;
  }
  for (const char* bad : {"-1", "x", "", "1; DROP TABLE ModelVO"}) {
    EXPECT_NE(requestRefusal({{"start", bad}}).find("start="), std::string::npos) << bad;
  }
}

TEST(QueryRequestParams, CountFlags) {
  EXPECT_TRUE(request({{"count", "true"}}).count);
  EXPECT_TRUE(request({{"count", "TRUE"}}).count);
  EXPECT_FALSE(request({{"count", "false"}}).count);
  EXPECT_TRUE(request({{"replyWithCount", "true"}}).replyWithCount);
  EXPECT_NE(requestRefusal({{"count", "yes"}}).find("count=yes"), std::string::npos);
  EXPECT_NE(requestRefusal({{"replyWithCount", "1"}}).find("replyWithCount=1"), std::string::npos);
}

TEST(QueryRequestParams, SortSpellings) {
  auto sort = [](const http::QueryString& p) { return *request(p).sort; };
  EXPECT_EQ(sort({{"sort", "+name"}}).field, "name");
  EXPECT_TRUE(sort({{"sort", "+name"}}).ascending);
  EXPECT_FALSE(sort({{"sort", "-name"}}).ascending);
  EXPECT_TRUE(sort({{"sort", "name"}}).ascending);
  // curl sends an unescaped '+' that decodes to a space: ascending all the same.
  EXPECT_TRUE(sort({{"sort", " name"}}).ascending);
  EXPECT_EQ(sort({{"sort", " name"}}).field, "name");
  EXPECT_EQ(sort({{"sortBy", "size"}}).field, "size");
  EXPECT_TRUE(sort({{"sortBy", "size"}}).ascending);
  EXPECT_FALSE(sort({{"sortBy", "size"}, {"sortDirection", "desc"}}).ascending);
  EXPECT_TRUE(sort({{"sortDirection", "asc"}, {"sortBy", "size"}}).ascending);
  EXPECT_NE(requestRefusal({{"sort", "name"}, {"sortBy", "size"}}).find("sortBy"), std::string::npos);
  EXPECT_NE(requestRefusal({{"sortDirection", "desc"}}).find("needs sortBy"), std::string::npos);
  EXPECT_NE(requestRefusal({{"sortBy", "size"}, {"sortDirection", "down"}}).find("down"), std::string::npos);
  EXPECT_NE(requestRefusal({{"sort", "-"}}).find("names no field"), std::string::npos);
  EXPECT_NE(requestRefusal({{"sortBy", ""}}).find("names no field"), std::string::npos);
}

TEST(QueryRequestParams, Fields) {
  EXPECT_EQ(request({{"fields", "uuid, name,,size "}}).fields, (std::vector<std::string>{"uuid", "name", "size"}));
  EXPECT_NE(requestRefusal({{"fields", " , "}}).find("names no field"), std::string::npos);
}

// Taken as ZStack 5.1.20 takes it, without effect (the SQL side checks that it names a field).
TEST(QueryRequestParams, GroupBy) {
  EXPECT_EQ(request({{"groupBy", " name "}}).groupBy, "name");
  EXPECT_FALSE(request({}).groupBy);
  EXPECT_EQ(requestRefusal({{"groupBy", " "}}), "groupBy names no field");
}

TEST(QueryRequestParams, RefusedKeys) {
  EXPECT_NE(requestRefusal({{"filterName", "vm:x"}}).find("no filter is registered"), std::string::npos);
  EXPECT_NE(requestRefusal({{"conditions", "name=x"}}).find("unknown query parameter 'conditions'"), std::string::npos);
  EXPECT_NE(requestRefusal({{"", "x"}}).find("unknown query parameter ''"), std::string::npos);
  EXPECT_NE(requestRefusal({{"q", "name"}}).find("no operator"), std::string::npos);
}

TEST(QueryRequestParams, ConditionCountIsBounded) {
  http::QueryString many;
  for (std::size_t i = 0; i < kMaxConditions; ++i) many.emplace_back("q", "name=" + std::to_string(i));
  EXPECT_EQ(request(many).conditions.size(), kMaxConditions);
  many.emplace_back("q", "name=x");
  EXPECT_NE(requestRefusal(many).find("more than 64"), std::string::npos);
}

// Condition values read as the field's type.
class QueryValues : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* tz = std::getenv("TZ");
    savedTz_ = tz ? std::optional<std::string>(tz) : std::nullopt;
    setTz("UTC0");
  }
  void TearDown() override {
    if (savedTz_) {
      setenv("TZ", savedTz_->c_str(), 1);
    } else {
      unsetenv("TZ");
    }
    tzset();
  }
  static void setTz(const char* tz) {
    setenv("TZ", tz, 1);
    tzset();
  }
  static Value read(FieldType type, const std::string& text) {
    Value v;
    Status s = readValue(QueryField{"f", type, "f", Version("5.1.8")}, text, &v);
    EXPECT_TRUE(s.ok()) << text << ": " << (s.ok() ? "" : s.error().details);
    return v;
  }
  static std::string refusal(FieldType type, const std::string& text) {
    Value v;
    Status s = readValue(QueryField{"size", type, "size", Version("5.1.8")}, text, &v);
    EXPECT_FALSE(s.ok()) << text;
    return s.ok() ? "" : s.error().details;
  }
  static std::string utcText(const Value& v) {
    const std::tm& t = std::get<std::tm>(v);
    char out[96];
    std::snprintf(out, sizeof out, "%04d-%02d-%02d %02d:%02d:%02d", t.tm_year + 1900, t.tm_mon + 1, t.tm_mday,
                  t.tm_hour, t.tm_min, t.tm_sec);
    return out;
  }
  std::optional<std::string> savedTz_;
};

TEST_F(QueryValues, Text) {
  EXPECT_EQ(std::get<std::string>(read(FieldType::Text, " a'b ")), " a'b ");
}

TEST_F(QueryValues, Integers) {
  EXPECT_EQ(std::get<long long>(read(FieldType::Integer, "-42")), -42);
  EXPECT_EQ(std::get<long long>(read(FieldType::Integer, "9223372036854775807")), 9223372036854775807LL);
  for (const char* bad : {"", "1.5", " 1", "1 ", "9223372036854775808", "0x1", "1 OR 1=1", "abc"}) {
    const std::string details = refusal(FieldType::Integer, bad);
    EXPECT_NE(details.find("field size"), std::string::npos) << bad;
    EXPECT_NE(details.find(std::string("'") + bad + "'"), std::string::npos) << details;
  }
}

TEST_F(QueryValues, Booleans) {
  EXPECT_EQ(std::get<long long>(read(FieldType::Boolean, "true")), 1);
  EXPECT_EQ(std::get<long long>(read(FieldType::Boolean, "False")), 0);
  EXPECT_NE(refusal(FieldType::Boolean, "1").find("true or false"), std::string::npos);
}

TEST_F(QueryValues, TimestampsFromEpochMilliseconds) {
  EXPECT_EQ(utcText(read(FieldType::Timestamp, "0")), "1970-01-01 00:00:00");
  EXPECT_EQ(utcText(read(FieldType::Timestamp, "1800000000999")), "2027-01-15 08:00:00");
  EXPECT_EQ(utcText(read(FieldType::Timestamp, "-1")), "1969-12-31 23:59:59");
  EXPECT_NE(refusal(FieldType::Timestamp, "99999999999999999").find("between the years"), std::string::npos);
}

TEST_F(QueryValues, TimestampsInTheServerTimeZone) {
  EXPECT_EQ(utcText(read(FieldType::Timestamp, "2026-11-29 03:29:32")), "2026-11-29 03:29:32");
  // A POSIX zone needs no tzdata: eight hours east of UTC.
  setTz("CST-8");
  EXPECT_EQ(utcText(read(FieldType::Timestamp, "2026-11-29 03:29:32")), "2026-11-28 19:29:32");
  for (const char* bad : {"2026-11-29", "2026-11-29T03:29:32", "2026-13-01 00:00:00", "2026-02-30 00:00:00",
                          "2026-11-29 24:00:00", "2026-11-29 03:29:32 OR 1=1", "yesterday"}) {
    EXPECT_NE(refusal(FieldType::Timestamp, bad).find("is not a time"), std::string::npos) << bad;
  }
}

}  // namespace
}  // namespace zstack::query
