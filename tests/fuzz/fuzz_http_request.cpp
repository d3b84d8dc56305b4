// fuzz_http_request: the bytes a client sends on one connection, through the host in process.
//
// Each request in the input (up to kMaxRequests, back to back as on a kept-alive connection) is
// parsed by Beast's request_parser with the server's limits, fed from a buffer, its header
// checked by http::checkRequestHeader before the body is read, turned into an http::Request by
// http::toRequest (as the server does), and handled by a real RestFront over a real host: the
// registry with the ai-model plugin, SQLite migrated with sql/, sessions, jobs and queries.
// "@SESSION@" in the input is replaced by a logged-in admin session's uuid, so that inputs get
// past authentication; a model center, a model service and a model with fixed uuids (kCenter,
// kService, kModel) exist for the inputs to name, made again after an input deleted them.
//
// Every request must be answered exactly once within kAnswerTimeout (10 s), with a JSON body; a
// job it started must finish within that time (so that what a job does happens during its input).
// Bugs: no answer, an answer twice, a 500 (a handler threw), SYS.1000 in an answer or a job's
// result (a database statement failed, a flow threw), a body that is not JSON (the server's
// refusals of a header included).
//
// Not reached: X-Web-Hook deliveries. The webhook sender allows no network, so the front refuses
// every hook to an address at submit; a header it would still take (a host name, resolved only
// when delivered to) is removed, so that no input makes the fuzzer resolve or connect anywhere.
#include <boost/asio/buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include <soci/soci.h>

#include "auth/sessions.h"
#include "common/digest.h"
#include "common/env.h"
#include "fuzz_host.h"
#include "http/request_rules.h"
#include "jobs/job_manager.h"
#include "openapi/openapi.h"
#include "query/query_engine.h"
#include "rest/rest_front.h"
#include "webhook/webhook.h"

namespace zstack {
namespace {

namespace bhttp = boost::beast::http;
using nlohmann::json;

constexpr std::uint64_t kMaxBodyBytes = 1024 * 1024;
constexpr int kMaxRequests = 8;
// As libFuzzer's -timeout=10: under nice on a busy machine a few seconds can pass without CPU.
constexpr auto kAnswerTimeout = std::chrono::seconds(10);
constexpr std::string_view kSessionMarker = "@SESSION@";
constexpr char kAdminPassword[] = "fuzz-admin-password";
constexpr char kRemoteAddress[] = "127.0.0.1";
constexpr char kCenter[] = "ce000000000000000000000000000001";
constexpr char kService[] = "5e000000000000000000000000000001";
constexpr char kModel[] = "3d000000000000000000000000000001";

// The resources the seeds name, in the order they can be made.
struct Fixture {
  const char* table;
  const char* uuid;
  const char* path;
  json param;
};

const std::vector<Fixture>& fixtures() {
  static const std::vector<Fixture> kFixtures = {
      {"ModelCenterVO", kCenter, "/ai/model-centers",
       {{"name", "fuzz-center"}, {"url", "http://192.0.2.1:8989"}, {"managementIp", "192.0.2.1"},
        {"managementPort", 8989}, {"resourceUuid", kCenter}}},
      {"ModelServiceVO", kService, "/ai/model-services",
       {{"name", "fuzz-service"}, {"yaml", "kind: service\n"}, {"modelCenterUuid", kCenter}, {"requestCpu", 1},
        {"requestMemory", 1024}, {"installPath", "/ai/services/fuzz"}, {"startCommand", "serve"},
        {"resourceUuid", kService}}},
      {"ModelVO", kModel, "/ai/models",
       {{"name", "fuzz-model"}, {"installPath", "192.0.2.1:/ai/model_center/fuzz"}, {"modelCenterUuid", kCenter},
        {"modelServiceUuids", {kService}}, {"resourceUuid", kModel}}},
  };
  return kFixtures;
}

// The host as zstack-mn wires it (host-api/host/main.cpp), without the HTTP server and the
// node monitor. Destroyed in reverse order: the front first, the plugin last.
struct Host {
  fuzz::HostRegistry registry;
  fuzz::ScratchDir dir{"zstack-fuzz-http"};
  std::unique_ptr<db::Database> database = fuzz::openMigratedDatabase(registry.registry(), dir.path());
  std::unique_ptr<auth::SessionManager> sessions;
  // Signed requests are checked against AccessKeyVO, under a fixed host key.
  auth::AccessKeyAuthenticator accessKeys{*database, Env::system(),
                                          std::make_shared<const auth::HostKey>(auth::HostKey::fromBytes({})), {}};
  std::unique_ptr<jobs::JobManager> jobs;
  std::unique_ptr<query::QueryEngine> queries;
  // No network is allowed: a hook to an address is refused at submit, as the front answers it.
  webhook::Sender webhooks{webhook::SenderOptions{.allowedNetworks = std::vector<webhook::Network>{}}};
  std::unique_ptr<rest::RestFront> front;
  std::string session;  // the admin's, for @SESSION@

  Host() {
    auth::SessionOptions sessionOptions;
    // Neither the back-off after failed logins nor the cap on sessions may lock the fuzzer's own
    // admin login out: inputs log in wrongly, and rightly, as often as they like.
    sessionOptions.throttle.maxFailures = 1 << 30;
    sessionOptions.maxConcurrent = 1 << 30;
    sessions = std::make_unique<auth::SessionManager>(*database, Env::system(), sessionOptions);
    bool created = false;
    if (Status status = sessions->ensureAdmin(kAdminPassword, &created); !status.ok()) fuzz::die(status.error().details);

    jobs::JobOptions jobOptions;
    jobOptions.apiVersion = registry.apiVersion();
    jobOptions.nodeUuid = Env::system().newUuid();
    jobs = std::make_unique<jobs::JobManager>(*database, registry.registry(), Env::system(), jobOptions);

    rest::RestOptions restOptions;
    restOptions.maxWaitSeconds = 2;  // Prefer: wait=N answers within kAnswerTimeout
    restOptions.defaultHost = "localhost:8080";
    restOptions.openApiDocument = openapi::document(registry.registry(), registry.apiVersion()).dump();
    restOptions.apiVersion = registry.apiVersion();
    restOptions.queries = WorkQueueOptions{2, 64, 0};
    queries = std::make_unique<query::QueryEngine>(*database, registry.apiVersion());
    front = std::make_unique<rest::RestFront>(registry.registry(), *sessions, accessKeys, *jobs, *queries, webhooks, restOptions);
    logIn();
  }

  ~Host() {
    front->stop();
    jobs->stop();
    webhooks.stop();
  }

  void logIn() {
    auth::SessionInventory inventory;
    std::chrono::seconds retryAfter{0};
    Status status =
        sessions->login("admin", sha512Hex(kAdminPassword), kRemoteAddress, std::nullopt, &inventory, &retryAfter);
    if (!status.ok()) fuzz::die("admin login: " + status.error().details);
    session = inventory.uuid;
  }

  // An input may have logged the session out (DELETE /accounts/sessions/@SESSION@).
  void keepSession() {
    Caller caller;
    if (!sessions->authenticate(session, &caller).ok()) logIn();
  }
};

Host* host = nullptr;

// One answer, awaited by the input that asked.
struct Answer {
  std::mutex mutex;
  std::condition_variable done;
  std::optional<http::Response> response;
  int calls = 0;
};

void checkErrorCode(const json& body, const std::string& what) {
  if (!body.is_object()) return;
  const auto error = body.find("error");
  if (error != body.end() && error->is_object() && error->value("code", "") == codes::kInternal) {
    fuzz::die(what + " failed with " + codes::kInternal + ": " + body.dump());
  }
}

// The job a 202 names in its location: "http://host/zstack/v1/api-jobs/<uuid>".
std::string jobOf(const json& body) {
  if (!body.is_object() || !body.contains("location") || !body["location"].is_string()) return {};
  const std::string location = body["location"].get<std::string>();
  const std::size_t slash = location.rfind('/');
  return slash == std::string::npos ? std::string() : location.substr(slash + 1);
}

void awaitJob(const std::string& jobUuid) {
  auto answer = std::make_shared<Answer>();
  std::optional<jobs::JobResult> finished;
  host->jobs->whenFinished(jobUuid, [answer, &finished](const jobs::JobResult& result) {
    std::lock_guard lock(answer->mutex);
    if (answer->calls++ == 0) finished = result;
    answer->done.notify_all();
  });
  std::unique_lock lock(answer->mutex);
  if (!answer->done.wait_for(lock, kAnswerTimeout, [&] { return answer->calls > 0; })) {
    fuzz::die("job " + jobUuid + " did not finish within the timeout");
  }
  if (fuzz::tracing()) {
    std::fprintf(stderr, "  job %s -> %s %.300s\n", jobUuid.c_str(), finished->state == jobs::JobState::Succeeded ? "ok" : "failed",
                 finished->state == jobs::JobState::Succeeded ? finished->result.c_str() : finished->error.details.c_str());
  }
  if (finished->state == jobs::JobState::Failed && finished->error.code == codes::kInternal) {
    fuzz::die("job " + jobUuid + " failed with " + codes::kInternal + ": " + finished->error.details);
  }
}

// Hands the request to the front and checks its answer.
void handle(http::Request request) {
  // No webhook is ever delivered from here: a header the front would take for a delivery (a
  // host name, resolved only when delivered to) goes; one it refuses at submit stays, for the
  // front to answer.
  for (auto it = request.headers.begin(); it != request.headers.end();) {
    webhook::Url url;
    if (it->first == "x-web-hook" && webhook::parseUrl(it->second, &url).ok() &&
        host->webhooks.checkDestination(url).ok()) {
      it = request.headers.erase(it);
    } else {
      ++it;
    }
  }
  const std::string what = request.method + " " + request.target;
  auto answer = std::make_shared<Answer>();
  host->front->handle(std::move(request), [answer](http::Response response) {
    std::lock_guard lock(answer->mutex);
    if (answer->calls++ == 0) answer->response = std::move(response);
    answer->done.notify_all();
  });
  http::Response response;
  {
    std::unique_lock lock(answer->mutex);
    if (!answer->done.wait_for(lock, kAnswerTimeout, [&] { return answer->calls > 0; })) {
      fuzz::die(what + " got no answer within the timeout");
    }
    response = *answer->response;
  }
  if (fuzz::tracing()) std::fprintf(stderr, "%s -> %d %.300s\n", what.c_str(), response.status, response.body.c_str());
  if (response.status == 500) fuzz::die(what + " answered 500: " + response.body);
  json body = json::parse(response.body, nullptr, false);
  if (body.is_discarded()) fuzz::die(what + " answered " + std::to_string(response.status) + " with a body that is not JSON");
  checkErrorCode(body, what);
  if (response.status == 202) {
    if (const std::string job = jobOf(body); !job.empty()) awaitJob(job);
  }
  std::lock_guard lock(answer->mutex);
  if (answer->calls != 1) fuzz::die(what + " was answered " + std::to_string(answer->calls) + " times");
}

bool exists(const Fixture& fixture) {
  long long rows = 0;
  const std::string uuid = fixture.uuid;
  const Status status = host->database->read([&](soci::session& sql) {
    sql << std::string("SELECT COUNT(*) FROM ") + fixture.table + " WHERE uuid = :uuid", soci::use(uuid), soci::into(rows);
    return Status::OK();
  });
  if (!status.ok()) fuzz::die(status.error().details);
  return rows > 0;
}

void restoreFixtures() {
  for (const Fixture& fixture : fixtures()) {
    if (exists(fixture)) continue;
    http::Request request;
    request.method = "POST";
    request.target = std::string("/zstack/v1") + fixture.path;
    request.headers = {{"authorization", "OAuth " + host->session}, {"prefer", "wait=2"}};
    request.body = json{{"param", fixture.param}}.dump();
    request.remoteAddress = kRemoteAddress;
    handle(std::move(request));
    if (!exists(fixture)) fuzz::die(std::string("cannot make the fixture ") + fixture.uuid + " in " + fixture.table);
  }
}

// Parses one request off the front of `input` as the server reads it from a connection: the
// header first, refused by checkRequestHeader before any of the body is read, then the body.
// Returns the bytes used, 0 when no request could be read (the server closes the connection).
std::size_t readRequest(std::string_view input, bool* keepAlive) {
  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(http::kMaxHeaderBytes);
  parser.body_limit(kMaxBodyBytes);
  boost::beast::error_code ec;
  std::size_t used = parser.put(boost::asio::buffer(input.data(), input.size()), ec);
  if (ec || !parser.is_header_done()) return 0;
  if (const auto refusal = http::checkRequestHeader(parser.get().base())) {
    // Answered with the refusal, as the server renders it, and closed.
    if (!json::accept(rest::serverErrorBody(refusal->status, refusal->details))) fuzz::die("refusal not JSON");
    return 0;
  }
  parser.eager(true);
  while (!parser.is_done()) {
    const std::size_t n = parser.put(boost::asio::buffer(input.data() + used, input.size() - used), ec);
    used += n;
    if (ec || n == 0) return 0;  // malformed, or the input ends within the body
  }
  *keepAlive = parser.get().keep_alive();
  handle(http::toRequest(parser.release(), kRemoteAddress));
  return used;
}

}  // namespace
}  // namespace zstack

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  zstack::host = &zstack::fuzz::keepUntilExit<zstack::Host>();
  zstack::restoreFixtures();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace zstack;
  std::string input(reinterpret_cast<const char*>(data), size);
  for (std::size_t at = input.find(kSessionMarker); at != std::string::npos;
       at = input.find(kSessionMarker, at + host->session.size())) {
    input.replace(at, kSessionMarker.size(), host->session);
  }
  std::string_view rest = input;
  for (int i = 0; i < kMaxRequests && !rest.empty(); ++i) {
    bool keepAlive = false;
    const std::size_t used = readRequest(rest, &keepAlive);
    if (used == 0 || !keepAlive) break;
    rest.remove_prefix(used);
  }
  host->keepSession();
  restoreFixtures();
  return 0;
}
