// Integration-test fixture: a real zstack-mn process on a free port with its own temp folder,
// database and plugin.yaml, plus helpers to call its REST API and read its database. The
// database is SQLite, or a fresh PostgreSQL / MariaDB database when ZSTACK_TEST_DATABASE
// says so (see tests/support/test_database.h); several hosts may share one.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "http_client.h"
#include "test_database.h"

namespace zstack::it {

using Json = nlohmann::json;
using Reply = zstack::testing::HttpClient::Reply;
using Headers = std::vector<std::pair<std::string, std::string>>;

// <build>/lib/zstack/plugins/lib<name>.so, e.g. pluginLibrary("zstack-ai-model").
std::string pluginLibrary(const std::string& target);

struct PluginSpec {
  std::string name;
  std::string library;  // absolute path
  bool enabled = true;
  bool optional = false;
  std::string version;  // the entry's `version:` when not empty (else the library's)
  Json config = Json::object();  // written as the entry's `config:` map when not empty
};

PluginSpec aiModelPlugin();
PluginSpec aiDatasetPlugin();

struct HostOptions {
  std::string apiVersion;  // empty: not written (the host picks the newest the plugins support)
  std::vector<PluginSpec> plugins = {aiModelPlugin()};
  // Extra `host:` keys, e.g. {"maxBodyBytes", "65536"}; the value is written verbatim.
  std::vector<std::pair<std::string, std::string>> hostKeys;
  // ZSTACK_ADMIN_PASSWORD for the host; empty: unset (the host generates a password).
  std::string adminPassword = "password";
  // Another host's database URL (HostProcess::databaseUrl()) to share; empty: its own.
  std::string databaseUrl;
};

struct ExitResult {
  int exitCode = -1;  // -1: it did not exit within the timeout (it was killed)
  std::string output;
};

class HostProcess {
 public:
  explicit HostProcess(HostOptions options = {});
  ~HostProcess();
  HostProcess(const HostProcess&) = delete;
  HostProcess& operator=(const HostProcess&) = delete;

  // Starts the host and waits (20 s) until its port accepts connections. Throws
  // std::runtime_error with the exit code and the log if it exits or does not come up.
  void start();
  // SIGTERM, then waits (30 s, then SIGKILL); the exit code (128+signal when killed by one).
  int stop();
  void kill9();
  // SIGSTOP / SIGCONT: a node frozen (heartbeat and jobs alike), then thawed.
  void freeze();
  void thaw();
  // stop() (when running), then start() again on the same database and port.
  void restart();
  // Starts the host expecting it to exit on its own within 20 s.
  ExitResult runToExit();
  bool running() const { return pid_ > 0; }
  // The options the next start() writes into plugin.yaml (e.g. to upgrade the API version).
  HostOptions& options() { return options_; }

  std::uint16_t port() const { return port_; }
  const std::filesystem::path& dir() const { return dir_; }
  // The URL in plugin.yaml's host.database (pass it to HostOptions::databaseUrl to share).
  const std::string& databaseUrl() const { return databaseUrl_; }
  std::filesystem::path configPath() const { return dir_ / "plugin.yaml"; }
  std::string log() const;
  std::string baseUrl() const;  // http://127.0.0.1:PORT

  // The host's client (one keep-alive connection; not for use from several threads).
  zstack::testing::HttpClient& client();
  // Logs in as admin; returns (and remembers, see session()) the session uuid.
  // Logs in as admin with options().adminPassword (or `password` when given).
  std::string login(const std::string& password = "");
  // The last login's session, logging in first if there is none.
  std::string session();
  // Logs in as another account (sending the SHA-512 of `password`); returns its session,
  // without changing session().
  std::string loginAs(const std::string& accountName, const std::string& password);

  // `path` below /zstack/v1 (e.g. "/ai/models") or a full target starting with /zstack.
  Reply request(const std::string& method, const std::string& path, const std::string& body = "",
                const std::optional<std::string>& session = std::nullopt, Headers extraHeaders = {});
  Reply post(const std::string& path, const std::string& body,
             const std::optional<std::string>& session = std::nullopt, Headers extraHeaders = {});
  // Polls GET location (a full URL or a target) until it answers anything but 202 (30 s).
  Reply waitJob(const std::string& location, const std::optional<std::string>& session = std::nullopt);
  // POST with Prefer: wait=10, then polls if the answer was 202: the job's final reply.
  Reply call(const std::string& path, const Json& body, const std::optional<std::string>& session = std::nullopt);
  // The same for any method; `body` null: none (GET and DELETE carry their parameters in `path`).
  Reply call(const std::string& method, const std::string& path, const Json& body,
             const std::optional<std::string>& session = std::nullopt);

  // CreateAccount as the admin (a Normal account); returns its uuid.
  std::string createAccount(const std::string& name, const std::string& password);
  std::string addModelCenter(const std::string& name = "center");
  std::string addModelService(const std::string& modelCenterUuid, const std::string& name = "service");
  std::string createTag(const std::string& name, const std::string& value);
  // AddModel's final reply; systemTags/userTags are put at the top level when not empty.
  Reply addModel(const Json& param, const std::vector<std::string>& systemTags = {},
                 const std::vector<std::string>& userTags = {});
  // A valid AddModel param for the model center.
  static Json modelParam(const std::string& modelCenterUuid, const std::string& name = "model");

  // Runs `sql` on the host's database directly and returns the first column of the first row.
  long long count(const std::string& sql) const;
  std::string text(const std::string& sql) const;
  // Runs a statement on the host's database directly (to set up states the API cannot make).
  void execute(const std::string& sql) const;

 private:
  void writeConfig();
  pid_t spawn();

  HostOptions options_;
  std::filesystem::path dir_;
  std::unique_ptr<zstack::testing::TestDatabase> database_;  // none when sharing another's
  std::string databaseUrl_;
  std::uint16_t port_ = 0;
  pid_t pid_ = -1;
  bool everStarted_ = false;  // the port is kept from then on (job locations name it)
  std::unique_ptr<zstack::testing::HttpClient> client_;
  std::string session_;
};

// A test suite sharing one host (with one model center) among its tests. `Suite` may hide
// hostOptions() to configure the host. (ctest runs each test in a process of its own, so the
// sharing pays off when a test program is run directly.)
template <typename Suite>
class SharedHostTest : public ::testing::Test {
 protected:
  static HostOptions hostOptions() { return HostOptions(); }
  static void SetUpTestSuite() {
    host_ = new HostProcess(Suite::hostOptions());
    host_->start();
    center_ = host_->addModelCenter("shared-center");
  }
  static void TearDownTestSuite() {
    delete host_;
    host_ = nullptr;
  }
  void SetUp() override { ASSERT_TRUE(host_ && host_->running()) << "the host did not start"; }

  static inline HostProcess* host_ = nullptr;
  static inline std::string center_;
};

// A free TCP port on 127.0.0.1 (bind port 0, read it, close).
std::uint16_t freePort();
// The target part of a location URL ("http://h:p/zstack/v1/..." -> "/zstack/v1/...").
std::string targetOf(const std::string& location);
bool isZStackUuid(const std::string& text);

}  // namespace zstack::it
