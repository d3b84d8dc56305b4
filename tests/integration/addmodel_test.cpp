// AddModel end to end against a real host: the user's seed example, inventory shape, tags,
// tag patterns, model services, resourceUuid and shareMode.
#include <regex>
#include <set>

#include <gtest/gtest.h>

#include "host_process.h"
#include "test_util.h"

namespace zstack::it {
namespace {

// The seed example of the user's page, byte for byte, with a placeholder for the center.
const char kSeedBody[] = R"({
"param": {
"name": "Qwen 1.5 32B",
"installPath": "192.168.10.12:/ai/model_center/Qwen_1.5_23B",
"description": "This is qwen 1.5 32B ai model",
"parameters": "model parameters",
"modelCenterUuid": "uuid",
"logo": "logo base64 string",
"vendor": "Alibaba",
"introduction": "This is a md5 format string",
"size": 102400,
"version": "CustomizeVersion"
},
"systemTags": [],
"userTags": []
})";

std::string seedWithCenter(const std::string& centerUuid) {
  std::string body = kSeedBody;
  const std::string from = "\"modelCenterUuid\": \"uuid\"";
  body.replace(body.find(from), from.size(), "\"modelCenterUuid\": \"" + centerUuid + "\"");
  return body;
}

const std::vector<std::string> kInventoryFields = {
    "uuid", "name", "description", "installPath", "parameters", "modelCenterUuid", "logo", "vendor", "modelId",
    "introduction", "size", "version", "type", "minGpuMemory", "recommendedGpuMemory", "recommendedGpuNum",
    "gpuConstraintDescription", "versionSemver", "isLatestVersion", "artifactChecksum", "artifactSizeBytes",
    "architectureType", "frameworkVersion", "requiredAccelerator", "pipelineTag", "modelServiceRefs",
    "extraGpuMemRequest", "SAMPLE_SIZE", "createDate", "lastOpDate", "shareMode", "defaultModelServiceUuid"};

class AddModelTest : public SharedHostTest<AddModelTest> {
 protected:
  static Json param(const std::string& name) { return HostProcess::modelParam(center_, name); }
  static long long rows(const std::string& table, const std::string& where) {
    return host_->count("SELECT COUNT(*) FROM " + table + " WHERE " + where);
  }
};

TEST_F(AddModelTest, SeedExampleAnswers202ThenTheFullInventory) {
  const long long jobsBefore = host_->count("SELECT COUNT(*) FROM AsyncRestVO");
  Reply accepted = host_->post("/ai/models", seedWithCenter(center_));
  ASSERT_EQ(accepted.status, 202) << describe(accepted);
  const Json location = Json::parse(accepted.body, nullptr, false);
  ASSERT_TRUE(location.is_object() && location.size() == 1 && location["location"].is_string()) << accepted.body;
  const std::string url = location["location"];
  const std::regex form("^http://127\\.0\\.0\\.1:" + std::to_string(host_->port()) + "/zstack/v1/api-jobs/[0-9a-f]{32}$");
  EXPECT_TRUE(std::regex_match(url, form)) << url;
  EXPECT_EQ(host_->count("SELECT COUNT(*) FROM AsyncRestVO"), jobsBefore + 1);

  Reply done = host_->waitJob(url);
  ASSERT_EQ(done.status, 200) << describe(done);
  const Json body = Json::parse(done.body);
  ASSERT_TRUE(body.is_object() && body.contains("inventory")) << done.body;
  const Json& inv = body["inventory"];
  for (const std::string& field : kInventoryFields) EXPECT_TRUE(inv.contains(field)) << "missing field " << field;
  EXPECT_FALSE(inv.contains("token"));

  EXPECT_TRUE(isZStackUuid(inv.value("uuid", ""))) << inv["uuid"];
  EXPECT_EQ(inv["name"], "Qwen 1.5 32B");
  EXPECT_EQ(inv["installPath"], "192.168.10.12:/ai/model_center/Qwen_1.5_23B");
  EXPECT_EQ(inv["description"], "This is qwen 1.5 32B ai model");
  EXPECT_EQ(inv["parameters"], "model parameters");
  EXPECT_EQ(inv["modelCenterUuid"], center_);
  EXPECT_EQ(inv["logo"], "logo base64 string");
  EXPECT_EQ(inv["vendor"], "Alibaba");
  EXPECT_EQ(inv["introduction"], "This is a md5 format string");
  EXPECT_EQ(inv["size"], 102400);
  EXPECT_EQ(inv["version"], "CustomizeVersion");
  EXPECT_EQ(inv["type"], "Custom");
  EXPECT_EQ(inv["recommendedGpuNum"], Json::array());
  EXPECT_EQ(inv["modelServiceRefs"], Json::array());
  for (const char* field : {"modelId", "minGpuMemory", "recommendedGpuMemory", "gpuConstraintDescription",
                            "versionSemver", "artifactChecksum", "artifactSizeBytes", "architectureType",
                            "frameworkVersion", "requiredAccelerator", "pipelineTag", "extraGpuMemRequest",
                            "SAMPLE_SIZE", "shareMode", "defaultModelServiceUuid"}) {
    EXPECT_TRUE(inv[field].is_null()) << field << " = " << inv[field];
  }
  // ZStack's date form: "Nov 29, 2026 3:29:32 AM".
  const std::regex date("^[A-Z][a-z]{2} \\d{1,2}, \\d{4} \\d{1,2}:\\d{2}:\\d{2} (AM|PM)$");
  EXPECT_TRUE(inv["createDate"].is_string() && std::regex_match(inv["createDate"].get<std::string>(), date))
      << inv["createDate"];
  EXPECT_TRUE(inv["lastOpDate"].is_string() && std::regex_match(inv["lastOpDate"].get<std::string>(), date))
      << inv["lastOpDate"];

  const std::string uuid = inv["uuid"];
  EXPECT_EQ(rows("ModelVO", "uuid = " + quoted(uuid) + " AND size = 102400 AND type = 'Custom'"), 1);
  EXPECT_EQ(rows("ResourceVO", "uuid = " + quoted(uuid)), 1);
  EXPECT_EQ(rows("AccountResourceRefVO", "resourceUuid = " + quoted(uuid)), 1);
  // Polling again gives the same answer.
  Reply again = host_->waitJob(url);
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(inventoryOf(again), inv);
}

TEST_F(AddModelTest, TokenIsStoredButNeverReturnedNorLogged) {
  const std::string token = "hf_TOKENc0ffee5ecret9876";
  Json p = param("with-token");
  p["token"] = token;
  Reply accepted = host_->post("/ai/models", Json{{"param", p}}.dump());
  ASSERT_EQ(accepted.status, 202) << describe(accepted);
  Reply done = host_->waitJob(Json::parse(accepted.body)["location"]);
  ASSERT_EQ(done.status, 200) << describe(done);
  const Json inv = inventoryOf(done);
  EXPECT_FALSE(inv.contains("token"));
  EXPECT_EQ(done.body.find(token), std::string::npos) << done.body;
  EXPECT_EQ(accepted.body.find(token), std::string::npos);
  for (const auto& [name, value] : done.headers) EXPECT_EQ(value.find(token), std::string::npos) << name;
  EXPECT_EQ(rows("ModelVO", "uuid = " + quoted(inv.value("uuid", "")) + " AND token = " + quoted(token)), 1);
  // Also through Prefer: wait.
  p["name"] = "with-token-2";
  Reply direct = host_->addModel(p);
  ASSERT_EQ(direct.status, 200) << describe(direct);
  EXPECT_EQ(direct.body.find(token), std::string::npos);
  EXPECT_EQ(host_->log().find(token), std::string::npos) << "the token appears in the host log";
  EXPECT_EQ(host_->count("SELECT COUNT(*) FROM AsyncRestVO WHERE requestData LIKE " + quoted("%" + token + "%") +
                         " OR result LIKE " + quoted("%" + token + "%")),
            0)
      << "the token is kept in a job row";
}

TEST_F(AddModelTest, SeedLiterallyFailsWithResourceNotFound) {
  const long long modelsBefore = rows("ModelVO", "1 = 1");
  Reply accepted = host_->post("/ai/models", kSeedBody, std::nullopt,
                               {{"Content-Type", "application/json;charset=UTF-8"}, {"X-JSON-Schema", "true"}});
  ASSERT_EQ(accepted.status, 202) << describe(accepted);
  Reply done = host_->waitJob(Json::parse(accepted.body)["location"]);
  EXPECT_TRUE(isError(done, 503, "SYS.1003", "uuid"));
  EXPECT_EQ(rows("ModelVO", "1 = 1"), modelsBefore);
}

TEST_F(AddModelTest, PreferWaitAnswersTheResultDirectly) {
  Reply reply = host_->post("/ai/models", Json{{"param", param("waited")}}.dump(), std::nullopt, {{"Prefer", "wait=10"}});
  ASSERT_EQ(reply.status, 200) << describe(reply);
  const Json inv = inventoryOf(reply);
  EXPECT_EQ(inv["name"], "waited");
  EXPECT_EQ(inv["size"], 0);
  EXPECT_EQ(rows("ModelVO", "uuid = " + quoted(inv.value("uuid", ""))), 1);
}

TEST_F(AddModelTest, TagsAtTopLevelAndInsideParamAreAllStored) {
  Json p = param("tagged");
  p["systemTags"] = {"sampleSize::1000"};
  p["userTags"] = {"inner-user-tag"};
  p["requestIp"] = "10.0.0.1";  // what the SDKs send
  Reply reply = host_->addModel(p, {"minGpuMemory::1024"}, {"top-user-tag"});
  ASSERT_EQ(reply.status, 200) << describe(reply);
  const Json inv = inventoryOf(reply);
  const std::string uuid = inv.value("uuid", "");
  EXPECT_EQ(inv["minGpuMemory"], 1024);
  EXPECT_EQ(inv["SAMPLE_SIZE"], 1000);
  EXPECT_EQ(rows("SystemTagVO", "resourceUuid = " + quoted(uuid)), 2);
  EXPECT_EQ(rows("SystemTagVO", "resourceUuid = " + quoted(uuid) + " AND tag = 'minGpuMemory::1024'"), 1);
  EXPECT_EQ(rows("SystemTagVO", "resourceUuid = " + quoted(uuid) + " AND tag = 'sampleSize::1000'"), 1);
  EXPECT_EQ(rows("UserTagVO", "resourceUuid = " + quoted(uuid)), 2);
  EXPECT_EQ(rows("UserTagVO", "resourceUuid = " + quoted(uuid) + " AND tag = 'top-user-tag'"), 1);
  EXPECT_EQ(rows("UserTagVO", "resourceUuid = " + quoted(uuid) + " AND tag = 'inner-user-tag'"), 1);
}

TEST_F(AddModelTest, SystemTagsFillInventoryFields) {
  Json p = param("filled");
  p["modelId"] = "Qwen/Filled-7B";
  p["recommendedGpuNum"] = "1,2,4";
  p["gpuConstraintDescription"] = "needs NVLink";
  const std::string sha = std::string(64, 'a');
  Reply reply = host_->addModel(
      p, {"minGpuMemory::1024", "recommendedGpuMemory::2048", "extraGpuMemRequest::4294967296", "sampleSize::1000",
          "versionSemver::1.2.3", "artifactChecksum::sha256:" + sha, "artifactSizeBytes::123456789",
          "architectureType::x86_64", "frameworkVersion::vllm-0.6.3", "requiredAccelerator::A100",
          "pipelineTag::text-generation"});
  ASSERT_EQ(reply.status, 200) << describe(reply);
  const Json inv = inventoryOf(reply);
  EXPECT_EQ(inv["minGpuMemory"], 1024);
  EXPECT_EQ(inv["recommendedGpuMemory"], 2048);
  EXPECT_EQ(inv["extraGpuMemRequest"], 4294967296LL);
  EXPECT_EQ(inv["SAMPLE_SIZE"], 1000);
  EXPECT_EQ(inv["versionSemver"], "1.2.3");
  EXPECT_EQ(inv["isLatestVersion"], true);
  EXPECT_EQ(inv["artifactChecksum"], "sha256:" + sha);
  EXPECT_EQ(inv["artifactSizeBytes"], 123456789);
  EXPECT_EQ(inv["architectureType"], "x86_64");
  EXPECT_EQ(inv["frameworkVersion"], "vllm-0.6.3");
  EXPECT_EQ(inv["requiredAccelerator"], "A100");
  EXPECT_EQ(inv["pipelineTag"], "text-generation");
  EXPECT_EQ(inv["modelId"], "Qwen/Filled-7B");
  EXPECT_EQ(inv["recommendedGpuNum"], Json::array({1, 2, 4}));
  EXPECT_EQ(inv["gpuConstraintDescription"], "needs NVLink");

  // 1.10.0 > 1.2.3 by semver (not by text): the new one is the latest.
  p["name"] = "filled-newer";
  Reply newer = host_->addModel(p, {"versionSemver::1.10.0"});
  ASSERT_EQ(newer.status, 200) << describe(newer);
  EXPECT_EQ(inventoryOf(newer)["versionSemver"], "1.10.0");
  EXPECT_EQ(inventoryOf(newer)["isLatestVersion"], true);
  // An older one added afterwards is not.
  p["name"] = "filled-older";
  Reply older = host_->addModel(p, {"versionSemver::1.9.0"});
  ASSERT_EQ(older.status, 200) << describe(older);
  EXPECT_EQ(inventoryOf(older)["isLatestVersion"], false);
}

TEST_F(AddModelTest, LatestVersionComparesSemverWithinTheNameWhenNoModelId) {
  Reply first = host_->addModel(param("family-by-name"), {"versionSemver::2.0.0"});
  ASSERT_EQ(first.status, 200) << describe(first);
  EXPECT_EQ(inventoryOf(first)["isLatestVersion"], true);
  Reply rc = host_->addModel(param("family-by-name"), {"versionSemver::2.0.0-rc.1"});
  ASSERT_EQ(rc.status, 200) << describe(rc);
  EXPECT_EQ(inventoryOf(rc)["isLatestVersion"], false) << "2.0.0-rc.1 < 2.0.0 by semver";
  Reply other = host_->addModel(param("family-by-name-other"), {"versionSemver::0.0.1"});
  ASSERT_EQ(other.status, 200) << describe(other);
  EXPECT_EQ(inventoryOf(other)["isLatestVersion"], true) << "another family";
}

TEST_F(AddModelTest, DuplicateUserTagsAreKeptOnce) {
  Json p = param("dup-user-tags");
  p["userTags"] = {"dup"};
  Reply reply = host_->addModel(p, {}, {"dup", "dup"});
  ASSERT_EQ(reply.status, 200) << describe(reply);
  EXPECT_EQ(rows("UserTagVO", "resourceUuid = " + quoted(inventoryOf(reply).value("uuid", ""))), 1);
  Json q = param("long-user-tag");
  EXPECT_TRUE(isError(host_->addModel(q, {}, {std::string(2049, 'u')}), 503, "SYS.1007"));
  EXPECT_EQ(rows("ModelVO", "name = 'long-user-tag'"), 0);
}

TEST_F(AddModelTest, RecommendedGpuNumMustBePositiveIntegers) {
  for (const char* bad : {"0", "1,,2", "a", "-1", "1.5", "1,2,"}) {
    Json p = param("bad-gpu-num");
    p["recommendedGpuNum"] = bad;
    EXPECT_TRUE(isError(host_->addModel(p), 503, "SYS.1007", "recommendedGpuNum")) << bad;
  }
  EXPECT_EQ(rows("ModelVO", "name = 'bad-gpu-num'"), 0);
}

TEST_F(AddModelTest, ListParametersAreBounded) {
  Json p = param("too-many-tags");
  Json many = Json::array();
  for (int i = 0; i < 10000; ++i) many.push_back("0123456789abcdef0123456789abcdef");
  p["tagUuids"] = many;
  Reply reply = host_->addModel(p);
  EXPECT_TRUE(reply.status == 400 || reply.status == 503) << describe(reply);
  EXPECT_TRUE(isErrorBody(reply));
  EXPECT_NE(reply.body.find("SYS.1007"), std::string::npos) << describe(reply);
}

TEST_F(AddModelTest, EphemeralTagIsAcceptedAndNotStored) {
  Reply reply = host_->addModel(param("ephemeral"), {"ephemeral::x"});
  ASSERT_EQ(reply.status, 200) << describe(reply);
  EXPECT_EQ(rows("SystemTagVO", "resourceUuid = " + quoted(inventoryOf(reply).value("uuid", ""))), 0);
  EXPECT_EQ(rows("SystemTagVO", "tag LIKE 'ephemeral%'"), 0);
}

TEST_F(AddModelTest, BadSystemTagsAreInvalidArguments) {
  const long long modelsBefore = rows("ModelVO", "1 = 1");
  for (const std::string tag : {"foo::bar", "minGpuMemory::-1", "sampleSize::0", "versionSemver::1.2",
                                "artifactChecksum::md5:abc", "pipelineTag::not-a-pipeline-tag"}) {
    Reply reply = host_->addModel(param("bad-tag"), {tag});
    EXPECT_TRUE(isError(reply, 503, "SYS.1007", tag)) << tag;
  }
  EXPECT_EQ(rows("ModelVO", "1 = 1"), modelsBefore);
  EXPECT_EQ(rows("ModelVO", "name = 'bad-tag'"), 0);
}

TEST_F(AddModelTest, TagUuidsAttachTagPatternsAsUserTags) {
  const std::string tag = host_->createTag("t", "v");
  ASSERT_TRUE(isZStackUuid(tag)) << tag;
  EXPECT_EQ(rows("TagPatternVO", "uuid = " + quoted(tag) + " AND name = 't' AND value = 'v'"), 1);
  Json p = param("with-tag-pattern");
  p["tagUuids"] = {tag};
  Reply reply = host_->addModel(p);
  ASSERT_EQ(reply.status, 200) << describe(reply);
  const std::string uuid = inventoryOf(reply).value("uuid", "");
  EXPECT_EQ(rows("UserTagVO", "resourceUuid = " + quoted(uuid) + " AND tagPatternUuid = " + quoted(tag)), 1);
}

TEST_F(AddModelTest, UnknownTagUuidIsResourceNotFound) {
  Json p = param("with-unknown-tag");
  p["tagUuids"] = {"0123456789abcdef0123456789abcdef"};
  EXPECT_TRUE(isError(host_->addModel(p), 503, "SYS.1003", "0123456789abcdef0123456789abcdef"));
  EXPECT_EQ(rows("ModelVO", "name = 'with-unknown-tag'"), 0);
}

TEST_F(AddModelTest, ModelServicesAreBound) {
  const std::string s1 = host_->addModelService(center_, "svc-1");
  const std::string s2 = host_->addModelService(center_, "svc-2");
  Json p = param("bound");
  p["modelServiceUuids"] = {s1};
  p["defaultModelServiceUuid"] = s2;
  Reply reply = host_->addModel(p);
  ASSERT_EQ(reply.status, 200) << describe(reply);
  const Json inv = inventoryOf(reply);
  const std::string uuid = inv.value("uuid", "");
  EXPECT_EQ(inv["defaultModelServiceUuid"], s2);
  ASSERT_TRUE(inv["modelServiceRefs"].is_array());
  EXPECT_EQ(inv["modelServiceRefs"].size(), 2u);
  std::set<std::string> bound;
  for (const Json& ref : inv["modelServiceRefs"]) {
    EXPECT_TRUE(isZStackUuid(ref.value("uuid", ""))) << ref;
    EXPECT_EQ(ref.value("modelUuid", ""), uuid) << ref;
    bound.insert(ref.value("modelServiceUuid", ""));
  }
  EXPECT_EQ(bound, (std::set<std::string>{s1, s2}));
  EXPECT_EQ(rows("ModelServiceRefVO", "modelUuid = " + quoted(uuid)), 2);

  // The default already in the list: still one row per service.
  p["name"] = "bound-once";
  p["modelServiceUuids"] = {s1, s2};
  p["defaultModelServiceUuid"] = s1;
  Reply once = host_->addModel(p);
  ASSERT_EQ(once.status, 200) << describe(once);
  EXPECT_EQ(inventoryOf(once)["modelServiceRefs"].size(), 2u);
  EXPECT_EQ(rows("ModelServiceRefVO", "modelUuid = " + quoted(inventoryOf(once).value("uuid", ""))), 2);

  // An unknown service: SYS.1003, nothing written.
  p["name"] = "bound-unknown";
  p["modelServiceUuids"] = {"fedcba9876543210fedcba9876543210"};
  p.erase("defaultModelServiceUuid");
  EXPECT_TRUE(isError(host_->addModel(p), 503, "SYS.1003", "fedcba9876543210fedcba9876543210"));
  EXPECT_EQ(rows("ModelVO", "name = 'bound-unknown'"), 0);
}

TEST_F(AddModelTest, ResourceUuidIsHonouredOnce) {
  const std::string chosen = "5e1ec7ed0000400080001234abcdef01";
  Json p = param("chosen");
  p["resourceUuid"] = chosen;
  Reply reply = host_->addModel(p);
  ASSERT_EQ(reply.status, 200) << describe(reply);
  EXPECT_EQ(inventoryOf(reply)["uuid"], chosen);
  EXPECT_EQ(rows("ModelVO", "uuid = " + quoted(chosen)), 1);

  p["name"] = "chosen-again";
  EXPECT_TRUE(isError(host_->addModel(p), 503, "SYS.1006", chosen));
  EXPECT_EQ(rows("ModelVO", "name = 'chosen-again'"), 0);

  p["name"] = "chosen-malformed";
  p["resourceUuid"] = "5E1EC7ED-0000-4000-8000-1234ABCDEF01";
  EXPECT_TRUE(isError(host_->addModel(p), 503, "SYS.1007", "resourceUuid"));
}

TEST_F(AddModelTest, ShareModeAcceptsOnlyPublic) {
  Json p = param("private");
  p["shareMode"] = "Private";
  EXPECT_TRUE(isError(host_->addModel(p), 503, "SYS.1007", "shareMode"));
  EXPECT_EQ(rows("ModelVO", "name = 'private'"), 0);

  p["name"] = "public";
  p["shareMode"] = "Public";
  Reply reply = host_->addModel(p);
  ASSERT_EQ(reply.status, 200) << describe(reply);
  const Json inv = inventoryOf(reply);
  EXPECT_EQ(inv["shareMode"], "Public");
  EXPECT_EQ(rows("SharedResourceVO", "resourceUuid = " + quoted(inv.value("uuid", "")) + " AND toPublic = 1"), 1);
}

}  // namespace
}  // namespace zstack::it
