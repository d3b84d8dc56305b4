// ai-model: recommendedGpuNum parsing, dates, isLatestVersion and the inventory shapes.
#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>

#include "gpu_num.h"
#include "inventory.h"
#include "zstack/date.h"

namespace zstack::ai {
namespace {

TEST(AiModelGpuNum, Parses) {
  EXPECT_EQ(parseGpuNumList("1,2,4"), (std::vector<int>{1, 2, 4}));
  EXPECT_EQ(parseGpuNumList("8"), (std::vector<int>{8}));
  EXPECT_EQ(parseGpuNumList(" 1 , 2 "), (std::vector<int>{1, 2}));
  EXPECT_EQ(parseGpuNumList("2147483647"), (std::vector<int>{2147483647}));
  for (const char* bad : {"", " ", "0", "-1", "1,,2", "1,", ",1", "1;2", "1.5", "a", "+1", "2147483648", "1 2"}) {
    EXPECT_FALSE(parseGpuNumList(bad)) << "[" << bad << "]";
  }
  EXPECT_EQ(joinGpuNumList({1, 2, 4}), "1,2,4");
  EXPECT_EQ(joinGpuNumList({}), "");
}

class AiModelDates : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* tz = std::getenv("TZ");
    savedTz_ = tz ? std::optional<std::string>(tz) : std::nullopt;
    setenv("TZ", "UTC", 1);
    tzset();
  }
  void TearDown() override {
    if (savedTz_) setenv("TZ", savedTz_->c_str(), 1); else unsetenv("TZ");
    tzset();
  }
  std::optional<std::string> savedTz_;
};

std::tm utc(int year, int month, int day, int hour, int minute, int second) {
  std::tm t{};
  t.tm_year = year - 1900;
  t.tm_mon = month - 1;
  t.tm_mday = day;
  t.tm_hour = hour;
  t.tm_min = minute;
  t.tm_sec = second;
  return t;
}

// A UTC database timestamp as an inventory renders it (the SDK's tables render every date field
// so, in the server's time zone).
std::string rendered(const std::tm& utc) {
  ModelCenterRecord center;
  center.createDate = utc;
  return modelCenterInventory(center, nullptr)["createDate"];
}

TEST_F(AiModelDates, RendersZStackDates) {
  EXPECT_EQ(rendered(utc(2026, 11, 29, 3, 29, 32)), "Nov 29, 2026 3:29:32 AM");
  EXPECT_EQ(rendered(utc(2026, 1, 2, 0, 5, 9)), "Jan 2, 2026 12:05:09 AM");
  EXPECT_EQ(rendered(utc(2026, 7, 14, 12, 0, 0)), "Jul 14, 2026 12:00:00 PM");
  EXPECT_EQ(rendered(utc(2025, 12, 31, 23, 59, 59)), "Dec 31, 2025 11:59:59 PM");
}

TEST_F(AiModelDates, RendersInTheServerTimeZone) {
  setenv("TZ", "Asia/Shanghai", 1);
  tzset();
  const std::string text = rendered(utc(2026, 11, 29, 3, 29, 32));
  // Without tzdata the zone falls back to UTC; with it the clock reads eight hours later.
  EXPECT_TRUE(text == "Nov 29, 2026 11:29:32 AM" || text == "Nov 29, 2026 3:29:32 AM") << text;
}

ModelServiceRefRecord ref(std::string uuid, std::string model, std::string service) {
  ModelServiceRefRecord r;
  r.uuid = std::move(uuid);
  r.modelUuid = std::move(model);
  r.modelServiceUuid = std::move(service);
  return r;
}

ModelRecord model(std::optional<std::string> semver) {
  ModelRecord m;
  m.uuid = "0123456789abcdef0123456789abcdef";
  m.name = "Qwen";
  m.installPath = "/ai";
  m.modelCenterUuid = "c";
  m.type = "Custom";
  m.versionSemver = std::move(semver);
  return m;
}

TEST(AiModelInventory, IsLatestVersion) {
  EXPECT_EQ(isLatestVersion(model(std::nullopt), {"1.0.0"}), std::nullopt);
  EXPECT_EQ(isLatestVersion(model("1.0.0"), {"1.0.0"}), true);
  EXPECT_EQ(isLatestVersion(model("1.0.0"), {"1.0.0", "1.0.0-rc.1", "0.9.0"}), true);
  EXPECT_EQ(isLatestVersion(model("1.0.0-rc.1"), {"1.0.0", "1.0.0-rc.1"}), false);
  EXPECT_EQ(isLatestVersion(model("1.0.0+b1"), {"1.0.0+b2", "1.0.0+b1"}), true);  // ties are latest
  EXPECT_EQ(isLatestVersion(model("1.10.0"), {"1.9.0", "1.10.0"}), true);
}

TEST(AiModelInventory, ModelFieldsExactlyAndNoToken) {
  ModelRecord m = model("1.0.0");
  m.token = "s3cret-token";
  m.recommendedGpuNum = "1,2,4";
  m.sampleSize = 1000;
  m.extraGpuMemRequest = 4294967296LL;
  const nlohmann::json inv = modelInventory(m, {ref("r1", m.uuid, "s1")}, true);
  std::set<std::string> keys;
  for (const auto& [key, value] : inv.items()) keys.insert(key);
  EXPECT_EQ(keys, (std::set<std::string>{
                      "uuid", "name", "description", "installPath", "parameters", "modelCenterUuid", "logo",
                      "vendor", "modelId", "introduction", "size", "version", "type", "minGpuMemory",
                      "recommendedGpuMemory", "recommendedGpuNum", "gpuConstraintDescription", "versionSemver",
                      "isLatestVersion", "artifactChecksum", "artifactSizeBytes", "architectureType",
                      "frameworkVersion", "requiredAccelerator", "pipelineTag", "modelServiceRefs",
                      "extraGpuMemRequest", "SAMPLE_SIZE", "createDate", "lastOpDate", "shareMode",
                      "defaultModelServiceUuid"}));
  EXPECT_EQ(inv.dump().find("s3cret"), std::string::npos);
  EXPECT_EQ(inv["recommendedGpuNum"], nlohmann::json::array({1, 2, 4}));
  EXPECT_EQ(inv["SAMPLE_SIZE"], 1000);
  EXPECT_EQ(inv["extraGpuMemRequest"], 4294967296LL);
  EXPECT_EQ(inv["isLatestVersion"], true);
  EXPECT_TRUE(inv["description"].is_null());
  EXPECT_TRUE(inv["minGpuMemory"].is_null());
  EXPECT_EQ(inv["modelServiceRefs"],
            nlohmann::json::parse(R"([{"uuid":"r1","modelUuid":"0123456789abcdef0123456789abcdef","modelServiceUuid":"s1"}])"));
}

TEST(AiModelInventory, EmptyListsAndNulls) {
  const nlohmann::json inv = modelInventory(model(std::nullopt), {}, std::nullopt);
  EXPECT_EQ(inv["recommendedGpuNum"], nlohmann::json::array());
  EXPECT_EQ(inv["modelServiceRefs"], nlohmann::json::array());
  EXPECT_TRUE(inv["isLatestVersion"].is_null());
  EXPECT_TRUE(inv["SAMPLE_SIZE"].is_null());
  EXPECT_EQ(inv["size"], 0);
}

TEST(AiModelInventory, CenterAndServiceFields) {
  ModelCenterRecord c;
  c.uuid = "c";
  c.managementPort = 8989;
  nlohmann::json inv = modelCenterInventory(c, modelCenterCapacity("c", 10, 20));
  std::set<std::string> keys;
  for (const auto& [key, value] : inv.items()) keys.insert(key);
  // SDK 5.1.20's ModelCenterInventory.
  EXPECT_EQ(keys, (std::set<std::string>{"uuid", "name", "description", "url", "status", "parameters", "managementIp",
                                         "managementPort", "storageNetworkUuid", "serviceNetworkUuid",
                                         "containerRegistry", "containerStorageNetwork", "containerNetwork",
                                         "capacity", "createDate", "lastOpDate"}));
  EXPECT_EQ(inv["managementPort"], 8989);
  EXPECT_TRUE(inv["status"].is_null());
  EXPECT_EQ(inv["capacity"], nlohmann::json::parse(R"({"uuid": "c", "modelUsedCapacity": 10,
      "modelServiceUsedCapacity": 20, "datasetUsedCapacity": null, "fineTuneUsedCapacity": null,
      "modelEvaluationUsedCapacity": null, "installationUsedCapacity": null, "temporaryUsedCapacity": null})"));

  ModelServiceRecord s;
  s.requestMemory = 1LL << 40;
  inv = modelServiceInventory(s, {ref("r1", "m1", "s1")});
  keys.clear();
  for (const auto& [key, value] : inv.items()) keys.insert(key);
  // SDK 5.1.20's ModelServiceInventory, and vendor and zoneUuid.
  EXPECT_EQ(keys, (std::set<std::string>{"uuid", "name", "description", "yaml", "requestCpu", "requestMemory",
                                         "modelCenterUuid", "type", "framework", "dockerImage", "size", "system",
                                         "vmImageUuid", "gpuComputeCapability", "installPath", "pythonVersion",
                                         "condaVersion", "startCommand", "modelServiceRefs", "createDate",
                                         "lastOpDate", "vendor", "zoneUuid"}));
  EXPECT_EQ(inv["system"], false);
  EXPECT_TRUE(inv["size"].is_null());
  EXPECT_EQ(inv["requestMemory"], 1LL << 40);
  EXPECT_EQ(inv["modelServiceRefs"],
            nlohmann::json::parse(R"([{"uuid":"r1","modelUuid":"m1","modelServiceUuid":"s1"}])"));
}

}  // namespace
}  // namespace zstack::ai
