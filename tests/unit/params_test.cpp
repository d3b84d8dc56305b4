// The parameter table rules, in their two stages: JSON types at once, the rest in the job.
#include "params/params.h"

#include <gtest/gtest.h>

#include "common/error_json.h"

namespace zstack::params {
namespace {

using nlohmann::json;

ApiDescriptor table() {
  ApiDescriptor api;
  api.name = "AddThing";
  api.parameterName = "param";
  api.since = Version("5.1.8");
  auto spec = [](const char* name, ParamType type, const char* since) {
    ParamSpec p;
    p.name = name;
    p.type = type;
    p.since = Version(since);
    p.maxLength = type == ParamType::String || type == ParamType::List ? 8 : 0;
    return p;
  };
  ParamSpec name = spec("name", ParamType::String, "5.1.8");
  name.required = true;
  name.nonBlank = true;
  ParamSpec size = spec("size", ParamType::Long, "5.1.8");
  size.minValue = 0;
  ParamSpec port = spec("port", ParamType::Integer, "5.1.8");
  port.minValue = 1;
  port.maxValue = 65535;
  ParamSpec mode = spec("mode", ParamType::String, "5.5.12");
  mode.validValues = {"Public"};
  ParamSpec refs = spec("refs", ParamType::List, "5.2.1");
  refs.maxLength = 2;
  refs.maxElementLength = 32;
  refs.uuid = true;
  ParamSpec resource = spec("resourceUuid", ParamType::String, "5.1.8");
  resource.maxLength = 32;
  resource.uuid = true;
  api.params = {name, size, port, mode, refs, resource, spec("flag", ParamType::Boolean, "5.1.8")};
  return api;
}

std::string details(const Status& status) { return status.ok() ? "OK" : status.error().details; }

TEST(ParamTypes, WrongJsonTypesAreRefusedNamingTheField) {
  const ApiDescriptor api = table();
  EXPECT_TRUE(checkTypes(api, json{{"name", "a"}, {"size", 5}, {"flag", true}, {"refs", json::array()}}).ok());
  EXPECT_NE(details(checkTypes(api, json{{"size", "5"}})).find("size must be a Long"), std::string::npos);
  EXPECT_NE(details(checkTypes(api, json{{"size", 1.5}})).find("size"), std::string::npos);
  EXPECT_NE(details(checkTypes(api, json{{"name", 3}})).find("name must be a String"), std::string::npos);
  EXPECT_NE(details(checkTypes(api, json{{"refs", json{1, 2}}})).find("refs must be a List of strings"), std::string::npos);
  EXPECT_NE(details(checkTypes(api, json{{"flag", "true"}})).find("flag"), std::string::npos);
  // An Integer beyond 32 bits, a Long beyond 64 bits.
  EXPECT_FALSE(checkTypes(api, json{{"port", 4294967296LL}}).ok());
  EXPECT_FALSE(checkTypes(api, json::parse(R"({"size": 18446744073709551615})")).ok());
  EXPECT_FALSE(checkTypes(api, json::array()).ok());
  EXPECT_FALSE(checkTypes(api, json{{"systemTags", "a::b"}}).ok());
  // Null is absence, and unknown keys wait for validate().
  EXPECT_TRUE(checkTypes(api, json{{"size", nullptr}, {"unknown", 1}}).ok());
}

TEST(ParamRules, RequiredBlankAndLength) {
  const ApiDescriptor api = table();
  const Version v("5.5.22");
  EXPECT_TRUE(validate(api, v, json{{"name", "abc"}}).ok());
  EXPECT_NE(details(validate(api, v, json::object())).find("missing required parameter name"), std::string::npos);
  EXPECT_NE(details(validate(api, v, json{{"name", nullptr}})).find("missing required parameter name"), std::string::npos);
  EXPECT_NE(details(validate(api, v, json{{"name", " \t "}})).find("name must not be empty or blank"), std::string::npos);
  EXPECT_TRUE(validate(api, v, json{{"name", "12345678"}}).ok());
  EXPECT_NE(details(validate(api, v, json{{"name", "123456789"}})).find("more than the maximum 8"), std::string::npos);
  // Lengths count characters, not bytes: eight CJK characters are 24 bytes.
  EXPECT_TRUE(validate(api, v, json{{"name", "模型中心模型中心"}}).ok());
  EXPECT_FALSE(validate(api, v, json{{"name", "模型中心模型中心模"}}).ok());
}

TEST(ParamRules, NumbersValidValuesAndUuids) {
  const ApiDescriptor api = table();
  const Version v("5.5.22");
  EXPECT_NE(details(validate(api, v, json{{"name", "a"}, {"size", -1}})).find("size [-1] is less than the minimum 0"),
            std::string::npos);
  EXPECT_FALSE(validate(api, v, json{{"name", "a"}, {"port", 0}}).ok());
  EXPECT_FALSE(validate(api, v, json{{"name", "a"}, {"port", 65536}}).ok());
  EXPECT_TRUE(validate(api, v, json{{"name", "a"}, {"port", 65535}}).ok());
  EXPECT_TRUE(validate(api, v, json{{"name", "a"}, {"mode", "Public"}}).ok());
  EXPECT_NE(details(validate(api, v, json{{"name", "a"}, {"mode", "Private"}})).find("valid values are [Public]"),
            std::string::npos);
  const std::string uuid(32, 'a');
  EXPECT_TRUE(validate(api, v, json{{"name", "a"}, {"resourceUuid", uuid}}).ok());
  EXPECT_FALSE(validate(api, v, json{{"name", "a"}, {"resourceUuid", std::string(32, 'A')}}).ok());
  EXPECT_FALSE(validate(api, v, json{{"name", "a"}, {"resourceUuid", "not-a-uuid"}}).ok());
  EXPECT_NE(details(validate(api, v, json{{"name", "a"}, {"refs", json{uuid, "x"}}})).find("refs[1] [x] is not a valid uuid"),
            std::string::npos);
  EXPECT_NE(details(validate(api, v, json{{"name", "a"}, {"refs", json{uuid, uuid, uuid}}})).find("3 elements"),
            std::string::npos);
}

// A refusal quotes the first 64 bytes of the value, which may end within a character: it still
// renders as JSON, the cut character replaced (the fuzz targets check it; the job's failure could
// not be recorded, which failed every job of its batch).
TEST(ParamRules, RefusalsQuotingACutValueRenderAsJson) {
  std::string characters;
  for (int i = 0; i < 22; ++i) characters += "\xE4\xB8\x80";  // 22 characters in 66 bytes
  const Status status = validate(table(), Version("5.5.22"), json{{"name", "a"}, {"resourceUuid", characters}});
  ASSERT_FALSE(status.ok());
  const json body = json::parse(errorBody(status.error()));
  EXPECT_NE(body["error"]["details"].get<std::string>().find("\xEF\xBF\xBD] is not a valid uuid"), std::string::npos)
      << body.dump();
}

TEST(ParamRules, UnknownParametersAndSinceVersions) {
  const ApiDescriptor api = table();
  EXPECT_NE(details(validate(api, Version("5.5.22"), json{{"name", "a"}, {"colour", "red"}}))
                .find("unknown parameter 'colour' for API AddThing"),
            std::string::npos);
  // Host keys are not parameters of the table but are accepted.
  EXPECT_TRUE(validate(api, Version("5.1.8"), json{{"name", "a"}, {"requestIp", "10.0.0.1"}}).ok());
  const std::string refs = details(validate(api, Version("5.1.8"), json{{"name", "a"}, {"refs", json::array()}}));
  EXPECT_NE(refs.find("parameter refs is not supported by API version 5.1.8 (since 5.2.1)"), std::string::npos) << refs;
  EXPECT_TRUE(validate(api, Version("5.2.1"), json{{"name", "a"}, {"refs", json::array()}}).ok());
  EXPECT_FALSE(validate(api, Version("5.5.6"), json{{"name", "a"}, {"mode", "Public"}}).ok());
  EXPECT_TRUE(validate(api, Version("5.5.12"), json{{"name", "a"}, {"mode", "Public"}}).ok());
}

TEST(ParamRules, CodePointCount) {
  EXPECT_EQ(codePointCount(""), 0u);
  EXPECT_EQ(codePointCount("abc"), 3u);
  EXPECT_EQ(codePointCount("模型"), 2u);
  EXPECT_EQ(codePointCount("a😀b"), 3u);
}

}  // namespace
}  // namespace zstack::params
