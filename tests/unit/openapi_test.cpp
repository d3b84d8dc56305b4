// The OpenAPI document of a registry with one API of each kind: routes, parameter schemas,
// actions merged into one operation, queries, the host's own routes, since-filtering, and a
// third-party validator's verdict.
#include "openapi/openapi.h"

#include <fstream>

#include <gtest/gtest.h>

#include "command.h"
#include "sample_apis.h"
#include "temp_dir.h"

namespace zstack {
namespace {

using nlohmann::json;

class OpenApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::addSampleApis(registry_);
    ASSERT_FALSE(HasFatalFailure());
  }
  json document(const char* version = "5.5.0") const { return openapi::document(registry_, Version(version)); }
  // A "#/components/..." reference's target.
  static const json& resolve(const json& doc, const json& node) {
    return node.contains("$ref") ? doc.at(json::json_pointer(node["$ref"].get<std::string>().substr(1))) : node;
  }
  static json parameterNamed(const json& operation, const std::string& name) {
    for (const json& p : operation.at("parameters")) {
      if (p.value("name", "") == name) return p;
    }
    return json();
  }

  Registry registry_;
};

TEST_F(OpenApiTest, CreateApiIsAPostWithItsParameterObjectTypedFromTheTable) {
  const json doc = document();
  EXPECT_EQ(doc["openapi"], "3.0.3");
  EXPECT_EQ(doc["info"]["version"], "5.5.0");
  const json& op = doc["paths"]["/things"]["post"];
  EXPECT_EQ(op["operationId"], "CreateThing");
  EXPECT_EQ(op["x-zstack-api"], "CreateThing");
  EXPECT_EQ(op["x-zstack-async"], true);
  EXPECT_EQ(op["x-zstack-query"], false);
  EXPECT_EQ(op["x-zstack-parameter-name"], "params");
  EXPECT_TRUE(op["responses"].contains("202"));
  const json& body = resolve(doc, op["requestBody"]["content"]["application/json"]["schema"]);
  EXPECT_EQ(body["required"], json::array({"params"}));
  EXPECT_EQ(body["additionalProperties"], false);
  const json& params = body["properties"]["params"];
  EXPECT_EQ(params["required"], json::array({"name"}));
  const json& p = params["properties"];
  EXPECT_EQ(p["name"]["type"], "string");
  EXPECT_EQ(p["name"]["maxLength"], 255);
  EXPECT_EQ(p["name"]["minLength"], 1);
  EXPECT_FALSE(p["name"].contains("nullable"));
  EXPECT_EQ(p["name"]["x-zstack-since"], "5.1.8");
  EXPECT_EQ(p["name"]["description"], "the name (not blank; at most 255)");
  EXPECT_EQ(p["name"]["x-description-zh"], "中文 name (不可为空; 最长 255)");
  EXPECT_EQ(p["size"]["format"], "int64");
  EXPECT_EQ(p["size"]["minimum"], 0);
  EXPECT_EQ(p["size"]["nullable"], true);
  EXPECT_EQ(p["count"]["format"], "int32");
  EXPECT_EQ(p["count"]["maximum"], 10);
  EXPECT_EQ(p["enabled"]["type"], "boolean");
  EXPECT_EQ(p["uuids"]["type"], "array");
  EXPECT_EQ(p["uuids"]["maxItems"], 8);
  EXPECT_EQ(p["uuids"]["items"]["pattern"], "^[0-9a-f]{32}$");
  EXPECT_EQ(p["labels"]["type"], "object");
  EXPECT_EQ(p["labels"]["maxProperties"], 16);
  EXPECT_EQ(p["mode"]["enum"], json::array({"Fast", "Slow"}));
  EXPECT_EQ(p["mode"]["x-zstack-since"], "5.5.0");
  EXPECT_EQ(p["secret"]["format"], "password");
  // The keys the host reads inside every parameter object, marked as such.
  EXPECT_EQ(p["requestIp"]["x-zstack-host-key"], true);
  EXPECT_EQ(p["systemTags"]["x-zstack-host-key"], true);
  const json& tags = body["properties"]["systemTags"];
  EXPECT_EQ(tags["x-zstack-tag-formats"], json::array({"color::{name}"}));
  EXPECT_EQ(tags["maxItems"], 256);
}

TEST_F(OpenApiTest, OnlyWhatTheApiVersionServesIsDescribed) {
  const json old = document("5.1.8");
  const json& oldParams = resolve(old, old["paths"]["/things"]["post"]["requestBody"]["content"]["application/json"]["schema"]);
  EXPECT_FALSE(oldParams["properties"]["params"]["properties"].contains("mode"));
  EXPECT_FALSE(oldParams["properties"]["params"]["properties"].contains("newer"));
  EXPECT_FALSE(old["paths"].contains("/gadgets"));
  const json& oldInventory = old["components"]["schemas"]["QueryThingInventory"]["properties"];
  EXPECT_TRUE(oldInventory.contains("name"));
  EXPECT_FALSE(oldInventory.contains("newField"));

  const json now = document("5.6.0");
  const json& params = resolve(now, now["paths"]["/things"]["post"]["requestBody"]["content"]["application/json"]["schema"]);
  EXPECT_TRUE(params["properties"]["params"]["properties"].contains("newer"));
  EXPECT_TRUE(now["paths"].contains("/gadgets"));
  EXPECT_TRUE(now["components"]["schemas"]["QueryThingInventory"]["properties"].contains("newField"));
}

TEST_F(OpenApiTest, ActionsSharingAPathAreOneOperationWithOneOfTheirBodies) {
  const json doc = document();
  const json& op = doc["paths"]["/things/{uuid}/actions"]["put"];
  EXPECT_EQ(op["x-zstack-actions"], json::array({"ChangeThingState", "UpdateThing"}));
  EXPECT_EQ(op["operationId"], "ChangeThingStateOrUpdateThing");
  EXPECT_FALSE(op.contains("x-zstack-api"));
  const json& uuid = parameterNamed(op, "uuid");
  EXPECT_EQ(uuid["in"], "path");
  EXPECT_EQ(uuid["required"], true);
  const json& oneOf = op["requestBody"]["content"]["application/json"]["schema"]["oneOf"];
  ASSERT_EQ(oneOf.size(), 2u);
  const json& change = resolve(doc, oneOf[0]);
  EXPECT_EQ(change["x-zstack-api"], "ChangeThingState");
  EXPECT_EQ(change["x-zstack-async"], true);
  EXPECT_EQ(change["x-zstack-parameter-name"], "changeThingState");
  // Each alternative requires its own body key and allows no other: exactly one matches.
  EXPECT_EQ(change["required"], json::array({"changeThingState"}));
  EXPECT_EQ(change["additionalProperties"], false);
  // The path variable is not repeated in the body.
  EXPECT_FALSE(change["properties"]["changeThingState"]["properties"].contains("uuid"));
  EXPECT_EQ(change["properties"]["changeThingState"]["required"], json::array({"stateEvent"}));
  const json& update = resolve(doc, oneOf[1]);
  EXPECT_EQ(update["x-zstack-api"], "UpdateThing");
  EXPECT_EQ(update["x-zstack-async"], false);
  EXPECT_FALSE(update["properties"]["updateThing"].contains("required"));  // draft 4: never an empty list
}

TEST_F(OpenApiTest, DeleteAndGetApisTakeQueryStringParameters) {
  const json doc = document();
  const json& del = doc["paths"]["/things/{uuid}"]["delete"];
  EXPECT_EQ(del["x-zstack-api"], "DeleteThing");
  EXPECT_FALSE(del.contains("requestBody"));
  EXPECT_EQ(parameterNamed(del, "uuid")["in"], "path");
  EXPECT_EQ(parameterNamed(del, "deleteMode")["in"], "query");
  EXPECT_EQ(parameterNamed(del, "deleteMode")["schema"]["enum"], json::array({"Permissive", "Enforcing"}));
  const json& get = doc["paths"]["/things/{uuid}/stats"]["get"];
  const json names = parameterNamed(get, "names");
  EXPECT_EQ(names["schema"]["type"], "array");
  EXPECT_EQ(names["explode"], true);
  EXPECT_EQ(parameterNamed(get, "verbose")["schema"]["type"], "boolean");
  EXPECT_FALSE(get["responses"].contains("202"));
}

TEST_F(OpenApiTest, QueriesHaveZStackQueryParametersAndTheirFields) {
  const json doc = document();
  const json& list = doc["paths"]["/things"]["get"];
  EXPECT_EQ(list["x-zstack-api"], "QueryThing");
  EXPECT_EQ(list["x-zstack-query"], true);
  EXPECT_EQ(list["x-zstack-resource-type"], "ThingVO");
  for (const char* name : {"q", "limit", "start", "count", "replyWithCount", "sort", "sortBy", "sortDirection", "fields"}) {
    EXPECT_FALSE(parameterNamed(list, name).is_null()) << name;
  }
  EXPECT_EQ(parameterNamed(list, "q")["explode"], true);
  EXPECT_EQ(parameterNamed(list, "fields")["explode"], false);
  EXPECT_EQ(parameterNamed(list, "limit")["schema"]["maximum"], 10000);
  // sortBy takes the fields with a column, fields= every field.
  const json sortBy = parameterNamed(list, "sortBy")["schema"]["enum"];
  EXPECT_NE(std::find(sortBy.begin(), sortBy.end(), "name"), sortBy.end());
  EXPECT_EQ(std::find(sortBy.begin(), sortBy.end(), "refs"), sortBy.end());
  const json fields = parameterNamed(list, "fields")["schema"]["items"]["enum"];
  EXPECT_NE(std::find(fields.begin(), fields.end(), "refs"), fields.end());
  const json& inventory = doc["components"]["schemas"]["QueryThingInventory"]["properties"];
  EXPECT_EQ(inventory["size"]["type"], "integer");
  EXPECT_EQ(inventory["size"]["x-zstack-queryable"], true);
  EXPECT_EQ(inventory["refs"]["x-zstack-queryable"], false);
  EXPECT_FALSE(inventory["refs"].contains("type"));
  const json& one = doc["paths"]["/things/{uuid}"]["get"];
  EXPECT_EQ(one["operationId"], "QueryThingByUuid");
  EXPECT_EQ(parameterNamed(one, "uuid")["in"], "path");
}

TEST_F(OpenApiTest, TheHostsOwnRoutesAndErrorsAreDescribed) {
  const json doc = document();
  const json& login = doc["paths"]["/accounts/login"]["put"];
  EXPECT_EQ(login["x-zstack-api"], "LogInByAccount");
  EXPECT_EQ(login["security"], json::array());
  EXPECT_EQ(login["x-zstack-parameter-name"], "logInByAccount");
  const json& logout = doc["paths"]["/accounts/sessions/{sessionUuid}"]["delete"];
  EXPECT_EQ(logout["x-zstack-api"], "LogOut");
  EXPECT_EQ(parameterNamed(logout, "sessionUuid")["in"], "path");
  const json& poll = doc["paths"]["/api-jobs/{jobUuid}"]["get"];
  EXPECT_TRUE(poll["responses"].contains("202"));
  EXPECT_TRUE(poll["responses"].contains("503"));
  EXPECT_EQ(doc["components"]["securitySchemes"]["session"]["name"], "Authorization");
  EXPECT_EQ(doc["security"], json::parse(R"([{"session":[]},{"accessKey":[]}])"));
  EXPECT_EQ(doc["components"]["securitySchemes"]["accessKey"]["name"], "Authorization");
  const json& error = doc["components"]["schemas"]["ErrorCode"];
  EXPECT_EQ(error["required"].size(), 6u);
  EXPECT_EQ(error["properties"]["cause"]["nullable"], true);
}

// The document of every sample API, checked by swagger-parser (tests/openapi/validate.mjs).
TEST_F(OpenApiTest, AThirdPartyValidatorAcceptsTheDocument) {
  testing::TempDir dir("zstack-openapi");
  for (const char* version : {"5.1.8", "5.6.0"}) {
    const std::string file = (dir.path() / (std::string(version) + ".json")).string();
    std::ofstream(file) << document(version).dump(2);
    const testing::CommandResult result =
        testing::runCommand({ZSTACK_NODE, ZSTACK_OPENAPI_VALIDATOR, file}, testing::baseEnvironment());
    EXPECT_EQ(result.exitCode, 0) << version << ":\n" << result.out << result.err;
    EXPECT_NE(result.out.find("valid: OpenAPI 3.0.3"), std::string::npos) << result.out;
  }
  // And it does refuse: a path variable without its parameter.
  json broken = document();
  broken["paths"]["/things/{uuid}"]["delete"]["parameters"] = json::array();
  const std::string file = (dir.path() / "broken.json").string();
  std::ofstream(file) << broken.dump();
  const testing::CommandResult result =
      testing::runCommand({ZSTACK_NODE, ZSTACK_OPENAPI_VALIDATOR, file}, testing::baseEnvironment());
  EXPECT_EQ(result.exitCode, 1) << result.out << result.err;
  EXPECT_NE(result.err.find("{uuid}"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace zstack
