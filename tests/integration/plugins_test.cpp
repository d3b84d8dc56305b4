// The plugin loader seen from outside: missing, optional, bad-ABI, failing and throwing
// plugins; disabled plugins; another plugin's API; and an extension's flows in AddModel.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "host_process.h"
#include "test_util.h"

namespace zstack::it {
namespace {

PluginSpec testPlugin(const std::string& name, const std::string& target) {
  PluginSpec spec;
  spec.name = name;
  spec.library = pluginLibrary(target);
  return spec;
}

std::vector<std::string> linesOf(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

bool hasLineWithAll(const std::string& text, const std::vector<std::string>& parts) {
  for (const std::string& line : linesOf(text)) {
    bool all = true;
    for (const std::string& part : parts) all = all && line.find(part) != std::string::npos;
    if (all) return true;
  }
  return false;
}

ExitResult runWith(std::vector<PluginSpec> plugins) {
  HostOptions options;
  options.plugins = std::move(plugins);
  HostProcess host(options);
  return host.runToExit();
}

TEST(PluginsTest, MissingLibraryStopsTheHost) {
  PluginSpec ghost = testPlugin("ghost", "zstack-no-such-plugin");
  const ExitResult result = runWith({aiModelPlugin(), ghost});
  EXPECT_GT(result.exitCode, 0) << result.output;
  // One line names the plugin and says why: the file does not exist (dlerror's words, or ours).
  bool named = false;
  for (const char* reason : {"No such file", "not found", "does not exist", "cannot open shared object"}) {
    named = named || hasLineWithAll(result.output, {"ghost", "zstack-no-such-plugin", reason});
  }
  EXPECT_TRUE(named) << "no line names plugin ghost and says its library is missing:\n" << result.output;
}

TEST(PluginsTest, UnloadableLibraryStopsTheHostSayingWhy) {
  HostOptions options;
  HostProcess host(options);
  const std::string garbage = (host.dir() / "libgarbage.so").string();
  std::ofstream(garbage) << "this is not an ELF shared object\n";
  PluginSpec bad;
  bad.name = "garbage";
  bad.library = garbage;
  host.options().plugins = {aiModelPlugin(), bad};
  const ExitResult result = host.runToExit();
  EXPECT_GT(result.exitCode, 0) << result.output;
  // dlopen's own reason ("invalid ELF header" / "file too short"), not a generic errno text.
  EXPECT_TRUE(hasLineWithAll(result.output, {"garbage", "invalid ELF header"}) ||
              hasLineWithAll(result.output, {"garbage", "file too short"}))
      << result.output;
}

TEST(PluginsTest, SharedLibraryThatIsNoPluginStopsTheHost) {
  PluginSpec notPlugin;
  notPlugin.name = "not-a-plugin";
  notPlugin.library = pluginLibrary("zstack-ai-model");  // placeholder, replaced below
  for (const char* candidate : {"/usr/lib/x86_64-linux-gnu/libsqlite3.so.0", "/lib/x86_64-linux-gnu/libsqlite3.so.0",
                                "/usr/lib/x86_64-linux-gnu/libz.so.1"}) {
    if (std::filesystem::exists(candidate)) {
      notPlugin.library = candidate;
      break;
    }
  }
  if (notPlugin.library == pluginLibrary("zstack-ai-model")) GTEST_SKIP() << "no system library to try";
  const ExitResult result = runWith({aiModelPlugin(), notPlugin});
  EXPECT_GT(result.exitCode, 0) << result.output;
  EXPECT_TRUE(hasLineWithAll(result.output, {"not-a-plugin", "not a zstack plugin"})) << result.output;
}

TEST(PluginsTest, MissingOptionalLibraryIsSkipped) {
  PluginSpec ghost = testPlugin("ghost", "zstack-no-such-plugin");
  ghost.optional = true;
  HostOptions options;
  options.plugins = {aiModelPlugin(), ghost};
  HostProcess host(options);
  ASSERT_NO_THROW(host.start());
  EXPECT_TRUE(hasLineWithAll(host.log(), {"ghost"})) << host.log();
  const std::string center = host.addModelCenter();
  Reply reply = host.addModel(HostProcess::modelParam(center, "with-optional-missing"));
  EXPECT_EQ(reply.status, 200) << describe(reply);
  EXPECT_EQ(host.stop(), 0);
}

TEST(PluginsTest, BadAbiStopsTheHost) {
  const ExitResult result = runWith({aiModelPlugin(), testPlugin("test-bad-abi", "zstack-test-bad-abi")});
  EXPECT_GT(result.exitCode, 0) << result.output;
  EXPECT_TRUE(hasLineWithAll(result.output, {"test-bad-abi", "host API version"})) << result.output;
}

TEST(PluginsTest, FailingStartStopsTheHost) {
  const ExitResult result = runWith({aiModelPlugin(), testPlugin("test-failing-start", "zstack-test-failing-start")});
  EXPECT_GT(result.exitCode, 0) << result.output;
  EXPECT_TRUE(hasLineWithAll(result.output, {"test-failing-start", "test plugin refuses to start"})) << result.output;
}

// The error Status comes from the plugin's code, which the host unloads once the plugin is
// skipped: the host must be done with it by then.
TEST(PluginsTest, AnOptionalPluginWhoseStartFailsIsSkipped) {
  PluginSpec failing = testPlugin("test-failing-start", "zstack-test-failing-start");
  failing.optional = true;
  HostOptions options;
  options.plugins = {aiModelPlugin(), failing};
  HostProcess host(options);
  ASSERT_NO_THROW(host.start());
  EXPECT_TRUE(hasLineWithAll(host.log(), {"test-failing-start", "test plugin refuses to start", "optional: skipped"}))
      << host.log();
  const std::string center = host.addModelCenter();
  EXPECT_EQ(host.addModel(HostProcess::modelParam(center, "beside-failed-start")).status, 200);
  EXPECT_EQ(host.stop(), 0);
}

TEST(PluginsTest, ThrowingStartStopsTheHost) {
  const ExitResult result = runWith({aiModelPlugin(), testPlugin("test-throwing-start", "zstack-test-throwing-start")});
  EXPECT_GT(result.exitCode, 0) << result.output;
  EXPECT_TRUE(hasLineWithAll(result.output, {"test-throwing-start"})) << result.output;
}

// test-clash registers an API, a query, a flow on AddModel and a tag format, then one thing that
// `holder` has: the route of test-other's TestEcho, or ai-model's minGpuMemory tag format.
PluginSpec clashing(const std::string& clash, bool optional) {
  PluginSpec spec = testPlugin("test-clash", "zstack-test-clashing");
  spec.config = Json{{"clash", clash}};
  spec.optional = optional;
  return spec;
}

TEST(PluginsTest, ARequiredPluginThatClashesStopsTheHostNamingBoth) {
  const PluginSpec other = testPlugin("test-other", "zstack-test-other-api");
  const ExitResult route = runWith({aiModelPlugin(), other, clashing("route", false)});
  EXPECT_GT(route.exitCode, 0) << route.output;
  EXPECT_TRUE(hasLineWithAll(route.output, {"test-clash", "/test/echo", "test-other"})) << route.output;
  const ExitResult tag = runWith({aiModelPlugin(), other, clashing("tag", false)});
  EXPECT_GT(tag.exitCode, 0) << tag.output;
  EXPECT_TRUE(hasLineWithAll(tag.output, {"test-clash", "minGpuMemory::{bytes}", "ai-model"})) << tag.output;
}

TEST(PluginsTest, AnOptionalPluginThatClashesLeavesNothingBehind) {
  for (const char* clash : {"route", "tag"}) {
    SCOPED_TRACE(clash);
    HostOptions options;
    options.plugins = {aiModelPlugin(), testPlugin("test-other", "zstack-test-other-api"), clashing(clash, true)};
    HostProcess host(options);
    ASSERT_NO_THROW(host.start());
    EXPECT_TRUE(hasLineWithAll(host.log(), {"test-clash", "optional: skipped"})) << host.log();
    // Its API, its query and its tag format are gone with it ...
    EXPECT_EQ(host.post("/test/clash", R"({"params":{}})").status, 404);
    EXPECT_EQ(host.request("GET", "/test/clashes").status, 404);
    const std::string center = host.addModelCenter();
    EXPECT_TRUE(isError(host.addModel(HostProcess::modelParam(center, "own-tag"), {"testClash::1"}), 503, "SYS.1007"));
    // ... and so is its flow on AddModel, whose code was unloaded: AddModel runs without it.
    Reply added = host.addModel(HostProcess::modelParam(center, "after-clash"), {"minGpuMemory::1024"});
    EXPECT_EQ(added.status, 200) << describe(added);
    // What the other plugins registered is untouched.
    Reply echo = host.call("/test/echo", Json{{"params", {{"text", "still"}}}});
    ASSERT_EQ(echo.status, 200) << describe(echo);
    EXPECT_EQ(inventoryOf(echo)["text"], "still");
    EXPECT_EQ(host.stop(), 0);
  }
}

TEST(PluginsTest, DisabledPluginServesNothing) {
  PluginSpec other = testPlugin("test-other", "zstack-test-other-api");
  other.enabled = false;
  HostOptions options;
  options.plugins = {aiModelPlugin(), other};
  HostProcess host(options);
  ASSERT_NO_THROW(host.start());
  Reply reply = host.post("/test/echo", R"({"params":{"text":"hello"}})");
  EXPECT_EQ(reply.status, 404) << describe(reply);
  EXPECT_TRUE(isErrorBody(reply));
}

TEST(PluginsTest, EnabledPluginServesItsApi) {
  HostOptions options;
  options.plugins = {aiModelPlugin(), testPlugin("test-other", "zstack-test-other-api")};
  HostProcess host(options);
  ASSERT_NO_THROW(host.start());
  Reply reply = host.call("/test/echo", Json{{"params", {{"text", "hello"}}}});
  ASSERT_EQ(reply.status, 200) << describe(reply);
  EXPECT_EQ(inventoryOf(reply)["text"], "hello");
  // And the ai-model plugin beside it still works.
  const std::string center = host.addModelCenter();
  EXPECT_EQ(host.addModel(HostProcess::modelParam(center, "beside-other")).status, 200);
}

TEST(PluginsTest, ExtensionFailureRollsEverythingBackInReverseOrder) {
  HostOptions options;
  PluginSpec extension = testPlugin("test-extension", "zstack-test-extension");
  options.plugins = {aiModelPlugin(), extension};
  HostProcess host(options);
  const std::string rollbackLog = (host.dir() / "rollback.log").string();
  host.options().plugins[1].config = Json{{"rollbackLog", rollbackLog}};
  ASSERT_NO_THROW(host.start());
  const std::string center = host.addModelCenter();

  auto tableCounts = [&host] {
    std::vector<long long> counts;
    for (const char* table : {"ModelVO", "ResourceVO", "AccountResourceRefVO", "SystemTagVO", "UserTagVO"}) {
      counts.push_back(host.count(std::string("SELECT COUNT(*) FROM ") + table));
    }
    return counts;
  };
  const std::vector<long long> before = tableCounts();
  const std::string chosen = "fa11ed00fa11ed00fa11ed00fa11ed00";
  Json p = HostProcess::modelParam(center, "fail-extension-1");
  p["resourceUuid"] = chosen;
  p["systemTags"] = {"sampleSize::10"};
  p["userTags"] = {"inner-u"};
  Reply reply = host.addModel(p, {"minGpuMemory::1024"}, {"top-u"});
  EXPECT_TRUE(isError(reply, 503, "SYS.1006"));
  EXPECT_NE(reply.body.find("test-extension refused the model"), std::string::npos) << reply.body;

  EXPECT_EQ(host.count("SELECT COUNT(*) FROM ModelVO WHERE name = 'fail-extension-1'"), 0);
  EXPECT_EQ(host.count("SELECT COUNT(*) FROM ModelVO WHERE uuid = " + quoted(chosen)), 0);
  EXPECT_EQ(host.count("SELECT COUNT(*) FROM ResourceVO WHERE uuid = " + quoted(chosen)), 0);
  EXPECT_EQ(host.count("SELECT COUNT(*) FROM AccountResourceRefVO WHERE resourceUuid = " + quoted(chosen)), 0);
  EXPECT_EQ(host.count("SELECT COUNT(*) FROM SystemTagVO WHERE resourceUuid = " + quoted(chosen)), 0);
  EXPECT_EQ(host.count("SELECT COUNT(*) FROM UserTagVO WHERE resourceUuid = " + quoted(chosen)), 0);
  EXPECT_EQ(tableCounts(), before);

  std::ifstream in(rollbackLog);
  std::stringstream text;
  text << in.rdbuf();
  const std::vector<std::string> lines = linesOf(text.str());
  int rollback250 = -1, rollback150 = -1, run150 = -1, run250 = -1;
  for (int i = 0; i < static_cast<int>(lines.size()); ++i) {
    const std::string& line = lines[i];
    const bool isRollback = line.find("rollback") != std::string::npos;
    const bool isRun = !isRollback && line.find("run") != std::string::npos;
    if (line.find("250") != std::string::npos) {
      if (isRollback && rollback250 < 0) rollback250 = i;
      if (isRun && run250 < 0) run250 = i;
    } else if (line.find("150") != std::string::npos) {
      if (isRollback && rollback150 < 0) rollback150 = i;
      if (isRun && run150 < 0) run150 = i;
    }
  }
  EXPECT_GE(run150, 0) << text.str();
  EXPECT_GE(run250, 0) << text.str();
  EXPECT_GE(rollback250, 0) << text.str();
  EXPECT_GE(rollback150, 0) << text.str();
  EXPECT_LT(run150, run250) << text.str();
  EXPECT_LT(rollback250, rollback150) << text.str();

  // A normal name still succeeds with the extension loaded.
  Reply ok = host.addModel(HostProcess::modelParam(center, "normal-with-extension"), {"minGpuMemory::1"}, {"u"});
  ASSERT_EQ(ok.status, 200) << describe(ok);
  const std::string uuid = inventoryOf(ok).value("uuid", "");
  EXPECT_EQ(host.count("SELECT COUNT(*) FROM ModelVO WHERE uuid = " + quoted(uuid)), 1);
  EXPECT_EQ(host.count("SELECT COUNT(*) FROM SystemTagVO WHERE resourceUuid = " + quoted(uuid)), 1);
  EXPECT_EQ(host.count("SELECT COUNT(*) FROM UserTagVO WHERE resourceUuid = " + quoted(uuid)), 1);
}

}  // namespace
}  // namespace zstack::it
