#include "config/config.h"

#include <algorithm>
#include <charconv>
#include <fstream>

#include <yaml-cpp/yaml.h>

namespace zstack {
namespace {

// False when `node` nests deeper than kMaxConfigDepth (the conversion recurses per level), or
// makes more than kMaxConfigValues values in all (`values` counts them): YAML aliases share one
// node among all their uses, which the conversion copies each time, so 600 bytes of nested
// aliases would otherwise expand into a billion values.
bool yamlToJson(const YAML::Node& node, int depth, std::size_t* values, nlohmann::json* out) {
  if (depth > kMaxConfigDepth || ++*values > kMaxConfigValues) return false;
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      *out = nlohmann::json::object();
      for (const auto& entry : node) {
        if (!entry.first.IsScalar() || !yamlToJson(entry.second, depth + 1, values, &(*out)[entry.first.Scalar()])) {
          return false;
        }
      }
      return true;
    }
    case YAML::NodeType::Sequence: {
      *out = nlohmann::json::array();
      for (const auto& entry : node) {
        if (!yamlToJson(entry, depth + 1, values, &out->emplace_back())) return false;
      }
      return true;
    }
    case YAML::NodeType::Scalar: *out = node.Scalar(); return true;
    default: *out = nullptr; return true;
  }
}

// A sub-map, or an empty one: indexing a missing node would throw.
YAML::Node section(const YAML::Node& parent, const char* key) {
  return parent[key] ? parent[key] : YAML::Node(YAML::NodeType::Map);
}

template <typename T>
Status readScalar(const YAML::Node& parent, const char* key, const std::string& path, T* out) {
  const YAML::Node node = parent[key];
  if (!node) return Status::OK();
  try {
    *out = node.as<T>();
  } catch (const YAML::Exception&) {
    return invalidArgument("plugin.yaml: " + path + key + " has an invalid value");
  }
  return Status::OK();
}

Status readSeconds(const YAML::Node& parent, const char* key, const std::string& path, std::chrono::seconds* out) {
  long long seconds = out->count();
  if (Status status = readScalar(parent, key, path, &seconds); !status.ok()) return status;
  if (seconds <= 0) return invalidArgument("plugin.yaml: " + path + key + " must be a positive number of seconds");
  *out = std::chrono::seconds(seconds);
  return Status::OK();
}

Status readWebhooks(const YAML::Node& webhooks, HostConfig* config) {
  for (Status status : {readSeconds(webhooks, "timeout", "host.webhooks.", &config->webhookTimeout),
                        readScalar(webhooks, "maxQueuedBytes", "host.webhooks.", &config->webhookMaxQueuedBytes)}) {
    if (!status.ok()) return status;
  }
  if (config->webhookMaxQueuedBytes == 0) return invalidArgument("plugin.yaml: host.webhooks.maxQueuedBytes must be positive");
  const YAML::Node networks = webhooks["allowedNetworks"];
  if (!networks) return Status::OK();
  if (!networks.IsSequence()) {
    return invalidArgument("plugin.yaml: host.webhooks.allowedNetworks must be a list of networks such as 10.0.0.0/8");
  }
  std::vector<webhook::Network> allowed;
  for (std::size_t i = 0; i < networks.size(); ++i) {
    const std::string text = networks[i].IsScalar() ? networks[i].as<std::string>() : "";
    const std::optional<webhook::Network> network = webhook::parseNetwork(text);
    if (!network) {
      return invalidArgument("plugin.yaml: host.webhooks.allowedNetworks[" + std::to_string(i) + "] '" + text +
                             "' is not a network such as 10.0.0.0/8 or fd00::/8 (with no bits set past the prefix)");
    }
    allowed.push_back(*network);
  }
  config->webhookAllowedNetworks = std::move(allowed);
  return Status::OK();
}

Status readAccessKeys(const YAML::Node& accessKeys, HostConfig* config) {
  std::string keyFile;
  for (Status status : {readScalar(accessKeys, "keyFile", "host.accessKeys.", &keyFile),
                        readSeconds(accessKeys, "maxClockSkew", "host.accessKeys.", &config->accessKeyMaxClockSkew)}) {
    if (!status.ok()) return status;
  }
  // Below a minute, honest clients with NTP-kept clocks would be refused; above an hour, a
  // captured request could be replayed for long.
  if (config->accessKeyMaxClockSkew < std::chrono::seconds(60) || config->accessKeyMaxClockSkew > std::chrono::hours(1)) {
    return invalidArgument("plugin.yaml: host.accessKeys.maxClockSkew must be between 60 and 3600 seconds");
  }
  if (!keyFile.empty()) config->accessKeyKeyFile = config->configFile.parent_path() / keyFile;
  return Status::OK();
}

Status readHost(const YAML::Node& host, HostConfig* config) {
  std::string listen;
  std::string apiVersion;
  std::string sqlDir;
  for (Status status : {readScalar(host, "listen", "host.", &listen), readScalar(host, "database", "host.", &config->databaseUrl),
                        readScalar(host, "apiVersion", "host.", &apiVersion),
                        readScalar(host, "maxBodyBytes", "host.", &config->maxBodyBytes),
                        readScalar(host, "httpThreads", "host.", &config->httpThreads),
                        readScalar(host, "maxWaitSeconds", "host.", &config->maxWaitSeconds),
                        readScalar(host, "sqlDir", "host.", &sqlDir),
                        readScalar(section(host, "sqlite"), "synchronous", "host.sqlite.", &config->sqliteSynchronous),
                        readScalar(section(host, "session"), "maxConcurrent", "host.session.", &config->sessionMaxConcurrent),
                        readSeconds(section(host, "session"), "timeout", "host.session.", &config->sessionTimeout),
                        readSeconds(section(host, "jobs"), "retention", "host.jobs.", &config->jobRetention),
                        readScalar(section(host, "jobs"), "workers", "host.jobs.", &config->jobWorkers),
                        readSeconds(section(host, "heartbeat"), "interval", "host.heartbeat.", &config->heartbeatInterval),
                        readSeconds(section(host, "heartbeat"), "timeout", "host.heartbeat.", &config->heartbeatTimeout)}) {
    if (!status.ok()) return status;
  }
  if (Status status = readWebhooks(section(host, "webhooks"), config); !status.ok()) return status;
  if (Status status = readAccessKeys(section(host, "accessKeys"), config); !status.ok()) return status;
  if (!listen.empty()) {
    if (Status status = parseListen(listen, &config->listenHost, &config->listenPort); !status.ok()) return status;
  }
  if (!apiVersion.empty()) {
    auto version = Version::parse(apiVersion);
    if (!version) return invalidArgument("plugin.yaml: host.apiVersion '" + apiVersion + "' is not a version like 5.5.22");
    config->apiVersion = *version;
  }
  if (!sqlDir.empty()) config->sqlDir = config->configFile.parent_path() / sqlDir;
  if (config->maxBodyBytes == 0 || config->httpThreads <= 0 || config->jobWorkers < 0 || config->maxWaitSeconds < 0 ||
      config->sessionMaxConcurrent <= 0) {
    return invalidArgument("plugin.yaml: host.maxBodyBytes, httpThreads and session.maxConcurrent must be positive, jobs.workers not negative");
  }
  if (config->heartbeatTimeout < 2 * config->heartbeatInterval) {
    return invalidArgument("plugin.yaml: host.heartbeat.timeout must be at least twice host.heartbeat.interval");
  }
  if (config->sqliteSynchronous != "FULL" && config->sqliteSynchronous != "NORMAL") {
    return invalidArgument("plugin.yaml: host.sqlite.synchronous must be FULL or NORMAL");
  }
  return Status::OK();
}

// Seconds, fractions allowed ("0.5"), kept as milliseconds.
Status readMilliseconds(const YAML::Node& parent, const char* key, const std::string& path,
                        std::chrono::milliseconds* out) {
  double seconds = static_cast<double>(out->count()) / 1000;
  if (Status status = readScalar(parent, key, path, &seconds); !status.ok()) return status;
  if (!(seconds >= 0.001 && seconds <= 86400)) {
    return invalidArgument("plugin.yaml: " + path + key + " must be between 0.001 and 86400 seconds");
  }
  *out = std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
  return Status::OK();
}

template <typename T>
Status readPositive(const YAML::Node& parent, const char* key, const std::string& path, T* out) {
  if (Status status = readScalar(parent, key, path, out); !status.ok()) return status;
  if (*out <= 0) return invalidArgument("plugin.yaml: " + path + key + " must be positive");
  return Status::OK();
}

// host.externalUrl, host.maxConnections, and the limits, queries and login sections.
Status readLimits(const YAML::Node& host, HostConfig* config) {
  long long maxConnections = 0;
  const YAML::Node limits = section(host, "limits");
  const YAML::Node queries = section(host, "queries");
  const YAML::Node login = section(host, "login");
  const YAML::Node jobs = section(host, "jobs");
  for (Status status : {readScalar(host, "externalUrl", "host.", &config->externalUrl),
                        readScalar(host, "maxConnections", "host.", &maxConnections),
                        readPositive(limits, "jsonDepth", "host.limits.", &config->jsonDepth),
                        readPositive(limits, "jsonValues", "host.limits.", &config->jsonValues),
                        readPositive(limits, "maxAnswerBytes", "host.limits.", &config->maxAnswerBytes),
                        readPositive(queries, "threads", "host.queries.", &config->queryThreads),
                        readPositive(queries, "maxQueued", "host.queries.", &config->maxQueuedQueries),
                        readMilliseconds(queries, "timeout", "host.queries.", &config->queryTimeout),
                        readPositive(login, "maxFailures", "host.login.", &config->loginMaxFailures),
                        readSeconds(login, "window", "host.login.", &config->loginWindow),
                        readSeconds(login, "maxBackoff", "host.login.", &config->loginMaxBackoff),
                        readScalar(jobs, "maxStoredBytes", "host.jobs.", &config->jobMaxStoredBytes)}) {
    if (!status.ok()) return status;
  }
  if (maxConnections < 0) return invalidArgument("plugin.yaml: host.maxConnections must not be negative");
  config->maxConnections = static_cast<std::size_t>(maxConnections);
  std::string& url = config->externalUrl;
  while (!url.empty() && url.back() == '/') url.pop_back();
  const bool schemed = url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0;
  const bool plain = std::all_of(url.begin(), url.end(), [](unsigned char c) { return c > 0x20 && c < 0x7f; });
  if (!url.empty() && (!schemed || !plain || url.size() > 2048)) {
    return invalidArgument("plugin.yaml: host.externalUrl must be an http:// or https:// URL such as https://mn.example.com:8080");
  }
  return Status::OK();
}

Status readPlugins(const YAML::Node& plugins, HostConfig* config) {
  if (!plugins) return Status::OK();
  if (!plugins.IsSequence()) return invalidArgument("plugin.yaml: plugins must be a list");
  for (std::size_t i = 0; i < plugins.size(); ++i) {
    const YAML::Node node = plugins[i];
    const std::string path = "plugins[" + std::to_string(i) + "].";
    PluginEntry entry;
    std::string library;
    std::string version;
    for (Status status : {readScalar(node, "name", path, &entry.name), readScalar(node, "library", path, &library),
                          readScalar(node, "enabled", path, &entry.enabled),
                          readScalar(node, "optional", path, &entry.optional),
                          readScalar(node, "version", path, &version)}) {
      if (!status.ok()) return status;
    }
    if (entry.name.empty() || library.empty()) return invalidArgument("plugin.yaml: " + path + "name and library are required");
    if (node["version"]) {
      if (!node["version"].IsScalar()) return invalidArgument("plugin.yaml: " + path + "version has an invalid value");
      entry.version = Version::parse(version);
      if (!entry.version) {
        return invalidArgument("plugin.yaml: " + path + "version '" + version + "' is not a version like 5.5.22");
      }
    }
    for (const PluginEntry& other : config->plugins) {
      if (other.name == entry.name) return invalidArgument("plugin.yaml: plugin " + entry.name + " is listed twice");
    }
    entry.library = std::filesystem::path(library).is_absolute() ? std::filesystem::path(library)
                                                                 : config->configFile.parent_path() / library;
    if (node["config"]) {
      if (!node["config"].IsMap()) return invalidArgument("plugin.yaml: " + path + "config must be a map");
      std::size_t values = 0;
      if (!yamlToJson(node["config"], 1, &values, &entry.config)) {
        return invalidArgument("plugin.yaml: " + path + "config nests deeper than " + std::to_string(kMaxConfigDepth) +
                               " levels, holds more than " + std::to_string(kMaxConfigValues) +
                               " values (an alias counts what it repeats), or has a key that is not text");
      }
    }
    config->plugins.push_back(std::move(entry));
  }
  return Status::OK();
}

Status readConfig(const YAML::Node& root, HostConfig* config) {
  if (root["host"]) {
    if (!root["host"].IsMap()) return invalidArgument("plugin.yaml: host must be a map");
    if (Status status = readHost(root["host"], config); !status.ok()) return status;
    if (Status status = readLimits(root["host"], config); !status.ok()) return status;
  }
  return readPlugins(root["plugins"], config);
}

}  // namespace

const char* usage() {
  return "usage: zstack-mn --config FILE [--listen HOST:PORT] [--database URL] [--api-version X.Y.Z]\n"
         "  --config FILE        plugin.yaml: host settings and the plugins to load\n"
         "  --listen HOST:PORT   where to serve the REST API (default from the file, else 0.0.0.0:8080)\n"
         "  --database URL       sqlite:///abs/path.db | sqlite://relative.db | postgresql://... | mysql://...\n"
         "  --api-version X.Y.Z  the ZStack API version to serve (default: the lowest plugin version)\n";
}

Status parseCommandLine(int argc, const char* const argv[], CommandLine* out) {
  CommandLine commandLine;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      commandLine.help = true;
      continue;
    }
    const std::size_t eq = arg.find('=');
    const std::string name = arg.substr(0, eq);
    std::string value;
    if (eq != std::string::npos) {
      value = arg.substr(eq + 1);
    } else if (i + 1 < argc) {
      value = argv[++i];
    } else {
      return invalidArgument("option " + name + " needs a value");
    }
    if (name == "--config") commandLine.configFile = value;
    else if (name == "--listen") commandLine.listen = value;
    else if (name == "--database") commandLine.database = value;
    else if (name == "--api-version") commandLine.apiVersion = value;
    else return invalidArgument("unknown option " + name);
  }
  if (!commandLine.help && commandLine.configFile.empty()) return invalidArgument("--config FILE is required");
  *out = std::move(commandLine);
  return Status::OK();
}

Status parseListen(const std::string& text, std::string* host, std::uint16_t* port) {
  const std::size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) return invalidArgument("listen address '" + text + "' is not HOST:PORT");
  std::string name = text.substr(0, colon);
  if (name.size() > 2 && name.front() == '[' && name.back() == ']') name = name.substr(1, name.size() - 2);
  unsigned value = 0;
  const std::string portText = text.substr(colon + 1);
  auto [end, ec] = std::from_chars(portText.data(), portText.data() + portText.size(), value);
  if (ec != std::errc() || end != portText.data() + portText.size() || value > 65535) {
    return invalidArgument("listen address '" + text + "' has an invalid port");
  }
  *host = std::move(name);
  *port = static_cast<std::uint16_t>(value);
  return Status::OK();
}

Status loadConfig(const CommandLine& commandLine, HostConfig* out) {
  if (commandLine.configFile.empty()) return invalidArgument("--config FILE is required");
  std::error_code error;
  const std::filesystem::path file = std::filesystem::absolute(commandLine.configFile, error);
  if (error) return invalidArgument("cannot read config file " + commandLine.configFile.string() + ": " + error.message());
  std::string text;
  {
    std::ifstream in(file, std::ios::binary);
    if (!in) return invalidArgument("cannot read config file " + file.string());
    text.resize(kMaxConfigBytes + 1);
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
  }
  if (text.size() > kMaxConfigBytes) {
    return invalidArgument("config file " + file.string() + " is larger than " + std::to_string(kMaxConfigBytes) +
                           " bytes");
  }
  return parseConfig(text, file, commandLine, out);
}

Status parseConfig(const std::string& text, const std::filesystem::path& configFile, const CommandLine& commandLine,
                   HostConfig* out) {
  HostConfig config;
  config.configFile = configFile;
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    return invalidArgument("config file " + config.configFile.string() + " is not valid YAML: " + e.what());
  }
  if (!root.IsNull() && !root.IsMap()) return invalidArgument("config file " + config.configFile.string() + " is not a map");
  try {
    if (Status status = readConfig(root, &config); !status.ok()) return status;
  } catch (const YAML::Exception& e) {
    // A key of the wrong shape (a list where a map belongs, say) that the readers did not expect.
    return invalidArgument("config file " + config.configFile.string() + " is not valid: " + e.what());
  }
  if (commandLine.listen) {
    if (Status status = parseListen(*commandLine.listen, &config.listenHost, &config.listenPort); !status.ok()) return status;
  }
  if (commandLine.database) config.databaseUrl = *commandLine.database;
  if (commandLine.apiVersion) {
    auto version = Version::parse(*commandLine.apiVersion);
    if (!version) return invalidArgument("--api-version '" + *commandLine.apiVersion + "' is not a version like 5.5.22");
    config.apiVersion = *version;
  }
  *out = std::move(config);
  return Status::OK();
}

}  // namespace zstack
