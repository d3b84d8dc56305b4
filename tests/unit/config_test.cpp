// plugin.yaml and the command line.
#include "config/config.h"

#include <gtest/gtest.h>

#include <fstream>

#include "temp_dir.h"

namespace zstack {
namespace {

namespace fs = std::filesystem;

class ConfigTest : public ::testing::Test {
 protected:

  Status load(const std::string& yaml, HostConfig* out, std::vector<const char*> extra = {}) {
    std::ofstream(dir_.path() / "plugin.yaml") << yaml;
    const std::string file = (dir_.path() / "plugin.yaml").string();
    std::vector<const char*> argv{"zstack-mn", "--config", file.c_str()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    CommandLine commandLine;
    Status status = parseCommandLine(static_cast<int>(argv.size()), argv.data(), &commandLine);
    return status.ok() ? loadConfig(commandLine, out) : status;
  }

  testing::TempDir dir_{"zstack-config-test"};
};

// --help parses without --config; loading then refuses in words instead of throwing (zstack-apidoc
// --help used to end in an uncaught filesystem_error).
TEST_F(ConfigTest, LoadingWithoutAConfigFileIsRefusedNotThrown) {
  const std::vector<const char*> argv{"zstack-apidoc", "--help"};
  CommandLine commandLine;
  ASSERT_TRUE(parseCommandLine(static_cast<int>(argv.size()), argv.data(), &commandLine).ok());
  EXPECT_TRUE(commandLine.help);
  HostConfig config;
  const Status status = loadConfig(commandLine, &config);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().details.find("--config FILE is required"), std::string::npos) << status.error().details;
}

TEST_F(ConfigTest, ReadsHostSettingsAndPlugins) {
  HostConfig config;
  ASSERT_TRUE(load(R"(host:
  listen: 127.0.0.1:9090
  database: sqlite:///var/lib/zstack.db
  apiVersion: 5.2.1
  session: {timeout: 60, maxConcurrent: 3}
  jobs: {retention: 100, workers: 2}
  heartbeat: {interval: 1, timeout: 5}
plugins:
  - name: ai-model
    library: lib/libzstack-ai-model.so
  - name: other
    library: /abs/libother.so
    enabled: false
    optional: true
    config: {key: value}
)",
                   &config)
                  .ok());
  EXPECT_EQ(config.listenHost, "127.0.0.1");
  EXPECT_EQ(config.listenPort, 9090);
  EXPECT_EQ(config.databaseUrl, "sqlite:///var/lib/zstack.db");
  EXPECT_EQ(config.apiVersion, Version("5.2.1"));
  EXPECT_EQ(config.sessionTimeout.count(), 60);
  EXPECT_EQ(config.sessionMaxConcurrent, 3);
  EXPECT_EQ(config.jobRetention.count(), 100);
  EXPECT_EQ(config.jobWorkers, 2);
  EXPECT_EQ(config.heartbeatInterval.count(), 1);
  EXPECT_EQ(config.heartbeatTimeout.count(), 5);
  ASSERT_EQ(config.plugins.size(), 2u);
  EXPECT_EQ(config.plugins[0].library, dir_.path() / "lib/libzstack-ai-model.so") << "relative to the file's folder";
  EXPECT_TRUE(config.plugins[0].enabled);
  EXPECT_EQ(config.plugins[1].library, fs::path("/abs/libother.so"));
  EXPECT_FALSE(config.plugins[1].enabled);
  EXPECT_TRUE(config.plugins[1].optional);
  EXPECT_EQ(config.plugins[1].config["key"], "value");
}

TEST_F(ConfigTest, CommandLineOverridesTheFile) {
  HostConfig config;
  ASSERT_TRUE(load("host:\n  listen: 0.0.0.0:8080\n", &config,
                   {"--listen", "[::1]:7070", "--database=sqlite://x.db", "--api-version", "5.1.8"})
                  .ok());
  EXPECT_EQ(config.listenHost, "::1");
  EXPECT_EQ(config.listenPort, 7070);
  EXPECT_EQ(config.databaseUrl, "sqlite://x.db");
  EXPECT_EQ(config.apiVersion, Version("5.1.8"));
}

TEST_F(ConfigTest, BadValuesNameTheKey) {
  HostConfig config;
  auto details = [&](const std::string& yaml) {
    Status status = load(yaml, &config);
    return status.ok() ? std::string("OK") : status.error().details;
  };
  EXPECT_NE(details("host:\n  listen: nowhere\n").find("HOST:PORT"), std::string::npos);
  EXPECT_NE(details("host:\n  listen: a:99999\n").find("invalid port"), std::string::npos);
  EXPECT_NE(details("host:\n  apiVersion: five\n").find("host.apiVersion"), std::string::npos);
  EXPECT_NE(details("host:\n  session: {timeout: 0}\n").find("host.session.timeout"), std::string::npos);
  EXPECT_NE(details("host:\n  maxBodyBytes: lots\n").find("host.maxBodyBytes"), std::string::npos);
  EXPECT_NE(details("host:\n  sqlite: {synchronous: OFF}\n").find("FULL or NORMAL"), std::string::npos);
  EXPECT_NE(details("host:\n  jobs: {workers: -1}\n").find("jobs.workers not negative"), std::string::npos);
  EXPECT_NE(details("host:\n  heartbeat: {interval: 0}\n").find("host.heartbeat.interval"), std::string::npos);
  EXPECT_NE(details("host:\n  heartbeat: {interval: 5, timeout: 6}\n").find("at least twice host.heartbeat.interval"),
            std::string::npos);
  EXPECT_NE(details("plugins:\n  - name: x\n").find("plugins[0].name and library are required"), std::string::npos);
  EXPECT_NE(details("plugins:\n  - {name: x, library: a.so}\n  - {name: x, library: b.so}\n").find("listed twice"),
            std::string::npos);
  EXPECT_NE(details("plugins: [\n").find("not valid YAML"), std::string::npos);
  EXPECT_NE(details("host:\n  webhooks: {timeout: 0}\n").find("host.webhooks.timeout must be a positive"), std::string::npos);
  EXPECT_NE(details("host:\n  webhooks: {timeout: soon}\n").find("host.webhooks.timeout"), std::string::npos);
  EXPECT_NE(details("host:\n  webhooks: {maxQueuedBytes: 0}\n").find("host.webhooks.maxQueuedBytes"), std::string::npos);
  EXPECT_NE(details("host:\n  webhooks: {allowedNetworks: 10.0.0.0/8}\n").find("host.webhooks.allowedNetworks must be a list"),
            std::string::npos);
  EXPECT_NE(details("host:\n  webhooks: {allowedNetworks: [10.0.0.0/8, 10.0.0.1/8]}\n")
                .find("host.webhooks.allowedNetworks[1] '10.0.0.1/8' is not a network"),
            std::string::npos);
  EXPECT_NE(details("host:\n  webhooks: {allowedNetworks: [[10.0.0.0/8]]}\n").find("host.webhooks.allowedNetworks[0]"),
            std::string::npos);
  for (const char* key : {"jsonDepth", "jsonValues", "maxAnswerBytes"}) {
    for (const char* value : {"0", "-1", "many"}) {
      EXPECT_NE(details(std::string("host:\n  limits: {") + key + ": " + value + "}\n").find(std::string("host.limits.") + key),
                std::string::npos)
          << key << "=" << value;
    }
  }
  EXPECT_NE(details("host:\n  queries: {threads: 0}\n").find("host.queries.threads"), std::string::npos);
  EXPECT_NE(details("host:\n  queries: {maxQueued: -3}\n").find("host.queries.maxQueued"), std::string::npos);
  EXPECT_NE(details("host:\n  queries: {timeout: 0}\n").find("host.queries.timeout must be between"), std::string::npos);
  EXPECT_NE(details("host:\n  login: {maxFailures: 0}\n").find("host.login.maxFailures"), std::string::npos);
  EXPECT_NE(details("host:\n  login: {window: -5}\n").find("host.login.window"), std::string::npos);
  EXPECT_NE(details("host:\n  jobs: {maxStoredBytes: -1}\n").find("host.jobs.maxStoredBytes"), std::string::npos);
  EXPECT_NE(details("host:\n  maxConnections: -1\n").find("host.maxConnections"), std::string::npos);
  EXPECT_NE(details("host:\n  externalUrl: ftp://x\n").find("host.externalUrl must be an http:// or https:// URL"),
            std::string::npos);
  EXPECT_NE(details("host:\n  externalUrl: \"https://a b\"\n").find("host.externalUrl"), std::string::npos);
  EXPECT_NE(details("host: [1, 2]\n").find("host must be a map"), std::string::npos);
  EXPECT_NE(details("- just a list\n").find("is not a map"), std::string::npos);
}

TEST_F(ConfigTest, LimitsQueriesLoginAndLocations) {
  HostConfig config;
  ASSERT_TRUE(load("host:\n  externalUrl: https://mn.example.com:8443/\n  maxConnections: 100\n"
                   "  limits: {jsonDepth: 16, jsonValues: 500, maxAnswerBytes: 1048576}\n"
                   "  queries: {threads: 3, maxQueued: 9, timeout: 0.25}\n"
                   "  login: {maxFailures: 5, window: 60, maxBackoff: 120}\n  jobs: {maxStoredBytes: 2000000}\n",
                   &config)
                  .ok());
  EXPECT_EQ(config.externalUrl, "https://mn.example.com:8443");
  EXPECT_EQ(config.maxConnections, 100u);
  EXPECT_EQ(config.jsonDepth, 16);
  EXPECT_EQ(config.jsonValues, 500u);
  EXPECT_EQ(config.maxAnswerBytes, 1048576u);
  EXPECT_EQ(config.queryThreads, 3);
  EXPECT_EQ(config.maxQueuedQueries, 9u);
  EXPECT_EQ(config.queryTimeout, std::chrono::milliseconds(250));
  EXPECT_EQ(config.loginMaxFailures, 5);
  EXPECT_EQ(config.loginWindow, std::chrono::seconds(60));
  EXPECT_EQ(config.loginMaxBackoff, std::chrono::seconds(120));
  EXPECT_EQ(config.jobMaxStoredBytes, 2000000u);
}

// plugin.yaml is bounded before YAML parses it, and a plugin's config: map before it is converted.
TEST_F(ConfigTest, OversizedOrDeeplyNestedFilesAreRefused) {
  HostConfig config;
  Status big = load("# " + std::string(kMaxConfigBytes, 'x') + "\n", &config);
  ASSERT_FALSE(big.ok());
  EXPECT_NE(big.error().details.find("is larger than 1048576 bytes"), std::string::npos);
  std::string deep = "plugins:\n  - name: x\n    library: x.so\n    config: ";
  for (int i = 0; i < 40; ++i) deep += "{a: ";
  deep += "1";
  for (int i = 0; i < 40; ++i) deep += "}";
  Status nested = load(deep + "\n", &config);
  ASSERT_FALSE(nested.ok());
  EXPECT_NE(nested.error().details.find("config nests deeper than 32 levels"), std::string::npos);
}

TEST_F(ConfigTest, PluginVersionIsOptionalAndChecked) {
  HostConfig config;
  ASSERT_TRUE(load(R"(plugins:
  - name: ai-model
    library: a.so
    version: 5.4.6
  - name: other
    library: b.so
)",
                   &config)
                  .ok());
  ASSERT_EQ(config.plugins.size(), 2u);
  ASSERT_TRUE(config.plugins[0].version.has_value());
  EXPECT_EQ(*config.plugins[0].version, Version("5.4.6"));
  EXPECT_FALSE(config.plugins[1].version.has_value()) << "absent: the library's own version";

  auto details = [&](const std::string& yaml) {
    Status status = load(yaml, &config);
    return status.ok() ? std::string("OK") : status.error().details;
  };
  EXPECT_EQ(details("plugins:\n  - {name: x, library: a.so, version: five}\n"),
            "plugin.yaml: plugins[0].version 'five' is not a version like 5.5.22");
  EXPECT_EQ(details("plugins:\n  - {name: x, library: a.so}\n  - {name: y, library: b.so, version: 5.5.22.1.2}\n"),
            "plugin.yaml: plugins[1].version '5.5.22.1.2' is not a version like 5.5.22");
  EXPECT_EQ(details("plugins:\n  - {name: x, library: a.so, version: [5]}\n"),
            "plugin.yaml: plugins[0].version has an invalid value");
  EXPECT_EQ(details("plugins:\n  - {name: x, library: a.so, version: }\n"),
            "plugin.yaml: plugins[0].version has an invalid value");
}

TEST_F(ConfigTest, ReadsWebhookKeys) {
  HostConfig config;
  ASSERT_TRUE(load("host: {}\n", &config).ok());
  EXPECT_EQ(config.webhookTimeout.count(), 5);
  EXPECT_EQ(config.webhookMaxQueuedBytes, 64u * 1024 * 1024);
  EXPECT_FALSE(config.webhookAllowedNetworks) << "absent: the default policy";

  ASSERT_TRUE(load(R"(host:
  webhooks:
    timeout: 2
    maxQueuedBytes: 1000
    allowedNetworks: [10.0.0.0/8, 127.0.0.0/8, "::1/128"]
)",
                   &config)
                  .ok());
  EXPECT_EQ(config.webhookTimeout.count(), 2);
  EXPECT_EQ(config.webhookMaxQueuedBytes, 1000u);
  ASSERT_TRUE(config.webhookAllowedNetworks);
  ASSERT_EQ(config.webhookAllowedNetworks->size(), 3u);
  EXPECT_EQ((*config.webhookAllowedNetworks)[2].prefix, 128u);
  ASSERT_TRUE(load("host:\n  webhooks: {allowedNetworks: []}\n", &config).ok());
  EXPECT_TRUE(config.webhookAllowedNetworks && config.webhookAllowedNetworks->empty()) << "present and empty: nowhere";
}

TEST_F(ConfigTest, ReadsAccessKeyKeys) {
  HostConfig config;
  ASSERT_TRUE(load("host: {}\n", &config).ok());
  EXPECT_TRUE(config.accessKeyKeyFile.empty()) << "absent: beside the SQLite database, else the working folder";
  EXPECT_EQ(config.accessKeyMaxClockSkew.count(), 900);
  ASSERT_TRUE(load("host:\n  accessKeys: {keyFile: keys/host.key, maxClockSkew: 60}\n", &config).ok());
  EXPECT_EQ(config.accessKeyKeyFile, dir_.path() / "keys/host.key") << "relative to the config file";
  EXPECT_EQ(config.accessKeyMaxClockSkew.count(), 60);
  for (const char* skew : {"59", "3601", "0", "soon"}) {
    const Status status = load(std::string("host:\n  accessKeys: {maxClockSkew: ") + skew + "}\n", &config);
    ASSERT_FALSE(status.ok()) << skew;
    EXPECT_NE(status.error().details.find("host.accessKeys.maxClockSkew"), std::string::npos) << status.error().details;
  }
}

// YAML aliases share one node among their uses; the config: map counts each use, so that a few
// hundred bytes of nested aliases cannot expand into a billion values (regression input of fuzz_config).
TEST_F(ConfigTest, AliasesCountTowardsTheBoundOnConfigValues) {
  HostConfig config;
  ASSERT_TRUE(load("plugins:\n  - name: x\n    library: a.so\n    config:\n      a: &a [1, 2]\n      b: [*a, *a]\n", &config)
                  .ok());
  EXPECT_EQ(config.plugins.at(0).config["b"], nlohmann::json::parse(R"([["1", "2"], ["1", "2"]])"));

  std::string yaml = "plugins:\n  - name: x\n    library: a.so\n    config:\n      l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int level = 1; level < 9; ++level) {
    yaml += "      l" + std::to_string(level) + ": &l" + std::to_string(level) + " [";
    for (int i = 0; i < 10; ++i) yaml += (i ? ", *l" : "*l") + std::to_string(level - 1);
    yaml += "]\n";
  }
  const Status status = load(yaml, &config);  // 10^9 values once expanded
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().details.find("holds more than " + std::to_string(kMaxConfigValues) + " values"), std::string::npos)
      << status.error().details;
}

TEST(CommandLine, RequiresConfigAndKnownOptions) {
  CommandLine commandLine;
  const char* none[] = {"zstack-mn"};
  EXPECT_FALSE(parseCommandLine(1, none, &commandLine).ok());
  const char* unknown[] = {"zstack-mn", "--config", "x", "--port", "1"};
  EXPECT_EQ(parseCommandLine(5, unknown, &commandLine).error().details, "unknown option --port");
  const char* dangling[] = {"zstack-mn", "--config"};
  EXPECT_FALSE(parseCommandLine(2, dangling, &commandLine).ok());
  const char* help[] = {"zstack-mn", "--help"};
  ASSERT_TRUE(parseCommandLine(2, help, &commandLine).ok());
  EXPECT_TRUE(commandLine.help);
}

}  // namespace
}  // namespace zstack
