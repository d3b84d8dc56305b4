// The served API version: parameters newer than it are rejected naming their version; a version
// newer than the plugins support stops the host; an upgrade keeps the older models.
#include <map>

#include <gtest/gtest.h>

#include "host_process.h"
#include "test_util.h"

namespace zstack::it {
namespace {

class ApiVersion518Test : public SharedHostTest<ApiVersion518Test> {
 public:
  static HostOptions hostOptions() {
    HostOptions options;
    options.apiVersion = "5.1.8";
    return options;
  }
};

TEST_F(ApiVersion518Test, ModelServiceUuidsNeeds521) {
  Json p = HostProcess::modelParam(center_, "v518-services");
  p["modelServiceUuids"] = {"0123456789abcdef0123456789abcdef"};
  Reply reply = host_->addModel(p);
  EXPECT_TRUE(isError(reply, 503, "SYS.1007", "5.2.1"));
  EXPECT_TRUE(isError(reply, 503, "SYS.1007", "modelServiceUuids"));
}

TEST_F(ApiVersion518Test, ShareModeNeeds5512) {
  Json p = HostProcess::modelParam(center_, "v518-share");
  p["shareMode"] = "Public";
  Reply reply = host_->addModel(p);
  EXPECT_TRUE(isError(reply, 503, "SYS.1007", "5.5.12"));
  EXPECT_TRUE(isError(reply, 503, "SYS.1007", "shareMode"));
}

TEST_F(ApiVersion518Test, EveryNewerParameterNamesItsVersion) {
  const std::vector<std::pair<std::string, Json>> newer = {
      {"recommendedGpuNum", "1,2"}, {"gpuConstraintDescription", "x"}, {"modelId", "Qwen/Q"},
      {"defaultModelServiceUuid", "0123456789abcdef0123456789abcdef"}};
  const std::map<std::string, std::string> since = {{"recommendedGpuNum", "5.4.6"},
                                                    {"gpuConstraintDescription", "5.4.6"},
                                                    {"modelId", "5.5.6"},
                                                    {"defaultModelServiceUuid", "5.5.22"}};
  for (const auto& [name, value] : newer) {
    Json p = HostProcess::modelParam(center_, "v518-" + name);
    p[name] = value;
    Reply reply = host_->addModel(p);
    EXPECT_TRUE(isError(reply, 503, "SYS.1007", name)) << name;
    EXPECT_TRUE(isError(reply, 503, "SYS.1007", since.at(name))) << name;
  }
  EXPECT_EQ(host_->count("SELECT COUNT(*) FROM ModelVO"), host_->count("SELECT COUNT(*) FROM ModelVO WHERE name NOT LIKE 'v518-%'"));
}

TEST_F(ApiVersion518Test, PlainAddModelWorks) {
  Json p = HostProcess::modelParam(center_, "v518-plain");
  p["size"] = 7;
  p["version"] = "v1";
  Reply reply = host_->addModel(p, {"minGpuMemory::1024"}, {"u"});
  ASSERT_EQ(reply.status, 200) << describe(reply);
  const Json inv = inventoryOf(reply);
  EXPECT_EQ(inv["name"], "v518-plain");
  EXPECT_EQ(inv["size"], 7);
  EXPECT_EQ(inv["type"], "Custom");
  EXPECT_EQ(inv["minGpuMemory"], 1024);
  EXPECT_EQ(host_->count("SELECT COUNT(*) FROM ModelVO WHERE uuid = " + quoted(inv.value("uuid", ""))), 1);
}

TEST(ApiVersionTest, VersionNewerThanThePluginsRefusesToStart) {
  HostOptions options;
  options.apiVersion = "9.9.9";
  HostProcess host(options);
  const ExitResult result = host.runToExit();
  EXPECT_NE(result.exitCode, 0) << result.output;
  EXPECT_NE(result.exitCode, -1) << "the host kept running: " << result.output;
  EXPECT_NE(result.output.find("9.9.9"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("newer than"), std::string::npos) << result.output;
}

TEST(ApiVersionTest, UpgradeKeepsOlderModelsWithNewFieldsEmpty) {
  HostOptions options;
  options.apiVersion = "5.1.8";
  HostProcess host(options);
  ASSERT_NO_THROW(host.start());
  const std::string center = host.addModelCenter();
  Reply old = host.addModel(HostProcess::modelParam(center, "before-upgrade"));
  ASSERT_EQ(old.status, 200) << describe(old);
  const std::string oldUuid = inventoryOf(old).value("uuid", "");
  ASSERT_EQ(host.stop(), 0);

  host.options().apiVersion = "5.5.22";
  ASSERT_NO_THROW(host.start());
  host.login();
  Json p = HostProcess::modelParam(center, "after-upgrade");
  p["modelId"] = "Qwen/After";
  p["shareMode"] = "Public";
  Reply fresh = host.addModel(p);
  ASSERT_EQ(fresh.status, 200) << describe(fresh);
  EXPECT_EQ(inventoryOf(fresh)["modelId"], "Qwen/After");
  EXPECT_EQ(host.count("SELECT COUNT(*) FROM ModelVO WHERE uuid = " + quoted(oldUuid) +
                       " AND modelId IS NULL AND shareMode IS NULL AND defaultModelServiceUuid IS NULL"),
            1);
  EXPECT_EQ(host.count("SELECT COUNT(*) FROM ModelVO"), 2);
}

}  // namespace
}  // namespace zstack::it
