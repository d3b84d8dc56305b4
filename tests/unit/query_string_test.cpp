// The query string as the SDKs send it: repeated keys kept in order, escapes decoded.
#include "http/query_string.h"

#include <gtest/gtest.h>

namespace zstack::http {
namespace {

TEST(QueryString, KeepsRepeatedKeysInOrderAndDecodes) {
  QueryString pairs;
  ASSERT_TRUE(parseQueryString("/zstack/v1/ai/models?q=name%3DQwen%25&q=size%3E%3D1024&limit=10&limit=20&x=a+b&empty=&flag",
                               &pairs)
                  .ok());
  const QueryString expected = {{"q", "name=Qwen%"}, {"q", "size>=1024"}, {"limit", "10"}, {"limit", "20"},
                                {"x", "a b"},       {"empty", ""},        {"flag", ""}};
  EXPECT_EQ(pairs, expected);
}

TEST(QueryString, NoQueryIsNoPairs) {
  QueryString pairs{{"stale", "x"}};
  ASSERT_TRUE(parseQueryString("/zstack/v1/ai/models", &pairs).ok());
  EXPECT_TRUE(pairs.empty());
  ASSERT_TRUE(parseQueryString("/zstack/v1/ai/models?&&", &pairs).ok());
  EXPECT_TRUE(pairs.empty());
}

TEST(QueryString, DecodesUtf8AndRefusesBrokenEscapes) {
  QueryString pairs;
  ASSERT_TRUE(parseQueryString("/p?name=%E6%A8%A1%E5%9E%8B", &pairs).ok());
  EXPECT_EQ(pairs.at(0).second, "模型");
  for (const char* bad : {"/p?a=%", "/p?a=%4", "/p?a=%zz", "/p?a=%FF%FE"}) {
    const Status status = parseQueryString(bad, &pairs);
    EXPECT_FALSE(status.ok()) << bad;
    if (!status.ok()) {
      EXPECT_EQ(status.error().code, "SYS.1007") << bad;
    }
  }
}

}  // namespace
}  // namespace zstack::http

namespace zstack::http {
namespace {

TEST(QueryStringTest, ThePairsAreBounded) {
  std::string target = "/x?";
  for (std::size_t i = 0; i < kMaxQueryPairs; ++i) target += "a=" + std::to_string(i) + "&";
  QueryString pairs;
  ASSERT_TRUE(parseQueryString(target, &pairs).ok());
  EXPECT_EQ(pairs.size(), kMaxQueryPairs);
  const Status status = parseQueryString(target + "one=more", &pairs);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().details, "the query string holds more than 4096 parameters");
}

}  // namespace
}  // namespace zstack::http
