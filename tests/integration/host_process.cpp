#include "host_process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>


#include "common/digest.h"

extern char** environ;

namespace zstack::it {
namespace {

using Clock = std::chrono::steady_clock;

std::string readFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

bool portAccepts(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  ::close(fd);
  return ok;
}

int exitCodeOf(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

// waitpid with a timeout; the exit code, or nullopt when it is still running.
std::optional<int> waitFor(pid_t pid, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    int status = 0;
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) return exitCodeOf(status);
    if (done < 0) return -1;
    if (Clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

std::string yamlString(const std::string& text) { return Json(text).dump(); }

}  // namespace

std::string pluginLibrary(const std::string& target) {
  return std::string(ZSTACK_BINARY_DIR) + "/lib/zstack/plugins/lib" + target + ".so";
}

PluginSpec aiModelPlugin() {
  PluginSpec spec;
  spec.name = "ai-model";
  spec.library = pluginLibrary("zstack-ai-model");
  return spec;
}

PluginSpec aiDatasetPlugin() {
  PluginSpec spec;
  spec.name = "ai-dataset";
  spec.library = pluginLibrary("zstack-ai-dataset");
  return spec;
}

std::uint16_t freePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket failed");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = 0;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    throw std::runtime_error("bind failed");
  }
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

std::string targetOf(const std::string& location) {
  const std::size_t scheme = location.find("://");
  if (scheme == std::string::npos) return location;
  const std::size_t slash = location.find('/', scheme + 3);
  return slash == std::string::npos ? "/" : location.substr(slash);
}

bool isZStackUuid(const std::string& text) {
  if (text.size() != 32) return false;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

HostProcess::HostProcess(HostOptions options) : options_(std::move(options)) {
  std::string pattern = (std::filesystem::temp_directory_path() / "zstack-it-XXXXXX").string();
  if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  dir_ = pattern;
  if (options_.databaseUrl.empty()) {
    database_ = std::make_unique<zstack::testing::TestDatabase>(dir_);
    databaseUrl_ = database_->url();
  } else {
    databaseUrl_ = options_.databaseUrl;
  }
  port_ = freePort();
}

HostProcess::~HostProcess() {
  client_.reset();
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  if (!std::getenv("ZSTACK_IT_KEEP")) {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
}

void HostProcess::writeConfig() {
  std::ofstream out(configPath(), std::ios::trunc);
  out << "host:\n";
  out << "  listen: 127.0.0.1:" << port_ << "\n";
  out << "  database: " << yamlString(databaseUrl_) << "\n";
  if (!options_.apiVersion.empty()) out << "  apiVersion: " << options_.apiVersion << "\n";
  for (const auto& [key, value] : options_.hostKeys) out << "  " << key << ": " << value << "\n";
  out << "plugins:";
  if (options_.plugins.empty()) out << " []";
  out << "\n";
  for (const PluginSpec& plugin : options_.plugins) {
    out << "  - name: " << yamlString(plugin.name) << "\n";
    out << "    library: " << yamlString(plugin.library) << "\n";
    out << "    enabled: " << (plugin.enabled ? "true" : "false") << "\n";
    out << "    optional: " << (plugin.optional ? "true" : "false") << "\n";
    if (!plugin.version.empty()) out << "    version: " << plugin.version << "\n";
    if (!plugin.config.empty()) out << "    config: " << plugin.config.dump() << "\n";  // JSON is YAML
  }
  if (!out) throw std::runtime_error("cannot write " + configPath().string());
}

pid_t HostProcess::spawn() {
  writeConfig();
  const std::string binary = std::string(ZSTACK_BINARY_DIR) + "/bin/zstack-mn";
  const std::string config = configPath().string();
  const std::string logFile = (dir_ / "host.log").string();

  // Everything the child needs is prepared before fork (no allocation after it).
  std::vector<std::string> envStrings;
  for (char** e = environ; *e; ++e) {
    if (std::strncmp(*e, "ZSTACK_ADMIN_PASSWORD=", 22) != 0) envStrings.emplace_back(*e);
  }
  if (!options_.adminPassword.empty()) envStrings.emplace_back("ZSTACK_ADMIN_PASSWORD=" + options_.adminPassword);
  std::vector<char*> envp;
  for (std::string& e : envStrings) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::vector<std::string> argStrings = {binary, "--config", config};
  std::vector<char*> argv;
  for (std::string& a : argStrings) argv.push_back(a.data());
  argv.push_back(nullptr);

  const int logFd = ::open(logFile.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (logFd < 0) throw std::runtime_error("cannot open " + logFile);
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(logFd);
    throw std::runtime_error("fork failed");
  }
  if (pid == 0) {
    ::dup2(logFd, STDOUT_FILENO);
    ::dup2(logFd, STDERR_FILENO);
    const int devNull = ::open("/dev/null", O_RDONLY);
    if (devNull >= 0) ::dup2(devNull, STDIN_FILENO);
    if (::chdir(dir_.c_str()) != 0) _exit(126);
    ::execve(binary.c_str(), argv.data(), envp.data());
    _exit(127);
  }
  ::close(logFd);
  return pid;
}

void HostProcess::start() {
  if (pid_ > 0) throw std::runtime_error("host already running");
  // Another process may take the free port between freePort() and the host's bind (tests run
  // in parallel): on a first start, retry on a new port when the bind failed.
  for (int attempt = 0;; ++attempt) {
    const std::size_t logStart = log().size();
    pid_ = spawn();
    const auto deadline = Clock::now() + std::chrono::seconds(20);
    std::optional<Clock::time_point> acceptedSince;
    for (;;) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        const std::string text = log().substr(logStart);
        if (!everStarted_ && attempt < 3 && text.find("in use") != std::string::npos) break;
        throw std::runtime_error("zstack-mn exited with code " + std::to_string(exitCodeOf(status)) +
                                 " while starting; log:\n" + log());
      }
      if (portAccepts(port_)) {
        // The port answering could be another test's host: wait for ours to say it serves.
        if (!acceptedSince) acceptedSince = Clock::now();
        const std::string text = log().substr(logStart);
        if (text.find("serving API version") != std::string::npos ||
            Clock::now() - *acceptedSince > std::chrono::seconds(3)) {
          everStarted_ = true;
          return;
        }
      }
      if (Clock::now() >= deadline) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
        pid_ = -1;
        throw std::runtime_error("zstack-mn did not accept connections on port " + std::to_string(port_) +
                                 " within 20 s; log:\n" + log());
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    port_ = freePort();
    client_.reset();
  }
}

int HostProcess::stop() {
  if (pid_ <= 0) return -1;
  if (client_) client_->close();
  ::kill(pid_, SIGTERM);
  std::optional<int> code = waitFor(pid_, std::chrono::seconds(30));
  if (!code) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    code = 128 + SIGKILL;
  }
  pid_ = -1;
  return *code;
}

void HostProcess::kill9() {
  if (pid_ <= 0) return;
  if (client_) client_->close();
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

void HostProcess::freeze() {
  if (pid_ > 0) ::kill(pid_, SIGSTOP);
}

void HostProcess::thaw() {
  if (pid_ > 0) ::kill(pid_, SIGCONT);
}

void HostProcess::restart() {
  if (pid_ > 0) stop();
  start();
}

ExitResult HostProcess::runToExit() {
  if (pid_ > 0) throw std::runtime_error("host already running");
  const pid_t pid = spawn();
  ExitResult result;
  std::optional<int> code = waitFor(pid, std::chrono::seconds(20));
  if (!code) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
    code = -1;
  }
  result.exitCode = *code;
  result.output = log();
  return result;
}

std::string HostProcess::log() const { return readFile(dir_ / "host.log"); }

std::string HostProcess::baseUrl() const { return "http://127.0.0.1:" + std::to_string(port_); }

zstack::testing::HttpClient& HostProcess::client() {
  if (!client_) client_ = std::make_unique<zstack::testing::HttpClient>("127.0.0.1", port_);
  return *client_;
}

std::string HostProcess::login(const std::string& password) {
  const std::string plain = password.empty() ? options_.adminPassword : password;
  const Json body = {{"logInByAccount", {{"accountName", "admin"}, {"password", zstack::sha512Hex(plain)}}}};
  Reply reply = client().request("PUT", "/zstack/v1/accounts/login", body.dump());
  if (reply.status != 200) {
    throw std::runtime_error("login failed: " + std::to_string(reply.status) + " " + reply.body);
  }
  session_ = Json::parse(reply.body).at("inventory").at("uuid").get<std::string>();
  return session_;
}

std::string HostProcess::loginAs(const std::string& accountName, const std::string& password) {
  const Json body = {{"logInByAccount", {{"accountName", accountName}, {"password", zstack::sha512Hex(password)}}}};
  Reply reply = client().request("PUT", "/zstack/v1/accounts/login", body.dump());
  if (reply.status != 200) {
    throw std::runtime_error("login as " + accountName + " failed: " + std::to_string(reply.status) + " " + reply.body);
  }
  return Json::parse(reply.body).at("inventory").at("uuid").get<std::string>();
}

std::string HostProcess::session() {
  if (session_.empty()) login();
  return session_;
}

Reply HostProcess::request(const std::string& method, const std::string& path, const std::string& body,
                           const std::optional<std::string>& session, Headers extraHeaders) {
  const std::string target = path.rfind("/zstack", 0) == 0 ? path : "/zstack/v1" + path;
  Headers headers;
  const std::string sessionUuid = session ? *session : this->session();
  if (!sessionUuid.empty()) headers.emplace_back("Authorization", "OAuth " + sessionUuid);
  for (auto& header : extraHeaders) headers.push_back(std::move(header));
  return client().request(method, target, body, headers);
}

Reply HostProcess::post(const std::string& path, const std::string& body, const std::optional<std::string>& session,
                        Headers extraHeaders) {
  return request("POST", path, body, session, std::move(extraHeaders));
}

Reply HostProcess::waitJob(const std::string& location, const std::optional<std::string>& session) {
  const std::string target = targetOf(location);
  const auto deadline = Clock::now() + std::chrono::seconds(30);
  for (;;) {
    Reply reply = request("GET", target, "", session);
    if (reply.status != 202) return reply;
    if (Clock::now() >= deadline) throw std::runtime_error("job " + location + " still running after 30 s");
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

Reply HostProcess::call(const std::string& path, const Json& body, const std::optional<std::string>& session) {
  return call("POST", path, body, session);
}

Reply HostProcess::call(const std::string& method, const std::string& path, const Json& body,
                        const std::optional<std::string>& session) {
  Reply reply = request(method, path, body.is_null() ? "" : body.dump(), session, {{"Prefer", "wait=10"}});
  if (reply.status != 202) return reply;
  const Json answer = Json::parse(reply.body, nullptr, false);
  if (!answer.is_object() || !answer.contains("location")) return reply;
  return waitJob(answer["location"].get<std::string>(), session);
}

namespace {
std::string inventoryUuid(const Reply& reply, const std::string& what) {
  if (reply.status != 200) {
    throw std::runtime_error(what + " failed: " + std::to_string(reply.status) + " " + reply.body);
  }
  return Json::parse(reply.body).at("inventory").at("uuid").get<std::string>();
}
}  // namespace

std::string HostProcess::createAccount(const std::string& name, const std::string& password) {
  const Json body = {{"params", {{"name", name}, {"password", zstack::sha512Hex(password)}}}};
  return inventoryUuid(call("/accounts", body), "CreateAccount");
}

std::string HostProcess::addModelCenter(const std::string& name) {
  const Json body = {{"param",
                      {{"name", name},
                       {"url", "http://192.168.10.12:8989"},
                       {"managementIp", "192.168.10.12"},
                       {"managementPort", 8989}}}};
  return inventoryUuid(call("/ai/model-centers", body), "AddModelCenter");
}

std::string HostProcess::addModelService(const std::string& modelCenterUuid, const std::string& name) {
  const Json body = {{"param",
                      {{"name", name},
                       {"yaml", "kind: service\n"},
                       {"modelCenterUuid", modelCenterUuid},
                       {"requestCpu", 4},
                       {"requestMemory", 8589934592LL},
                       {"installPath", "/ai/services/" + name},
                       {"startCommand", "python serve.py"}}}};
  return inventoryUuid(call("/ai/model-services", body), "AddModelService");
}

std::string HostProcess::createTag(const std::string& name, const std::string& value) {
  const Json body = {{"params", {{"name", name}, {"value", value}}}};
  return inventoryUuid(call("/tags", body), "CreateTag");
}

Reply HostProcess::addModel(const Json& param, const std::vector<std::string>& systemTags,
                            const std::vector<std::string>& userTags) {
  Json body = {{"param", param}};
  if (!systemTags.empty()) body["systemTags"] = systemTags;
  if (!userTags.empty()) body["userTags"] = userTags;
  return call("/ai/models", body);
}

Json HostProcess::modelParam(const std::string& modelCenterUuid, const std::string& name) {
  return Json{{"name", name},
              {"installPath", "192.168.10.12:/ai/model_center/" + name},
              {"modelCenterUuid", modelCenterUuid}};
}

long long HostProcess::count(const std::string& sql) const { return zstack::testing::queryCount(databaseUrl_, sql); }

std::string HostProcess::text(const std::string& sql) const { return zstack::testing::queryText(databaseUrl_, sql); }

void HostProcess::execute(const std::string& sql) const { zstack::testing::executeSql(databaseUrl_, sql); }

}  // namespace zstack::it
