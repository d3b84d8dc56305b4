// zstack-cli, the real binary, against a real host: login and the session file, APIs by name
// with typed key=value arguments, queries, errors and exit codes, --host/--port and the
// environment, help, and the progress indicator (only on a terminal).
#include <sys/stat.h>

#include <fstream>
#include <memory>
#include <thread>

#include <gtest/gtest.h>

#include "command.h"
#include "common/digest.h"
#include "host_process.h"
#include "temp_dir.h"
#include "test_util.h"

namespace zstack::it {
namespace {

using zstack::testing::CommandResult;

const std::string kCli = std::string(ZSTACK_BINARY_DIR) + "/bin/zstack-cli";

Json outputOf(const CommandResult& result) {
  Json output = Json::parse(result.out, nullptr, false);
  return output.is_discarded() ? Json() : output;
}

class CliTest : public ::testing::Test {
 protected:
  virtual HostOptions hostOptions() const { return HostOptions(); }
  void SetUp() override {
    host_ = std::make_unique<HostProcess>(hostOptions());
    host_->start();
  }

  std::string port() const { return std::to_string(host_->port()); }
  std::string endpoint() const { return "127.0.0.1:" + port(); }
  std::filesystem::path sessionFile() const { return home_.path() / ".zstack" / "cli" / "session"; }

  // zstack-cli with HOME in the test's folder; the node given by ZSTACK_HOST / ZSTACK_PORT.
  CommandResult cli(std::vector<std::string> args, std::vector<std::string> environment = {}) const {
    environment.push_back("HOME=" + home_.path().string());
    if (!std::any_of(environment.begin(), environment.end(), [](const std::string& e) { return e.rfind("ZSTACK_", 0) == 0; })) {
      environment.push_back("ZSTACK_HOST=127.0.0.1");
      environment.push_back("ZSTACK_PORT=" + port());
    }
    const std::vector<std::string> base = zstack::testing::baseEnvironment();
    environment.insert(environment.end(), base.begin(), base.end());
    args.insert(args.begin(), kCli);
    return zstack::testing::runCommand(args, environment);
  }

  void login() {
    const CommandResult result = cli({"LogInByAccount", "accountName=admin", "password=" + host_->options().adminPassword});
    ASSERT_EQ(result.exitCode, 0) << describe(result);
  }

  // An API's inventory, which must succeed.
  Json inventory(const std::vector<std::string>& args) {
    const CommandResult result = cli(args);
    EXPECT_EQ(result.exitCode, 0) << describe(result);
    EXPECT_EQ(result.err, "") << describe(result);
    return outputOf(result).value("inventory", Json());
  }

  std::string addModelCenter() {
    const Json center = inventory({"AddModelCenter", "name=cli-center", "url=http://192.168.10.12:8989",
                                   "managementIp=192.168.10.12", "managementPort=8989"});
    EXPECT_EQ(center.value("managementPort", Json()), 8989);  // sent as a number, as the table types it
    return center.value("uuid", "");
  }

  std::unique_ptr<HostProcess> host_;
  zstack::testing::TempDir home_{"zstack-cli-home"};
};

TEST_F(CliTest, LogInKeepsTheSessionPrivatelyAndLogOutForgetsIt) {
  const CommandResult login = cli({"LogInByAccount", "accountName=admin", "password=password"});
  ASSERT_EQ(login.exitCode, 0) << describe(login);
  EXPECT_EQ(login.err, "");
  const std::string session = outputOf(login)["inventory"].value("uuid", "");
  ASSERT_TRUE(isZStackUuid(session)) << login.out;
  EXPECT_NE(login.out.find("\n  \"inventory\": {\n    \""), std::string::npos) << "indented by 2: " << login.out;

  struct stat file {};
  ASSERT_EQ(::stat(sessionFile().c_str(), &file), 0);
  EXPECT_EQ(file.st_mode & 0777, 0600u);
  struct stat folder {};
  ASSERT_EQ(::stat(sessionFile().parent_path().c_str(), &folder), 0);
  EXPECT_EQ(folder.st_mode & 0777, 0700u);
  std::ifstream in(sessionFile());
  const Json kept = Json::parse(in, nullptr, false);
  EXPECT_EQ(kept[endpoint()]["uuid"], session) << kept.dump();
  EXPECT_EQ(kept[endpoint()]["accountName"], "admin");

  const CommandResult query = cli({"QueryTag"});
  EXPECT_EQ(query.exitCode, 0) << describe(query);
  EXPECT_TRUE(outputOf(query).contains("inventories")) << query.out;

  const CommandResult logout = cli({"LogOut"});
  ASSERT_EQ(logout.exitCode, 0) << describe(logout);
  EXPECT_EQ(outputOf(logout), Json::object());
  EXPECT_FALSE(std::filesystem::exists(sessionFile()));
  EXPECT_EQ(host_->request("GET", "/tags", "", session).status, 401);  // ended on the host too

  const CommandResult after = cli({"QueryTag"});
  EXPECT_EQ(after.exitCode, 1) << describe(after);
  EXPECT_NE(after.err.find("not logged in to " + endpoint()), std::string::npos) << describe(after);
}

TEST_F(CliTest, WrongPasswordIsAnApiErrorAndKeepsNoSession) {
  const CommandResult result = cli({"LogInByAccount", "accountName=admin", "password=wrong"});
  EXPECT_EQ(result.exitCode, 1) << describe(result);
  EXPECT_EQ(result.out, "");
  Json error = Json::parse(result.err, nullptr, false);
  EXPECT_EQ(error["error"]["code"], "ID.1000") << result.err;
  EXPECT_FALSE(std::filesystem::exists(sessionFile()));
}

TEST_F(CliTest, AddModelSendsTypedValuesAndTagLists) {
  login();
  ASSERT_FALSE(HasFatalFailure());
  const std::string center = addModelCenter();
  const Json model = inventory({"AddModel", "name=Qwen cli", "installPath=192.168.10.12:/ai/model_center/Qwen",
                                "modelCenterUuid=" + center, "size=102400",
                                "systemTags=minGpuMemory::1024,pipelineTag::text-generation", "userTags=a::1,b::2"});
  ASSERT_TRUE(model.is_object());
  EXPECT_EQ(model["name"], "Qwen cli");
  EXPECT_EQ(model["size"], 102400);
  EXPECT_EQ(model["minGpuMemory"], 1024);
  EXPECT_EQ(model["pipelineTag"], "text-generation");
  const std::string uuid = model.value("uuid", "");
  // QueryModel name=Qwen% is a LIKE: it finds the model, and nothing for another prefix.
  const CommandResult found = cli({"QueryModel", "name=Qwen%"});
  ASSERT_EQ(found.exitCode, 0) << describe(found);
  const Json inventories = outputOf(found).value("inventories", Json::array());
  ASSERT_EQ(inventories.size(), 1u) << found.out;
  EXPECT_EQ(inventories[0]["uuid"], uuid);
  EXPECT_EQ(outputOf(cli({"QueryModel", "name=Llama%", "count=true"})), Json::parse(R"({"total":0})"));
  const Json userTags = outputOf(cli({"QueryUserTag", "resourceUuid=" + uuid, "sortBy=tag", "fields=tag"}));
  EXPECT_EQ(userTags, Json::parse(R"({"inventories":[{"tag":"a::1"},{"tag":"b::2"}]})")) << userTags.dump();
  const Json systemTags = outputOf(cli({"QuerySystemTag", "resourceUuid=" + uuid, "sortBy=tag", "fields=tag"}));
  EXPECT_EQ(systemTags, Json::parse(R"({"inventories":[{"tag":"minGpuMemory::1024"},{"tag":"pipelineTag::text-generation"}]})"))
      << systemTags.dump();
}

TEST_F(CliTest, ActionsPathVariablesAndDeleteParametersReachTheirApis) {
  login();
  ASSERT_FALSE(HasFatalFailure());
  const std::string center = addModelCenter();
  const std::string model =
      inventory({"AddModel", "name=before", "installPath=/m", "modelCenterUuid=" + center}).value("uuid", "");
  const Json updated = inventory({"UpdateModel", "uuid=" + model, "name=after", "vendor=Alibaba"});
  EXPECT_EQ(updated.value("name", ""), "after");
  EXPECT_EQ(updated.value("vendor", ""), "Alibaba");
  const std::string service = inventory({"AddModelService", "name=svc", "yaml=a: b", "modelCenterUuid=" + center,
                                         "requestCpu=1", "requestMemory=1024", "installPath=/s", "startCommand=run"})
                                  .value("uuid", "");
  const CommandResult bound = cli({"BindModelToService", "modelUuid=" + model, "modelServiceUuid=" + service});
  EXPECT_EQ(bound.exitCode, 0) << describe(bound);
  EXPECT_EQ(host_->count("SELECT COUNT(*) FROM ModelServiceRefVO WHERE modelUuid = " + quoted(model)), 1);
  const CommandResult deleted = cli({"DeleteModel", "uuid=" + model, "deleteMode=Enforcing"});
  EXPECT_EQ(deleted.exitCode, 0) << describe(deleted);
  EXPECT_EQ(host_->count("SELECT COUNT(*) FROM ModelVO WHERE uuid = " + quoted(model)), 0);
  const CommandResult badMode = cli({"DeleteModel", "uuid=" + model, "deleteMode=Never"});
  EXPECT_EQ(badMode.exitCode, 1) << describe(badMode);
  EXPECT_NE(badMode.err.find("SYS.1007"), std::string::npos) << badMode.err;
}

TEST_F(CliTest, QueriesTakeZStackConditions) {
  login();
  ASSERT_FALSE(HasFatalFailure());
  for (const char* name : {"Qwen-7B", "Qwen-14B", "Llama-8B"}) {
    ASSERT_EQ(cli({"CreateTag", std::string("name=") + name, "value=v"}).exitCode, 0);
  }
  auto names = [&](const std::vector<std::string>& args) {
    std::vector<std::string> found;
    const CommandResult result = cli(args);
    EXPECT_EQ(result.exitCode, 0) << describe(result);
    for (const Json& tag : outputOf(result).value("inventories", Json::array())) found.push_back(tag["name"]);
    return found;
  };
  EXPECT_EQ(names({"QueryTag", "name=Qwen%", "sortBy=name"}), (std::vector<std::string>{"Qwen-14B", "Qwen-7B"}));
  EXPECT_EQ(names({"QueryTag", "name~=wen", "sortBy=name", "sortDirection=desc"}), (std::vector<std::string>{"Qwen-7B", "Qwen-14B"}));
  EXPECT_EQ(names({"QueryTag", "name!=Llama-8B", "name?=Qwen-7B,Llama-8B"}), (std::vector<std::string>{"Qwen-7B"}));
  EXPECT_EQ(names({"QueryTag", "description=null", "limit=1", "sortBy=name"}), (std::vector<std::string>{"Llama-8B"}));
  EXPECT_TRUE(names({"QueryTag", "description!=null"}).empty());
  EXPECT_EQ(outputOf(cli({"QueryTag", "name=Qwen%", "count=true"})), Json::parse(R"({"total":2})"));

  const CommandResult unknown = cli({"QueryTag", "colour=red"});
  EXPECT_EQ(unknown.exitCode, 2) << describe(unknown);
  EXPECT_NE(unknown.err.find("unknown field colour of QueryTag"), std::string::npos) << unknown.err;
}

TEST_F(CliTest, AFailedJobExitsNonZeroWithTheErrorOnStderr) {
  login();
  ASSERT_FALSE(HasFatalFailure());
  const CommandResult result = cli({"AddModel", "name=orphan", "installPath=/m",
                                    "modelCenterUuid=0123456789abcdef0123456789abcdef"});
  EXPECT_EQ(result.exitCode, 1) << describe(result);
  EXPECT_EQ(result.out, "");
  const Json error = Json::parse(result.err, nullptr, false);
  ASSERT_TRUE(error.is_object()) << result.err;
  EXPECT_EQ(error["error"]["code"], "SYS.1003");
  EXPECT_NE(result.err.find("\n  \"error\": {\n"), std::string::npos) << "indented by 2: " << result.err;
  EXPECT_EQ(host_->count("SELECT COUNT(*) FROM ModelVO"), 0);
}

TEST_F(CliTest, BadArgumentsAreUsageErrorsAndSendNothing) {
  login();
  ASSERT_FALSE(HasFatalFailure());
  const long long jobs = host_->count("SELECT COUNT(*) FROM AsyncRestVO");
  const CommandResult unknown = cli({"AddModel", "name=x", "installPath=/m", "modelCenterUuid=c", "colour=red", "weight=1"});
  EXPECT_EQ(unknown.exitCode, 2) << describe(unknown);
  EXPECT_NE(unknown.err.find("unknown parameters colour, weight for AddModel"), std::string::npos) << unknown.err;
  EXPECT_NE(unknown.err.find("installPath"), std::string::npos) << "names the valid ones: " << unknown.err;
  const CommandResult typed = cli({"AddModel", "name=x", "installPath=/m", "modelCenterUuid=c", "size=big"});
  EXPECT_EQ(typed.exitCode, 2) << describe(typed);
  EXPECT_NE(typed.err.find("size takes a Long"), std::string::npos) << typed.err;
  const CommandResult missing = cli({"AddModel", "name=x"});
  EXPECT_EQ(missing.exitCode, 2) << describe(missing);
  EXPECT_NE(missing.err.find("missing required parameters installPath, modelCenterUuid"), std::string::npos) << missing.err;
  const CommandResult api = cli({"AddModle"});
  EXPECT_EQ(api.exitCode, 2) << describe(api);
  EXPECT_NE(api.err.find("no API named AddModle"), std::string::npos) << api.err;
  EXPECT_EQ(host_->count("SELECT COUNT(*) FROM AsyncRestVO"), jobs);
}

TEST_F(CliTest, HostAndPortComeFromOptionsOrTheEnvironment) {
  const std::string wrongPort = std::to_string(freePort());
  // Options win over the environment, in both spellings.
  const CommandResult options = cli({"--host", "127.0.0.1", "--port=" + port(), "help"},
                                    {"ZSTACK_HOST=127.0.0.1", "ZSTACK_PORT=" + wrongPort});
  EXPECT_EQ(options.exitCode, 0) << describe(options);
  EXPECT_NE(options.out.find("APIs of the management node at 127.0.0.1:" + port()), std::string::npos) << options.out;
  const CommandResult environment = cli({"help"}, {"ZSTACK_HOST=127.0.0.1", "ZSTACK_PORT=" + port()});
  EXPECT_EQ(environment.exitCode, 0) << describe(environment);
  const CommandResult unreachable = cli({"help"}, {"ZSTACK_HOST=127.0.0.1", "ZSTACK_PORT=" + wrongPort});
  EXPECT_EQ(unreachable.exitCode, 3) << describe(unreachable);
  EXPECT_NE(unreachable.err.find("cannot reach the management node at 127.0.0.1:" + wrongPort), std::string::npos)
      << unreachable.err;
  const CommandResult badPort = cli({"help"}, {"ZSTACK_PORT=eighty"});
  EXPECT_EQ(badPort.exitCode, 2) << describe(badPort);
  EXPECT_NE(badPort.err.find("ZSTACK_PORT must be a port number"), std::string::npos) << badPort.err;
  // The default node is localhost:8080: with nothing set, that is where it goes.
  const CommandResult defaults = zstack::testing::runCommand({kCli, "help"}, zstack::testing::baseEnvironment());
  EXPECT_TRUE(defaults.exitCode == 3 || defaults.exitCode == 0) << describe(defaults);
  if (defaults.exitCode == 3) {
    EXPECT_NE(defaults.err.find("localhost:8080"), std::string::npos) << defaults.err;
  }
}

TEST_F(CliTest, AnAccessKeySignsEveryRequestAndPollInPlaceOfTheSession) {
  const std::string admin = "36c27e8ff05c4780bf6d2fa65700f22e";
  const Reply created = host_->call("/accesskeys", {{"params", {{"accountUuid", admin}, {"userUuid", admin}}}});
  ASSERT_EQ(created.status, 200) << describe(created);
  const std::string id = inventoryOf(created)["AccessKeyID"];
  const std::string secret = inventoryOf(created)["AccessKeySecret"];
  const std::vector<std::string> node = {"ZSTACK_HOST=127.0.0.1", "ZSTACK_PORT=" + port()};
  std::vector<std::string> withKey = node;
  withKey.push_back("ZSTACK_ACCESS_KEY_ID=" + id);
  withKey.push_back("ZSTACK_ACCESS_KEY_SECRET=" + secret);
  // No login: an async API (its job polled with signatures) and a query, the key from the
  // environment, then from the options.
  const CommandResult center = cli({"AddModelCenter", "name=signed", "url=http://192.168.10.12:8989",
                                    "managementIp=192.168.10.12", "managementPort=8989"},
                                   withKey);
  ASSERT_EQ(center.exitCode, 0) << describe(center);
  const std::string centerUuid = outputOf(center)["inventory"].value("uuid", "");
  const CommandResult query =
      cli({"--access-key-id", id, "--access-key-secret=" + secret, "QueryModelCenter", "uuid=" + centerUuid}, node);
  ASSERT_EQ(query.exitCode, 0) << describe(query);
  EXPECT_EQ(outputOf(query)["inventories"].size(), 1u) << query.out;
  EXPECT_FALSE(std::filesystem::exists(sessionFile()));
  // A wrong secret is the node's ID.1001; half a key is a usage error and sends nothing.
  const CommandResult wrong = cli({"--access-key-id", id, "--access-key-secret", secret + "x", "QueryModelCenter"}, node);
  EXPECT_EQ(wrong.exitCode, 1) << describe(wrong);
  EXPECT_NE(wrong.err.find("ID.1001"), std::string::npos) << wrong.err;
  const CommandResult half = cli({"--access-key-id", id, "QueryModelCenter"}, node);
  EXPECT_EQ(half.exitCode, 2) << describe(half);
  EXPECT_NE(half.err.find("needs both its id and its secret"), std::string::npos) << half.err;
}

TEST_F(CliTest, HelpPrintsTheParameterTableFromTheHost) {
  const CommandResult list = cli({"help"});
  ASSERT_EQ(list.exitCode, 0) << describe(list);
  for (const char* api : {"AddModel", "AddModelCenter", "CreateTag", "LogInByAccount", "QueryTag"}) {
    EXPECT_NE(list.out.find("\n  " + std::string(api) + " "), std::string::npos) << api << ": " << list.out;
  }
  for (const std::vector<std::string>& args : {std::vector<std::string>{"help", "AddModel"},
                                               std::vector<std::string>{"AddModel", "--help"}}) {
    const CommandResult help = cli(args);
    ASSERT_EQ(help.exitCode, 0) << describe(help);
    const std::string& text = help.out;
    EXPECT_NE(text.find("POST /zstack/v1/ai/models; asynchronous"), std::string::npos) << text;
    EXPECT_NE(text.find("name  "), std::string::npos) << text;
    EXPECT_NE(text.find("type    required  since   valid values  description"), std::string::npos) << text;
    EXPECT_NE(text.find("shareMode                 String  no        5.5.12  Public"), std::string::npos) << text;
    EXPECT_NE(text.find("defaultModelServiceUuid   String  no        5.5.22"), std::string::npos) << text;
    EXPECT_NE(text.find("size                      Long    no        5.1.8                 model size"), std::string::npos)
        << text;
  }
  const CommandResult usage = zstack::testing::runCommand({kCli, "--help"}, zstack::testing::baseEnvironment());
  EXPECT_EQ(usage.exitCode, 0) << describe(usage);  // needs no node
  EXPECT_NE(usage.out.find("exit codes:"), std::string::npos) << usage.out;
}

TEST_F(CliTest, ProgressIsDrawnOnATerminalOnly) {
  login();
  ASSERT_FALSE(HasFatalFailure());
  // Piped: stderr stays empty on success.
  const CommandResult piped = cli({"CreateTag", "name=piped", "value=v"});
  EXPECT_EQ(piped.exitCode, 0) << describe(piped);
  EXPECT_EQ(piped.err, "");
  // Under a pseudo-terminal (script(1)), the spinner shows the API and the seconds, then is wiped.
  const std::string command = "HOME=" + home_.path().string() + " " + kCli + " --host 127.0.0.1 --port " + port() +
                              " CreateTag name=terminal value=v";
  const CommandResult terminal = zstack::testing::runCommand({"/usr/bin/script", "-qec", command, "/dev/null"},
                                                             zstack::testing::baseEnvironment());
  EXPECT_EQ(terminal.exitCode, 0) << describe(terminal);
  EXPECT_NE(terminal.out.find("| CreateTag 0s"), std::string::npos) << describe(terminal);
  EXPECT_NE(terminal.out.find("\r\033[K"), std::string::npos) << describe(terminal);
  EXPECT_NE(terminal.out.find("\"name\": \"terminal\""), std::string::npos) << describe(terminal);
}

TEST_F(CliTest, AnEndedSessionIsForgotten) {
  login();
  ASSERT_FALSE(HasFatalFailure());
  std::ifstream in(sessionFile());
  const std::string session = Json::parse(in)[endpoint()]["uuid"];
  ASSERT_EQ(host_->request("DELETE", "/accounts/sessions/" + session).status, 200);  // logged out elsewhere
  const CommandResult result = cli({"QueryTag"});
  EXPECT_EQ(result.exitCode, 1) << describe(result);
  EXPECT_NE(result.err.find("ID.1001"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("log in again"), std::string::npos) << result.err;
  EXPECT_FALSE(std::filesystem::exists(sessionFile()));
}

TEST_F(CliTest, CreateAccountHashesThePasswordLikeLogIn) {
  login();
  ASSERT_FALSE(HasFatalFailure());
  const CommandResult created = cli({"CreateAccount", "name=alice", "password=wonderland"});
  ASSERT_EQ(created.exitCode, 0) << describe(created);
  EXPECT_EQ(host_->text("SELECT password FROM AccountVO WHERE name = 'alice'"), sha512Hex("wonderland"));
  const CommandResult alice = cli({"LogInByAccount", "accountName=alice", "password=wonderland"});
  EXPECT_EQ(alice.exitCode, 0) << describe(alice);
}

// With the test extension (tests/plugins/extension.cpp), AddModel holds models named
// "slow-extension..." for 2.5 s: long enough to give up on, and to count seconds.
class SlowJobCliTest : public CliTest {
 protected:
  HostOptions hostOptions() const override {
    HostOptions options;
    PluginSpec extension;
    extension.name = "test-extension";
    extension.library = pluginLibrary("zstack-test-extension");
    extension.config = Json{{"slowMs", 2500}};
    options.plugins.push_back(extension);
    return options;
  }
};

TEST_F(SlowJobCliTest, TheTimeoutGivesUpNamingTheJobWhichGoesOn) {
  login();
  ASSERT_FALSE(HasFatalFailure());
  const std::string center = addModelCenter();
  const CommandResult result = cli({"--timeout", "1", "AddModel", "name=slow-extension-1", "installPath=/m",
                                    "modelCenterUuid=" + center});
  EXPECT_EQ(result.exitCode, 4) << describe(result);
  EXPECT_EQ(result.out, "");
  EXPECT_NE(result.err.find("gave up waiting for AddModel after 1s"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("/zstack/v1/api-jobs/"), std::string::npos) << result.err;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (host_->count("SELECT COUNT(*) FROM ModelVO WHERE name = 'slow-extension-1'") == 0 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(host_->count("SELECT COUNT(*) FROM ModelVO WHERE name = 'slow-extension-1'"), 1);
}

TEST_F(SlowJobCliTest, OnATerminalTheSpinnerCountsTheSeconds) {
  login();
  ASSERT_FALSE(HasFatalFailure());
  const std::string center = addModelCenter();
  const std::string command = "HOME=" + home_.path().string() + " " + kCli + " --host 127.0.0.1 --port " + port() +
                              " AddModel name=slow-extension-2 installPath=/m modelCenterUuid=" + center;
  const CommandResult terminal = zstack::testing::runCommand({"/usr/bin/script", "-qec", command, "/dev/null"},
                                                             zstack::testing::baseEnvironment());
  EXPECT_EQ(terminal.exitCode, 0) << describe(terminal);
  EXPECT_NE(terminal.out.find(" AddModel 1s"), std::string::npos) << describe(terminal);
  EXPECT_NE(terminal.out.find(" AddModel 2s"), std::string::npos) << describe(terminal);
  EXPECT_NE(terminal.out.find("\"name\": \"slow-extension-2\""), std::string::npos) << describe(terminal);
}

}  // namespace
}  // namespace zstack::it
