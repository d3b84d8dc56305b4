// GET /zstack/v1/openapi.json on a real host with the ai-model plugin: served without a
// session, accepted by a third-party OpenAPI validator, describing AddModel as its parameter
// table says, and only what the configured API version serves.
#include <fstream>

#include <gtest/gtest.h>

#include "command.h"
#include "host_process.h"
#include "temp_dir.h"
#include "test_util.h"

namespace zstack::it {
namespace {

// The host's document, after checking that swagger-parser (tests/openapi/validate.mjs) accepts it.
Json validDocument(HostProcess& host) {
  const Reply reply = host.request("GET", "/openapi.json");  // no session
  EXPECT_EQ(reply.status, 200) << describe(reply);
  zstack::testing::TempDir dir("zstack-openapi");
  const std::string file = (dir.path() / "openapi.json").string();
  std::ofstream(file) << reply.body;
  const zstack::testing::CommandResult result =
      zstack::testing::runCommand({ZSTACK_NODE, ZSTACK_OPENAPI_VALIDATOR, file}, zstack::testing::baseEnvironment());
  EXPECT_EQ(result.exitCode, 0) << result.out << result.err;
  return Json::parse(reply.body, nullptr, false);
}

const Json& addModelParams(const Json& document) {
  return document["components"]["schemas"]["AddModelRequest"]["properties"]["param"];
}

TEST(OpenApiEndpointTest, TheDocumentIsValidAndDescribesAddModel) {
  HostProcess host;
  host.start();
  const Json document = validDocument(host);
  ASSERT_TRUE(document.is_object());
  EXPECT_EQ(document["info"]["version"], "5.5.28");
  const Json& operation = document["paths"]["/ai/models"]["post"];
  EXPECT_EQ(operation["x-zstack-api"], "AddModel");
  EXPECT_EQ(operation["x-zstack-async"], true);
  EXPECT_EQ(operation["x-zstack-parameter-name"], "param");
  EXPECT_EQ(operation["requestBody"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/AddModelRequest");
  const Json& params = addModelParams(document);
  EXPECT_EQ(params["required"], Json::parse(R"(["name","installPath","modelCenterUuid"])"));
  EXPECT_EQ(params["properties"]["name"]["maxLength"], 255);
  EXPECT_EQ(params["properties"]["size"]["format"], "int64");
  EXPECT_EQ(params["properties"]["shareMode"]["enum"], Json::parse(R"(["Public"])"));
  EXPECT_EQ(params["properties"]["defaultModelServiceUuid"]["x-zstack-since"], "5.5.22");
  EXPECT_EQ(params["properties"]["token"]["format"], "password");
  const Json& tags = document["components"]["schemas"]["AddModelRequest"]["properties"]["systemTags"]["x-zstack-tag-formats"];
  EXPECT_NE(std::find(tags.begin(), tags.end(), "minGpuMemory::{bytes}"), tags.end()) << tags.dump();
  EXPECT_EQ(document["paths"]["/accounts/login"]["put"]["x-zstack-api"], "LogInByAccount");
  EXPECT_EQ(document["paths"]["/tags"]["get"]["x-zstack-query"], true);
}

TEST(OpenApiEndpointTest, AnOlderApiVersionDescribesOnlyWhatItServes) {
  HostOptions options;
  options.apiVersion = "5.1.8";
  HostProcess host(options);
  host.start();
  const Json document = validDocument(host);
  ASSERT_TRUE(document.is_object());
  EXPECT_EQ(document["info"]["version"], "5.1.8");
  const Json& properties = addModelParams(document)["properties"];
  EXPECT_TRUE(properties.contains("installPath"));
  for (const char* newer : {"modelServiceUuids", "recommendedGpuNum", "modelId", "shareMode", "defaultModelServiceUuid"}) {
    EXPECT_FALSE(properties.contains(newer)) << newer;
  }
}

}  // namespace
}  // namespace zstack::it
