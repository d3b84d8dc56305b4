// The ai-dataset plugin end to end against a real host with both plugins' .so files, as SDK
// 5.1.20's dataset actions send their calls: CreateDataset, UpdateDataset, DeleteDataset,
// QueryDataset; the token kept secret; its requirement on ai-model; DeleteModelCenter taking a
// center's datasets with it (the host's cascade, ai-model knowing nothing of datasets); and an
// upgrade from a database that has only ai-model.
#include <optional>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "host_process.h"
#include "test_util.h"

namespace zstack::it {
namespace {

// Both plugins, ai-dataset listed first: the host orders them by the requirement.
HostOptions bothPlugins() {
  HostOptions options;
  options.plugins = {aiDatasetPlugin(), aiModelPlugin()};
  return options;
}

Json datasetParam(const std::string& center, const std::string& name = "dataset") {
  return {{"name", name}, {"url", "http://datasets.example/" + name}, {"modelCenterUuid", center}};
}

class DatasetTest : public SharedHostTest<DatasetTest> {
 public:
  static HostOptions hostOptions() { return bothPlugins(); }

 protected:
  static Reply create(const Json& param, const std::optional<std::string>& session = std::nullopt) {
    return host_->call("POST", "/ai/datasets", {{"params", param}}, session);
  }
  static std::string createDataset(const std::string& center, const std::string& name, Json extra = Json::object()) {
    Json param = datasetParam(center, name);
    param.update(extra);
    const Reply reply = create(param);
    EXPECT_EQ(reply.status, 200) << describe(reply);
    return inventoryOf(reply).value("uuid", "");
  }
  static Reply query(const std::string& suffix = "") { return host_->call("GET", "/ai/datasets" + suffix, Json()); }
  static long long rows(const std::string& uuid) {
    return host_->count("SELECT COUNT(*) FROM DatasetVO WHERE uuid = " + quoted(uuid)) +
           host_->count("SELECT COUNT(*) FROM ResourceVO WHERE uuid = " + quoted(uuid));
  }
};

TEST_F(DatasetTest, CreateDatasetAnswersTheInventoryWithoutTheToken) {
  const Reply reply = create({{"name", "wiki"},
                              {"description", "a corpus"},
                              {"url", "http://datasets.example/wiki"},
                              {"modelCenterUuid", center_},
                              {"token", "s3cret-dataset-token"},
                              {"system", true}});
  ASSERT_EQ(reply.status, 200) << describe(reply);
  const Json inventory = inventoryOf(reply);
  EXPECT_TRUE(isZStackUuid(inventory.value("uuid", "")));
  EXPECT_EQ(inventory["name"], "wiki");
  EXPECT_EQ(inventory["description"], "a corpus");
  EXPECT_EQ(inventory["url"], "http://datasets.example/wiki");
  EXPECT_EQ(inventory["modelCenterUuid"], center_);
  EXPECT_TRUE(inventory["installPath"].is_null());
  EXPECT_EQ(inventory["size"], 0);
  EXPECT_EQ(inventory["system"], true);
  EXPECT_TRUE(inventory["createDate"].is_string());
  EXPECT_TRUE(inventory["lastOpDate"].is_string());
  // ZStack's DatasetInventory, key for key; the token is stored, never answered.
  std::set<std::string> keys;
  for (const auto& [key, value] : inventory.items()) keys.insert(key);
  EXPECT_EQ(keys, (std::set<std::string>{"uuid", "name", "description", "url", "installPath", "modelCenterUuid",
                                         "size", "system", "createDate", "lastOpDate"}));
  EXPECT_EQ(reply.body.find("s3cret-dataset-token"), std::string::npos);
  EXPECT_EQ(host_->text("SELECT token FROM DatasetVO WHERE uuid = " + quoted(inventory["uuid"].get<std::string>())),
            "s3cret-dataset-token");
  EXPECT_EQ(query("/" + inventory["uuid"].get<std::string>()).body.find("s3cret"), std::string::npos);
  EXPECT_EQ(host_->log().find("s3cret-dataset-token"), std::string::npos);

  // `system` defaults to false, and a caller-chosen resourceUuid is the dataset's uuid.
  const std::string chosen = "d0000000000000000000000000000001";
  Json param = datasetParam(center_, "chosen");
  param["resourceUuid"] = chosen;
  const Reply second = create(param);
  ASSERT_EQ(second.status, 200) << describe(second);
  EXPECT_EQ(inventoryOf(second)["uuid"], chosen);
  EXPECT_EQ(inventoryOf(second)["system"], false);
}

TEST_F(DatasetTest, BadCallsAreRefusedNamingTheFieldAndChangeNothing) {
  const long long before = host_->count("SELECT COUNT(*) FROM DatasetVO");
  Json noUrl = datasetParam(center_, "no-url");
  noUrl.erase("url");
  EXPECT_TRUE(isError(create(noUrl), 503, "SYS.1007", "url"));
  Json longName = datasetParam(center_, std::string(256, 'n'));
  EXPECT_TRUE(isError(create(longName), 503, "SYS.1007", "name"));
  EXPECT_TRUE(isError(create(datasetParam("0123456789abcdef0123456789abcdef", "nowhere")), 503, "SYS.1003",
                      "modelCenterUuid"));
  Json wrongType = datasetParam(center_, "wrong-type");
  wrongType["system"] = "yes";
  EXPECT_EQ(create(wrongType).status, 400);
  Json unknown = datasetParam(center_, "unknown");
  unknown["colour"] = "red";
  EXPECT_TRUE(isError(create(unknown), 503, "SYS.1007", "colour"));
  EXPECT_EQ(host_->count("SELECT COUNT(*) FROM DatasetVO"), before);
}

TEST_F(DatasetTest, UpdateDatasetChangesWhatItIsGivenOnly) {
  const std::string uuid = createDataset(center_, "to-update", {{"description", "before"}});
  Reply reply = host_->call("PUT", "/ai/datasets/" + uuid, {{"updateDataset", {{"name", "renamed"}}}});
  ASSERT_EQ(reply.status, 200) << describe(reply);
  EXPECT_EQ(inventoryOf(reply)["name"], "renamed");
  EXPECT_EQ(inventoryOf(reply)["description"], "before");
  EXPECT_EQ(host_->text("SELECT resourceName FROM ResourceVO WHERE uuid = " + quoted(uuid)), "renamed");
  reply = host_->call("PUT", "/ai/datasets/" + uuid, {{"updateDataset", {{"description", "after"}}}});
  ASSERT_EQ(reply.status, 200) << describe(reply);
  EXPECT_EQ(inventoryOf(reply)["name"], "renamed");
  EXPECT_EQ(inventoryOf(reply)["description"], "after");
  // The url is no UpdateDataset parameter.
  EXPECT_TRUE(isError(host_->call("PUT", "/ai/datasets/" + uuid, {{"updateDataset", {{"url", "http://x"}}}}), 503,
                      "SYS.1007", "url"));
  EXPECT_TRUE(isError(host_->call("PUT", "/ai/datasets/0123456789abcdef0123456789abcdef",
                                  {{"updateDataset", {{"name", "x"}}}}),
                      503, "SYS.1003", "uuid"));
}

TEST_F(DatasetTest, QueryDatasetFiltersSortsAndPicksFields) {
  const std::string center = host_->addModelCenter("query-center");
  const std::string a = createDataset(center, "query-a", {{"system", true}});
  const std::string b = createDataset(center, "query-b");
  Reply reply = query("?q=modelCenterUuid=" + center + "&sortBy=name&sortDirection=desc");
  ASSERT_EQ(reply.status, 200) << describe(reply);
  Json inventories = Json::parse(reply.body)["inventories"];
  ASSERT_EQ(inventories.size(), 2u);
  EXPECT_EQ(inventories[0]["uuid"], b);
  EXPECT_EQ(inventories[1]["uuid"], a);
  reply = query("?q=modelCenterUuid=" + center + "&q=system=true&fields=name");
  inventories = Json::parse(reply.body)["inventories"];
  ASSERT_EQ(inventories.size(), 1u) << describe(reply);
  EXPECT_EQ(inventories[0], (Json{{"name", "query-a"}}));
  EXPECT_TRUE(isError(query("?q=token=x"), 400, "SYS.1007", "token"));
}

TEST_F(DatasetTest, AnotherAccountNeitherSeesNorChangesADataset) {
  const std::string uuid = createDataset(center_, "private");
  host_->createAccount("dataset-reader", "password");
  const std::string session = host_->loginAs("dataset-reader", "password");
  Reply reply = host_->call("GET", "/ai/datasets/" + uuid, Json(), session);
  ASSERT_EQ(reply.status, 200) << describe(reply);
  EXPECT_TRUE(Json::parse(reply.body)["inventories"].empty());
  EXPECT_TRUE(isError(host_->call("DELETE", "/ai/datasets/" + uuid, Json(), session), 503, "ID.1002", "uuid"));
  EXPECT_TRUE(isError(create(datasetParam(center_, "on-anothers-center"), session), 503, "ID.1002", "modelCenterUuid"));
  EXPECT_EQ(rows(uuid), 2);
}

TEST_F(DatasetTest, DeleteDatasetRemovesItAndWhatTheHostKeeps) {
  const std::string uuid = createDataset(center_, "to-delete");
  const Reply reply = host_->call("DELETE", "/ai/datasets/" + uuid, Json());
  ASSERT_EQ(reply.status, 200) << describe(reply);
  EXPECT_EQ(rows(uuid), 0);
  EXPECT_EQ(host_->count("SELECT COUNT(*) FROM AccountResourceRefVO WHERE resourceUuid = " + quoted(uuid)), 0);
}

TEST_F(DatasetTest, DeletingAModelCenterTakesItsDatasetsWithIt) {
  const std::string center = host_->addModelCenter("doomed-center");
  const std::string kept = host_->addModelCenter("kept-center");
  const std::string first = createDataset(center, "doomed-1");
  const std::string second = createDataset(center, "doomed-2");
  const std::string other = createDataset(kept, "kept");
  const Reply reply = host_->call("DELETE", "/ai/model-centers/" + center, Json());
  ASSERT_EQ(reply.status, 200) << describe(reply);
  EXPECT_EQ(rows(first), 0);
  EXPECT_EQ(rows(second), 0);
  EXPECT_EQ(host_->count("SELECT COUNT(*) FROM ModelCenterVO WHERE uuid = " + quoted(center)), 0);
  EXPECT_EQ(rows(other), 2);
  EXPECT_NE(host_->log().find("started plugin ai-dataset"), std::string::npos);
}

TEST(DatasetPluginTest, WithoutAiModelItIsRefusedWithOneLineNamingBoth) {
  HostOptions options;
  options.plugins = {aiDatasetPlugin()};
  HostProcess host(options);
  const ExitResult result = host.runToExit();
  EXPECT_NE(result.exitCode, 0);
  EXPECT_NE(result.output.find("plugin ai-dataset requires ai-model"), std::string::npos) << result.output;
}

// A database that had only ai-model gets ai-dataset's schema at the next start, and keeps
// everything it had.
TEST(DatasetPluginTest, AnAiModelDatabaseUpgradesToBothPlugins) {
  HostProcess host;  // ai-model only
  host.start();
  const std::string center = host.addModelCenter("before-datasets");
  const Reply model = host.addModel(HostProcess::modelParam(center, "kept-model"));
  ASSERT_EQ(model.status, 200) << describe(model);
  EXPECT_EQ(host.call("POST", "/ai/datasets", Json{{"params", datasetParam(center)}}).status, 404);
  host.stop();

  host.options().plugins = bothPlugins().plugins;
  host.start();
  EXPECT_NE(host.log().find("applied ai-dataset V5.5.22"), std::string::npos) << host.log();
  EXPECT_EQ(host.count("SELECT COUNT(*) FROM ModelVO WHERE name = 'kept-model'"), 1);
  const Reply created = host.call("POST", "/ai/datasets", Json{{"params", datasetParam(center, "after-upgrade")}});
  ASSERT_EQ(created.status, 200) << describe(created);
  EXPECT_EQ(inventoryOf(created)["modelCenterUuid"], center);
}

}  // namespace
}  // namespace zstack::it
