// JSON from outside is bounded while it is parsed: depth and value count, up to 10^6 levels
// of nesting, without recursion; error texts quote bounded previews.
#include <string>

#include <gtest/gtest.h>

#include "common/bounded_json.h"

namespace zstack {
namespace {

std::string nested(char open, char close, std::size_t levels, const std::string& inner = "1") {
  std::string text;
  text.reserve(levels * (open == '{' ? 6 : 2) + inner.size());
  for (std::size_t i = 0; i < levels; ++i) text += open == '{' ? "{\"a\":" : "[";
  text += inner;
  for (std::size_t i = 0; i < levels; ++i) text += close;
  return text;
}

Status parse(const std::string& text, JsonLimits limits = {}) {
  nlohmann::json out;
  return parseBoundedJson(text, limits, &out);
}

TEST(BoundedJsonTest, NestingUpToTheLimitParses) {
  nlohmann::json out;
  ASSERT_TRUE(parseBoundedJson(nested('[', ']', 64), JsonLimits{}, &out).ok());
  ASSERT_TRUE(parseBoundedJson(nested('{', '}', 64), JsonLimits{}, &out).ok());
  EXPECT_TRUE(out.is_object());
}

TEST(BoundedJsonTest, DeeperNestingIsRefusedNamingTheLimit) {
  for (std::size_t levels : {65u, 1000u, 100000u, 1000000u}) {
    for (char open : {'[', '{'}) {
      const Status status = parse(nested(open, open == '[' ? ']' : '}', levels));
      ASSERT_FALSE(status.ok()) << levels;
      EXPECT_EQ(status.error().code, codes::kInvalidArgument);
      EXPECT_EQ(status.error().details, "the request body nests objects or arrays deeper than 64 levels") << levels;
    }
  }
  // Deep nesting that is not even closed, or sits under a key in the middle of a valid object.
  EXPECT_FALSE(parse(std::string(1000000, '[')).ok());
  EXPECT_FALSE(parse("{\"param\":{\"name\":" + nested('[', ']', 100000) + "}}").ok());
}

TEST(BoundedJsonTest, TheDepthIsConfigurable) {
  EXPECT_TRUE(parse(nested('[', ']', 8), JsonLimits{8, 100}).ok());
  EXPECT_FALSE(parse(nested('[', ']', 9), JsonLimits{8, 100}).ok());
}

TEST(BoundedJsonTest, TooManyValuesAreRefused) {
  std::string list = "[";
  for (int i = 0; i < 1000; ++i) list += (i ? ",1" : "1");
  list += "]";
  EXPECT_TRUE(parse(list, JsonLimits{64, 1001}).ok());  // the list itself is a value too
  const Status status = parse(list, JsonLimits{64, 1000});
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().details, "the request body holds more than 1000 JSON values");
}

TEST(BoundedJsonTest, InvalidJsonIsRefused) {
  for (const char* text : {"", "{", "{\"a\":}", "nul", "\"\xff\"", "{} {}"}) {
    const Status status = parse(text);
    ASSERT_FALSE(status.ok()) << text;
    EXPECT_EQ(status.error().details, "the request body is not valid JSON") << text;
  }
}

TEST(BoundedJsonTest, WhatNamesTheInput) {
  nlohmann::json out;
  const Status status = parseBoundedJson("[", JsonLimits{}, &out, "the answer");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().details, "the answer is not valid JSON");
}

TEST(BoundedJsonTest, PreviewsAreShortAndNeverWalkContainers) {
  EXPECT_EQ(jsonPreview(nlohmann::json("short")), "\"short\"");
  const std::string preview = jsonPreview(nlohmann::json(std::string(100000, 'x')));
  EXPECT_LT(preview.size(), 100u);
  EXPECT_NE(preview.find("(100000 bytes)"), std::string::npos);
  EXPECT_EQ(jsonPreview(nlohmann::json::parse("[1,2,3]")), "a list of 3 elements");
  EXPECT_EQ(jsonPreview(nlohmann::json::parse("{\"a\":{\"b\":1}}")), "an object of 1 keys");
  EXPECT_EQ(jsonPreview(nlohmann::json(42)), "42");
  EXPECT_EQ(jsonPreview(nlohmann::json(true)), "true");
}

}  // namespace
}  // namespace zstack
