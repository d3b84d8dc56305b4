// The plugin loader seen from outside: missing, optional, bad-ABI, failing and throwing
// plugins; disabled plugins; another plugin's API; an extension's flows in AddModel; plugins
// requiring others (start order, missing requirements, cycles); and a cascade on ai-model's
// DeleteModelCenter from a plugin ai-model does not know.
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

// ---- Requirements (PluginDescriptor::requirements) ----

// The lines of `text` holding every one of `parts`.
int linesWithAll(const std::string& text, const std::vector<std::string>& parts) {
  int n = 0;
  for (const std::string& line : linesOf(text)) {
    bool all = true;
    for (const std::string& part : parts) all = all && line.find(part) != std::string::npos;
    n += all ? 1 : 0;
  }
  return n;
}

// The index of the first line holding `part`, -1 if none.
int lineOf(const std::string& text, const std::string& part) {
  const std::vector<std::string> lines = linesOf(text);
  for (int i = 0; i < static_cast<int>(lines.size()); ++i) {
    if (lines[i].find(part) != std::string::npos) return i;
  }
  return -1;
}

PluginSpec dependentPlugin() { return testPlugin("test-dependent", "zstack-test-dependent"); }

TEST(PluginRequirementsTest, ARequiredPluginStartsFirstWhereverPluginYamlListsIt) {
  HostOptions options;
  options.plugins = {dependentPlugin(), aiModelPlugin()};  // the dependent first
  HostProcess host(options);
  ASSERT_NO_THROW(host.start());
  const std::string started = host.log();
  const int aiModel = lineOf(started, "started plugin ai-model");
  const int dependent = lineOf(started, "started plugin test-dependent");
  ASSERT_GE(aiModel, 0) << started;
  ASSERT_GE(dependent, 0) << started;
  EXPECT_LT(aiModel, dependent) << started;
  EXPECT_TRUE(hasLineWithAll(started, {"plugins: ai-model, test-dependent"})) << started;
  const std::string center = host.addModelCenter();
  EXPECT_EQ(host.addModel(HostProcess::modelParam(center, "beside-dependent")).status, 200);
  EXPECT_EQ(host.stop(), 0);
  // Stopped in reverse: the dependent before what it requires.
  const std::string stopped = host.log();
  const int aiModelStopped = lineOf(stopped, "stopped plugin ai-model");
  const int dependentStopped = lineOf(stopped, "stopped plugin test-dependent");
  ASSERT_GE(aiModelStopped, 0) << stopped;
  ASSERT_GE(dependentStopped, 0) << stopped;
  EXPECT_LT(dependentStopped, aiModelStopped) << stopped;
}

TEST(PluginRequirementsTest, AMissingRequirementStopsTheHostWithOneLineNamingBoth) {
  const ExitResult result = runWith({aiModelPlugin(), testPlugin("test-needs-ghost", "zstack-test-needs-ghost")});
  EXPECT_GT(result.exitCode, 0) << result.output;
  EXPECT_EQ(linesWithAll(result.output, {"test-needs-ghost", "requires test-ghost", "plugin.yaml does not enable"}), 1)
      << result.output;
  EXPECT_EQ(linesWithAll(result.output, {"test-ghost"}), 1) << "one line names the requirement:\n" << result.output;
  EXPECT_EQ(lineOf(result.output, "started plugin"), -1) << "nothing starts:\n" << result.output;
}

TEST(PluginRequirementsTest, ADisabledRequirementStopsTheHost) {
  PluginSpec aiModel = aiModelPlugin();
  aiModel.enabled = false;
  const ExitResult result = runWith({dependentPlugin(), aiModel});
  EXPECT_GT(result.exitCode, 0) << result.output;
  EXPECT_EQ(linesWithAll(result.output, {"plugin test-dependent requires ai-model, which plugin.yaml does not enable"}), 1)
      << result.output;
}

TEST(PluginRequirementsTest, AnOptionalPluginMissingARequirementIsSkippedAndTheHostServes) {
  PluginSpec needsGhost = testPlugin("test-needs-ghost", "zstack-test-needs-ghost");
  needsGhost.optional = true;
  HostOptions options;
  options.plugins = {needsGhost, aiModelPlugin()};
  HostProcess host(options);
  ASSERT_NO_THROW(host.start());
  EXPECT_EQ(linesWithAll(host.log(), {"test-needs-ghost", "requires test-ghost", "optional: skipped"}), 1) << host.log();
  EXPECT_EQ(lineOf(host.log(), "started plugin test-needs-ghost"), -1) << host.log();
  const std::string center = host.addModelCenter();
  Reply reply = host.addModel(HostProcess::modelParam(center, "without-needs-ghost"));
  EXPECT_EQ(reply.status, 200) << describe(reply);
  EXPECT_EQ(host.stop(), 0);
}

// test-dependent (optional) fails to start and is skipped: test-needs-dependent goes with it,
// skipped when optional, refused when not.
TEST(PluginRequirementsTest, ASkippedPluginTakesThePluginsRequiringItWithIt) {
  PluginSpec dependent = dependentPlugin();
  dependent.optional = true;
  dependent.config = Json{{"failStart", "true"}};
  PluginSpec needsDependent = testPlugin("test-needs-dependent", "zstack-test-needs-dependent");

  needsDependent.optional = false;
  const ExitResult refused = runWith({needsDependent, aiModelPlugin(), dependent});
  EXPECT_GT(refused.exitCode, 0) << refused.output;
  EXPECT_EQ(linesWithAll(refused.output, {"test-dependent failed to start: test-dependent refuses to start",
                                          "optional: skipped"}),
            1)
      << refused.output;
  EXPECT_EQ(linesWithAll(refused.output, {"plugin test-needs-dependent requires test-dependent, which was skipped"}), 1)
      << refused.output;

  needsDependent.optional = true;
  HostOptions options;
  options.plugins = {needsDependent, aiModelPlugin(), dependent};
  HostProcess host(options);
  ASSERT_NO_THROW(host.start());
  EXPECT_EQ(linesWithAll(host.log(), {"plugin test-needs-dependent requires test-dependent, which was skipped",
                                      "optional: skipped"}),
            1)
      << host.log();
  EXPECT_EQ(linesWithAll(host.log(), {"test-dependent failed to start: test-dependent refuses to start"}), 1)
      << host.log();
  EXPECT_TRUE(hasLineWithAll(host.log(), {"plugins: ai-model"})) << host.log();
  EXPECT_EQ(lineOf(host.log(), "started plugin test-needs-dependent"), -1) << host.log();
  const std::string center = host.addModelCenter();
  EXPECT_EQ(host.addModel(HostProcess::modelParam(center, "after-skips")).status, 200);
  EXPECT_EQ(host.stop(), 0);
}

TEST(PluginRequirementsTest, ARequirementCycleIsRefusedNamingItsPlugins) {
  const ExitResult result = runWith({aiModelPlugin(), testPlugin("test-cycle-a", "zstack-test-cycle-a"),
                                     testPlugin("test-cycle-b", "zstack-test-cycle-b")});
  EXPECT_GT(result.exitCode, 0) << result.output;
  EXPECT_EQ(linesWithAll(result.output, {"cycle", "test-cycle-a requires test-cycle-b", "test-cycle-b requires test-cycle-a"}),
            1)
      << result.output;
  EXPECT_EQ(lineOf(result.output, "started plugin"), -1) << result.output;
}

// ---- Cascades (zstack/cascade.h): test-dependent's on ModelCenterVO ----

class PluginCascadeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    HostOptions options;
    options.plugins = {aiModelPlugin(), dependentPlugin()};
    host_ = std::make_unique<HostProcess>(options);
    ASSERT_NO_THROW(host_->start());
  }

  // A model center with a model and a model service, and one note of test-dependent's on it.
  std::string centerWithNote(const std::string& note) {
    const std::string center = host_->addModelCenter("center-" + note);
    Reply model = host_->addModel(HostProcess::modelParam(center, "model-" + note));
    EXPECT_EQ(model.status, 200) << describe(model);
    host_->addModelService(center, "service-" + note);
    host_->execute("INSERT INTO TestDependentNoteVO (uuid, modelCenterUuid, note) VALUES (" +
                   quoted(center.substr(0, 24) + "00000001") + ", " + quoted(center) + ", " + quoted(note) + ")");
    return center;
  }
  long long rows(const std::string& table, const std::string& column, const std::string& center) {
    return host_->count("SELECT COUNT(*) FROM " + table + " WHERE " + column + " = " + quoted(center));
  }
  Reply deleteCenter(const std::string& center) { return host_->call("DELETE", "/ai/model-centers/" + center, Json()); }

  // Everything of the center is where it was: its row, ResourceVO, its model and service,
  // the note, and no record of the cascade (rolled back with the call).
  void expectUntouched(const std::string& center) {
    EXPECT_EQ(rows("ModelCenterVO", "uuid", center), 1);
    EXPECT_EQ(rows("ResourceVO", "uuid", center), 1);
    EXPECT_EQ(rows("AccountResourceRefVO", "resourceUuid", center), 1);
    EXPECT_EQ(rows("ModelVO", "modelCenterUuid", center), 1);
    EXPECT_EQ(rows("ModelServiceVO", "modelCenterUuid", center), 1);
    EXPECT_EQ(rows("TestDependentNoteVO", "modelCenterUuid", center), 1);
    EXPECT_EQ(rows("TestDependentCascadeVO", "resourceUuid", center), 0);
  }

  std::unique_ptr<HostProcess> host_;
};

TEST_F(PluginCascadeTest, DeleteModelCenterRunsTheCascadeInItsTransaction) {
  const std::string center = centerWithNote("keep-nothing");
  const std::string other = centerWithNote("other-center");
  Reply reply = deleteCenter(center);
  ASSERT_EQ(reply.status, 200) << describe(reply);
  EXPECT_EQ(rows("ModelCenterVO", "uuid", center), 0);
  EXPECT_EQ(rows("ResourceVO", "uuid", center), 0);
  EXPECT_EQ(rows("ModelVO", "modelCenterUuid", center), 0);
  // The dependent's data of that center went with it, in the same call.
  EXPECT_EQ(rows("TestDependentNoteVO", "modelCenterUuid", center), 0);
  EXPECT_EQ(host_->count("SELECT COUNT(*) FROM TestDependentCascadeVO WHERE resourceUuid = " + quoted(center) +
                         " AND apiName = 'DeleteModelCenter'"),
            1);
  // Once, for the center only: not for its model and service (other types), nor another center.
  EXPECT_EQ(host_->count("SELECT COUNT(*) FROM TestDependentCascadeVO"), 1);
  EXPECT_EQ(rows("TestDependentNoteVO", "modelCenterUuid", other), 1);
  EXPECT_EQ(rows("ModelCenterVO", "uuid", other), 1);
}

TEST_F(PluginCascadeTest, AFailingCascadeFailsDeleteModelCenterAndNothingIsDeleted) {
  const std::string center = centerWithNote("refuse");
  Reply reply = deleteCenter(center);
  EXPECT_TRUE(isError(reply, 503, "SYS.1006", "test-dependent refuses to let model center " + center + " go"));
  // The cascade deleted the note and recorded its run before it failed, and ai-model had
  // deleted the center's model and service: all rolled back.
  expectUntouched(center);
  Reply query = host_->request("GET", "/ai/model-centers/" + center, "", host_->session());
  ASSERT_EQ(query.status, 200) << describe(query);
  EXPECT_NE(query.body.find(center), std::string::npos) << query.body;
  // Once the note is gone, the same delete goes through.
  host_->execute("DELETE FROM TestDependentNoteVO WHERE modelCenterUuid = " + quoted(center));
  ASSERT_EQ(deleteCenter(center).status, 200);
  EXPECT_EQ(rows("ModelCenterVO", "uuid", center), 0);
}

TEST_F(PluginCascadeTest, AThrowingCascadeIsAnInternalErrorAndNothingIsDeleted) {
  const std::string center = centerWithNote("throw");
  Reply reply = deleteCenter(center);
  EXPECT_TRUE(isError(reply, 503, "SYS.1000"));
  EXPECT_EQ(reply.body.find("test-dependent's cascade threw"), std::string::npos) << "the cause is logged, not answered";
  expectUntouched(center);
  EXPECT_TRUE(hasLineWithAll(host_->log(), {"deleteNotesOfCenter", "test-dependent", "threw"})) << host_->log();
}

TEST_F(PluginCascadeTest, ACascadeRemovingItsResourceAgainIsRefused) {
  const std::string center = centerWithNote("again");
  Reply reply = deleteCenter(center);
  EXPECT_TRUE(isError(reply, 503, "SYS.1000", "again"));
  expectUntouched(center);
}

}  // namespace
}  // namespace zstack::it
