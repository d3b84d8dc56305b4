#include "cli/cli.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <ctime>
#include <optional>
#include <ostream>
#include <thread>

#include <nlohmann/json.hpp>

#include "cli/arguments.h"
#include "cli/catalog.h"
#include "cli/help.h"
#include "cli/session_store.h"
#include "client/http_client.h"
#include "common/bounded_json.h"
#include "common/digest.h"

namespace zstack::cli {
namespace {

// A node's answer, parsed within bounds (a hostile or broken node must not crash the shell);
// discarded when it is not JSON within them.
nlohmann::json parseAnswer(const std::string& body) {
  // The OpenAPI document nests a dozen levels and holds tens of thousands of values.
  static const JsonLimits kAnswerLimits{128, 10'000'000};
  nlohmann::json parsed;
  if (!parseBoundedJson(body, kAnswerLimits, &parsed, "the answer").ok()) return nlohmann::json(nlohmann::json::value_t::discarded);
  return parsed;
}


using nlohmann::json;
using Clock = std::chrono::steady_clock;
using Reply = client::HttpClient::Reply;
using Headers = std::vector<std::pair<std::string, std::string>>;

constexpr char kDocumentTarget[] = "/zstack/v1/openapi.json";
// The APIs whose success changes the kept session.
constexpr char kLogIn[] = "LogInByAccount";
constexpr char kLogOut[] = "LogOut";
constexpr long long kMaxTimeoutSeconds = 7 * 24 * 3600;

struct Options {
  std::string host = "localhost";
  std::uint16_t port = 8080;
  long long timeoutSeconds = 300;
  // Both or neither: with both, every request is signed with the key (no session is used).
  std::string accessKeyId;
  std::string accessKeySecret;
  bool help = false;
  std::vector<std::string> words;  // the API (or "help") and its arguments

  std::string endpoint() const { return host + ":" + std::to_string(port); }
};

bool parseNumber(const std::string& text, long long min, long long max, long long* out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return !text.empty() && ec == std::errc() && end == text.data() + text.size() && *out >= min && *out <= max;
}

Status parsePort(const std::string& text, const std::string& source, std::uint16_t* out) {
  long long port = 0;
  if (!parseNumber(text, 1, 65535, &port)) return invalidArgument(source + " must be a port number (1-65535), not '" + text + "'");
  *out = static_cast<std::uint16_t>(port);
  return Status::OK();
}

// Options may stand anywhere: no API argument starts with "--".
Status parseOptions(const std::vector<std::string>& args, const Environment& environment, Options* out) {
  Options options;
  if (!environment.host.empty()) options.host = environment.host;
  if (!environment.port.empty()) {
    if (Status status = parsePort(environment.port, "ZSTACK_PORT", &options.port); !status.ok()) return status;
  }
  options.accessKeyId = environment.accessKeyId;
  options.accessKeySecret = environment.accessKeySecret;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "-h" || arg == "--help") {
      options.help = true;
      continue;
    }
    if (arg.rfind("--", 0) != 0) {
      options.words.push_back(arg);
      continue;
    }
    const std::size_t equals = arg.find('=');
    const std::string name = arg.substr(0, equals);
    if (name != "--host" && name != "--port" && name != "--timeout" && name != "--access-key-id" &&
        name != "--access-key-secret") {
      return invalidArgument("unknown option " + name);
    }
    std::string value;
    if (equals != std::string::npos) {
      value = arg.substr(equals + 1);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return invalidArgument(name + " needs a value");
    }
    if (name == "--host") {
      if (value.empty()) return invalidArgument("--host needs a host name or address");
      options.host = value;
    } else if (name == "--port") {
      if (Status status = parsePort(value, "--port", &options.port); !status.ok()) return status;
    } else if (name == "--access-key-id") {
      options.accessKeyId = value;
    } else if (name == "--access-key-secret") {
      options.accessKeySecret = value;
    } else if (!parseNumber(value, 1, kMaxTimeoutSeconds, &options.timeoutSeconds)) {
      return invalidArgument("--timeout takes seconds (1-" + std::to_string(kMaxTimeoutSeconds) + "), not '" + value + "'");
    }
  }
  if (options.accessKeyId.empty() != options.accessKeySecret.empty()) {
    return invalidArgument("an access key needs both its id and its secret (--access-key-id and --access-key-secret, "
                           "or ZSTACK_ACCESS_KEY_ID and ZSTACK_ACCESS_KEY_SECRET)");
  }
  *out = std::move(options);
  return Status::OK();
}

// The headers of a request signed with the access key, as the ZStack SDK's
// calculateAccessKeySignature makes them: Date (now, UTC) and
// 'Authorization: ZStack <id>:<base64 HMAC-SHA1(secret, METHOD\nDATE\n/v1<path>)>', the path
// being the target's below /zstack/v1, without its query string.
Headers signedHeaders(const Options& options, const std::string& method, const std::string& target) {
  static constexpr const char* kWeekdays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char date[64];
  std::snprintf(date, sizeof(date), "%s, %02d %s %04d %02d:%02d:%02d UTC", kWeekdays[utc.tm_wday], utc.tm_mday,
                kMonths[utc.tm_mon], utc.tm_year + 1900, utc.tm_hour, utc.tm_min, utc.tm_sec);
  constexpr std::string_view kPrefix = "/zstack";
  std::string path = target.substr(0, target.find('?'));
  if (path.rfind(kPrefix, 0) == 0) path.erase(0, kPrefix.size());
  const std::string signature = hmacSha1Base64(options.accessKeySecret, method + "\n" + date + "\n" + path);
  return {{"Date", date}, {"Authorization", "ZStack " + options.accessKeyId + ":" + signature}};
}

// The credential of a request: the access key's signature when one is given, else the session.
Headers credentialHeaders(const Options& options, const std::optional<std::string>& session, const std::string& method,
                          const std::string& target) {
  if (!options.accessKeyId.empty()) return signedHeaders(options, method, target);
  if (session) return {{"Authorization", "OAuth " + *session}};
  return {};
}

int usageError(std::ostream& err, const Status& status, const Api* api = nullptr) {
  err << "zstack-cli: " << status.error().details << "\n"
      << (api ? "run 'zstack-cli help " + api->name + "' for its parameters" : std::string("run 'zstack-cli --help' for usage"))
      << "\n";
  return kUsageError;
}

std::string dump(const json& value) { return value.dump(2, ' ', false, json::error_handler_t::replace); }

// The node's error as ZStack prints it: the error object, indented.
void printError(std::ostream& err, const Reply& reply) {
  const json body = parseAnswer(reply.body);
  if (body.is_object() && body.contains("error")) {
    err << dump(body) << "\n";
  } else {
    err << "zstack-cli: HTTP " << reply.status << (reply.body.empty() ? "" : ": " + reply.body.substr(0, 2000)) << "\n";
  }
}

std::string errorCode(const Reply& reply) {
  const json body = parseAnswer(reply.body);
  if (!body.is_object() || !body.contains("error") || !body["error"].is_object()) return {};
  return body["error"].value("code", "");
}

// A spinner and the seconds so far while a job runs, drawn on a terminal only: a piped or
// redirected stderr gets nothing but errors.
class Progress {
 public:
  Progress(std::ostream& err, bool enabled, std::string what) : err_(err), enabled_(enabled), what_(std::move(what)) {}
  ~Progress() { clear(); }
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void show(Clock::duration elapsed) {
    if (!enabled_) return;
    static constexpr char kFrames[] = {'|', '/', '-', '\\'};
    err_ << "\r" << kFrames[frame_++ % 4] << " " << what_ << " "
         << std::chrono::duration_cast<std::chrono::seconds>(elapsed).count() << "s" << std::flush;
    shown_ = true;
  }
  void clear() {
    if (!shown_) return;
    err_ << "\r\033[K" << std::flush;
    shown_ = false;
  }

 private:
  std::ostream& err_;
  bool enabled_;
  std::string what_;
  std::size_t frame_ = 0;
  bool shown_ = false;
};

// Polls the job of a 202 until it ends (200 or an error) or the timeout passes. The location
// names the node as the request addressed it; the poll goes over the same connection.
int waitForJob(client::HttpClient& client, const Reply& accepted, const std::optional<std::string>& session,
               const Api& api, const Options& options, bool terminal, std::ostream& err, Reply* final) {
  const json body = parseAnswer(accepted.body);
  const std::string location = body.is_object() && body.contains("location") && body["location"].is_string()
                                   ? body["location"].get<std::string>()
                                   : std::string();
  const std::size_t scheme = location.find("://");
  const std::size_t slash = scheme == std::string::npos ? scheme : location.find('/', scheme + 3);
  if (slash == std::string::npos) {
    err << "zstack-cli: " << api.name << " was accepted, but its job location is unusable: " << accepted.body << "\n";
    return kUnreachable;
  }
  const std::string target = location.substr(slash);
  Progress progress(err, terminal, api.name);
  const Clock::time_point start = Clock::now();
  const Clock::time_point deadline = start + std::chrono::seconds(options.timeoutSeconds);
  std::chrono::milliseconds delay(50);
  progress.show(Clock::duration::zero());
  while (true) {
    // Each poll is signed anew: a signature's Date must stay within the node's clock skew.
    Reply reply = client.request("GET", target, "", credentialHeaders(options, session, "GET", target));
    if (reply.status != 202) {
      *final = std::move(reply);
      return kSuccess;
    }
    if (Clock::now() >= deadline) {
      progress.clear();
      err << "zstack-cli: gave up waiting for " << api.name << " after " << options.timeoutSeconds
          << "s (--timeout); its job goes on: " << location << "\n";
      return kGaveUp;
    }
    // Short polls first (most jobs end within milliseconds), then one a second.
    const Clock::time_point wake = std::min(Clock::now() + delay, deadline);
    while (Clock::now() < wake) {
      progress.show(Clock::now() - start);
      std::this_thread::sleep_for(std::min<Clock::duration>(std::chrono::milliseconds(100), wake - Clock::now()));
    }
    delay = std::min(delay * 2, std::chrono::milliseconds(1000));
  }
}

int fetchCatalog(client::HttpClient& client, const Options& options, std::ostream& err, Catalog* catalog) {
  const Reply reply = client.request("GET", kDocumentTarget);
  if (reply.status != 200) {
    err << "zstack-cli: " << options.endpoint() << " answers HTTP " << reply.status << " for " << kDocumentTarget
        << ": is it a zstack-mn?\n";
    return kUnreachable;
  }
  const json document = parseAnswer(reply.body);
  const Status status = document.is_discarded() ? invalidArgument("its API description is not JSON")
                                                : Catalog::parse(document, catalog);
  if (!status.ok()) {
    err << "zstack-cli: " << options.endpoint() << ": " << status.error().details << "\n";
    return kUnreachable;
  }
  return kSuccess;
}

std::string lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

const Api* findApi(const Catalog& catalog, const std::string& name, const Options& options, std::ostream& err) {
  if (const Api* api = catalog.find(name)) return api;
  std::string similar;
  for (const Api& api : catalog.apis()) {
    if (lowercase(api.name).find(lowercase(name)) != std::string::npos) similar += " " + api.name;
  }
  err << "zstack-cli: " << options.endpoint() << " has no API named " << name << "\n"
      << (similar.empty() ? "" : "similar:" + similar + "\n") << "run 'zstack-cli help' for the list\n";
  return nullptr;
}

// The value of `key=` among the arguments, if given.
std::optional<std::string> argument(const std::vector<std::string>& arguments, const std::string& key) {
  for (const std::string& arg : arguments) {
    if (arg.rfind(key + "=", 0) == 0) return arg.substr(key.size() + 1);
  }
  return std::nullopt;
}

// After a successful login or logout: keep or forget the session.
int updateSession(const Api& api, const std::vector<std::string>& arguments, const json& result,
                  const std::optional<StoredSession>& session, const SessionStore& store, const Options& options,
                  std::ostream& err) {
  Status status;
  if (api.name == kLogIn) {
    const json inventory = result.is_object() ? result.value("inventory", json::object()) : json::object();
    if (!inventory.is_object() || !inventory.contains("uuid") || !inventory["uuid"].is_string()) {
      err << "zstack-cli: the login answer holds no session uuid\n";
      return kUnreachable;
    }
    status = store.save(options.endpoint(), {inventory["uuid"].get<std::string>(), argument(arguments, "accountName").value_or("")});
  } else if (api.name == kLogOut && session && argument(arguments, "sessionUuid") == session->uuid) {
    status = store.remove(options.endpoint());
  }
  if (!status.ok()) {
    err << "zstack-cli: " << api.name << " succeeded, but the session file " << store.file().string()
        << " could not be updated: " << status.error().details << "\n";
    return kApiFailed;
  }
  return kSuccess;
}

int callApi(client::HttpClient& client, const Api& api, std::vector<std::string> arguments, const Options& options,
            const Environment& environment, std::ostream& out, std::ostream& err) {
  if (environment.home.empty()) return usageError(err, invalidArgument("HOME is not set: the session lives in $HOME/.zstack/cli"));
  const SessionStore store(environment.home);
  const std::optional<StoredSession> session = store.load(options.endpoint());
  for (const Param& param : api.params) {
    if (session && defaultsToSession(api.name, param.name) && !argument(arguments, param.name)) {
      arguments.push_back(param.name + "=" + session->uuid);
    }
  }
  Request request;
  if (Status status = buildRequest(api, arguments, &request); !status.ok()) return usageError(err, status, &api);
  const bool signing = !options.accessKeyId.empty();
  std::optional<std::string> credential;  // the session the requests carry, unless they are signed
  if (api.needsSession && !signing) {
    if (!session) {
      err << "zstack-cli: not logged in to " << options.endpoint()
          << ": run 'zstack-cli LogInByAccount accountName=admin password=PASSWORD' first, or give an access key\n";
      return kApiFailed;
    }
    credential = session->uuid;
  }
  Headers requestHeaders = api.needsSession ? credentialHeaders(options, credential, request.method, request.target) : Headers{};
  if (!request.body.empty()) requestHeaders.emplace_back("Content-Type", "application/json;charset=UTF-8");
  Reply reply = client.request(request.method, request.target, request.body, requestHeaders);
  if (api.async && reply.status == 202) {
    if (int code = waitForJob(client, reply, credential, api, options, environment.stderrIsTerminal, err, &reply);
        code != kSuccess) {
      return code;
    }
  }
  if (reply.status != 200) {
    printError(err, reply);
    if (reply.status == 401 && api.needsSession && !signing && errorCode(reply) == "ID.1001") {
      // The kept session has expired or was logged out elsewhere: it is of no more use.
      const Status removed = store.remove(options.endpoint());
      err << "zstack-cli: the session has ended; log in again"
          << (removed.ok() ? std::string() : " (" + removed.error().details + ")") << "\n";
    }
    return kApiFailed;
  }
  json result = parseAnswer(reply.body);
  if (result.is_discarded()) {
    err << "zstack-cli: " << api.name << " answered something that is not JSON: " << reply.body.substr(0, 2000) << "\n";
    return kUnreachable;
  }
  // A query's schema map tells typed clients the classes of its inventories; it is no data.
  if (result.is_object()) result.erase("schema");
  out << dump(result) << "\n" << std::flush;
  return updateSession(api, arguments, result, session, store, options, err);
}

}  // namespace

int run(const std::vector<std::string>& args, const Environment& environment, std::ostream& out, std::ostream& err) {
  Options options;
  if (Status status = parseOptions(args, environment, &options); !status.ok()) return usageError(err, status);
  if (options.words.empty()) {
    (options.help ? out : err) << usage();
    return options.help ? kSuccess : kUsageError;
  }
  try {
    client::HttpClient client(options.host, options.port, "zstack-cli");
    Catalog catalog;
    if (int code = fetchCatalog(client, options, err, &catalog); code != kSuccess) return code;
    const std::vector<std::string>& words = options.words;
    if (words[0] == "help") {
      if (words.size() == 1) {
        out << apiList(catalog, options.endpoint());
        return kSuccess;
      }
      const Api* api = findApi(catalog, words[1], options, err);
      if (!api) return kUsageError;
      out << apiHelp(*api);
      return kSuccess;
    }
    const Api* api = findApi(catalog, words[0], options, err);
    if (!api) return kUsageError;
    if (options.help) {
      out << apiHelp(*api);
      return kSuccess;
    }
    return callApi(client, *api, {words.begin() + 1, words.end()}, options, environment, out, err);
  } catch (const std::runtime_error& e) {  // the HTTP client's network errors
    err << "zstack-cli: cannot reach the management node at " << options.endpoint() << ": " << e.what() << "\n";
    return kUnreachable;
  }
}

}  // namespace zstack::cli
