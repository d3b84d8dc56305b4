// The host's configuration: plugin.yaml, overridden by the command line.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "webhook/destinations.h"
#include "zstack/error.h"
#include "zstack/version.h"

namespace zstack {

struct PluginEntry {
  std::string name;
  std::filesystem::path library;  // resolved against the config file's folder
  bool enabled = true;
  bool optional = false;
  // The plugin release this management node runs (`version:`); empty: its library's own
  // version. It bounds the schema the plugin migrates to and the API version served.
  std::optional<Version> version;
  nlohmann::json config = nlohmann::json::object();  // the entry's `config:` map
};

struct HostConfig {
  std::filesystem::path configFile;
  std::string listenHost = "0.0.0.0";
  std::uint16_t listenPort = 8080;
  std::string databaseUrl = "sqlite://zstack.db";
  std::string sqliteSynchronous = "FULL";
  std::size_t databasePoolSize = 8;
  Version apiVersion;  // empty: the lowest version of the loaded plugins (all support it)
  std::chrono::seconds sessionTimeout{7200};
  int sessionMaxConcurrent = 500;
  std::size_t maxBodyBytes = 8 * 1024 * 1024;
  std::chrono::seconds jobRetention{10800};
  // Job worker threads; 0: 1 on SQLite (one writer), 4 on PostgreSQL and MariaDB, where
  // workers overlap their round trips and commits.
  int jobWorkers = 0;
  // Management nodes on one database: how often each writes its heartbeat, and how old a
  // heartbeat makes a node dead (its unfinished jobs are then marked failed).
  std::chrono::seconds heartbeatInterval{2};
  std::chrono::seconds heartbeatTimeout{10};
  int httpThreads = 2;
  int maxWaitSeconds = 60;
  // host.externalUrl: where clients reach this node ("https://mn.example.com:8080"), the base of
  // job locations; empty: the request's Host header, when it is a plain host[:port].
  std::string externalUrl;
  std::size_t maxConnections = 0;  // 0: three quarters of the descriptor limit
  // host.limits: what one request may make the node walk or hold.
  int jsonDepth = 64;
  std::size_t jsonValues = 100000;
  std::size_t maxAnswerBytes = 64 * 1024 * 1024;  // a query's answer, a job's result
  // host.queries: the pool that runs queries off the HTTP threads.
  int queryThreads = 2;
  std::size_t maxQueuedQueries = 64;
  std::chrono::milliseconds queryTimeout{10000};  // seconds in the file, fractions allowed
  // host.login: back-off after failed logins (auth/login_throttle.h).
  int loginMaxFailures = 10;
  std::chrono::seconds loginWindow{300};
  std::chrono::seconds loginMaxBackoff{900};
  // host.jobs.maxStoredBytes: job results kept in AsyncRestVO, in all.
  std::size_t jobMaxStoredBytes = 1024ULL * 1024 * 1024;
  // host.webhooks (docs/operations.md): the deadline of one X-Web-Hook delivery, the bodies
  // waiting in all, and the only networks deliveries may go to (none: the default policy).
  std::chrono::seconds webhookTimeout{5};
  std::size_t webhookMaxQueuedBytes = 64 * 1024 * 1024;
  std::optional<std::vector<webhook::Network>> webhookAllowedNetworks;
  // host.accessKeys (docs/operations.md, "The host key"): the file of the key that access-key
  // secrets are sealed under (empty: zstack-host-key beside an SQLite database, else in the
  // working folder; relative: from the config file's folder), and how far a signed request's
  // Date may be from the node's clock (60 s to 1 h).
  std::filesystem::path accessKeyKeyFile;
  std::chrono::seconds accessKeyMaxClockSkew{900};
  std::filesystem::path sqlDir;  // empty: <executable>/../share/zstack/sql
  std::vector<PluginEntry> plugins;
};

struct CommandLine {
  std::filesystem::path configFile;
  std::optional<std::string> listen;    // HOST:PORT
  std::optional<std::string> database;  // URL
  std::optional<std::string> apiVersion;
  bool help = false;
};

const char* usage();
// SYS.1007 naming the argument on a bad command line.
Status parseCommandLine(int argc, const char* const argv[], CommandLine* out);
// Reads the file and applies the command line over it; SYS.1007 naming the key on bad values.
// The file may hold at most kMaxConfigBytes, and a plugin's config: map nest at most
// kMaxConfigDepth levels and hold at most kMaxConfigValues values, counted as they expand
// (a YAML alias counts what its anchor holds each time it is used).
Status loadConfig(const CommandLine& commandLine, HostConfig* out);
inline constexpr std::size_t kMaxConfigBytes = 1024 * 1024;
inline constexpr int kMaxConfigDepth = 32;
inline constexpr std::size_t kMaxConfigValues = 100000;
// The same from the file's text (`configFile`, absolute, anchors relative paths).
Status parseConfig(const std::string& text, const std::filesystem::path& configFile, const CommandLine& commandLine,
                   HostConfig* out);
// "HOST:PORT" (IPv6 as "[::1]:8080").
Status parseListen(const std::string& text, std::string* host, std::uint16_t* port);

}  // namespace zstack
