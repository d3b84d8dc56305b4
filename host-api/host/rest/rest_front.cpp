#include "rest/rest_front.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <charconv>
#include <optional>

#include <boost/asio/post.hpp>

#include "auth/access_key_signature.h"
#include "common/env.h"
#include "common/error_json.h"
#include "common/log.h"
#include "common/schema_map.h"
#include "http/query_string.h"
#include "params/params.h"
#include "registry/fixed_apis.h"
#include "rest/api_call_reader.h"

namespace zstack::rest {
namespace {

using nlohmann::json;

constexpr std::string_view kApiPrefix = "/zstack/v1";

int httpStatusFor(const ErrorCode& error) {
  const std::string& code = error.code;
  if (code == codes::kInvalidArgument) return 400;
  if (code == codes::kAuthenticationFailed || code == codes::kInvalidSession) return 401;
  if (code == codes::kPermissionDenied) return 403;
  if (code == codes::kResourceNotFound) return 404;
  if (code == codes::kTooManySessions) return 429;
  if (code == codes::kOperationError) return 409;
  // SYS.1000: the node cannot serve the call now (its database failed, say), as ZStack answers.
  return 503;
}

http::Response jsonResponse(int status, const json& body) {
  http::Response response;
  response.status = status;
  response.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  return response;
}

// Whether the request asks for the answer's schema map (the SDKs always do). ZStack's RestServer
// looks only at the header's presence.
bool wantsSchema(const http::Request& request) { return request.header("x-json-schema") != nullptr; }

// A finished job's answer: 200 with its result (and its schema map when `schema`), or 503 with
// its error, as ZStack polls answer.
http::Response finishedResponse(const jobs::JobResult& result, bool schema) {
  if (result.state != jobs::JobState::Succeeded) return errorResponse(result.error, 503);
  if (!schema || result.schema.empty()) return http::Response{200, {}, result.result};
  return http::Response{200, {}, withSchema(result.result, result.schema)};
}

// Prefer: wait=N (RFC 7240); 0 when absent or unparsable.
int preferredWait(const http::Request& request, int cap) {
  const std::string* prefer = request.header("prefer");
  if (!prefer) return 0;
  const std::size_t at = prefer->find("wait=");
  if (at == std::string::npos) return 0;
  const char* begin = prefer->data() + at + 5;
  int seconds = 0;
  auto [end, ec] = std::from_chars(begin, prefer->data() + prefer->size(), seconds);
  if (ec != std::errc() || seconds <= 0) return 0;
  return std::min(seconds, cap);
}

// Splits "/path?query" and strips the API prefix; empty when the path is outside the API.
std::string apiPath(const std::string& target) {
  std::string path = target.substr(0, target.find('?'));
  if (path.compare(0, kApiPrefix.size(), kApiPrefix) != 0) return {};
  path.erase(0, kApiPrefix.size());
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

// "/prefix/{id}" -> id, when `path` is exactly one segment below `prefix`.
bool matchOneBelow(const std::string& path, std::string_view prefix, std::string* id) {
  if (path.size() <= prefix.size() + 1 || path.compare(0, prefix.size(), prefix) != 0 || path[prefix.size()] != '/') {
    return false;
  }
  *id = path.substr(prefix.size() + 1);
  return id->find('/') == std::string::npos;
}

// A Host header fit to build a location from: a name or address and an optional port, nothing
// that could turn the location into another URL.
bool isPlainHost(const std::string& host) {
  if (host.empty() || host.size() > 255) return false;
  return std::all_of(host.begin(), host.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '.' || c == '-' || c == ':' || c == '[' || c == ']';
  });
}

// The SDK headers of an API call: X-Job-UUID, X-Web-Hook, X-API-Timeout.
Status readHeaders(const http::Request& request, jobs::ApiCall* call, std::optional<webhook::Url>* hook) {
  if (const std::string* jobUuid = request.header("x-job-uuid")) {
    if (!isZStackUuid(*jobUuid)) return invalidArgument("header X-Job-UUID must be 32 lowercase hex characters");
    call->jobUuid = *jobUuid;
  }
  if (const std::string* url = request.header("x-web-hook")) {
    hook->emplace();
    if (Status status = webhook::parseUrl(*url, &**hook); !status.ok()) return status;
  }
  // X-API-Timeout (ms) is accepted; jobs here finish far within any sane value.
  if (const std::string* timeout = request.header("x-api-timeout")) {
    long long millis = 0;
    auto [end, ec] = std::from_chars(timeout->data(), timeout->data() + timeout->size(), millis);
    if (ec != std::errc() || end != timeout->data() + timeout->size() || millis <= 0) {
      return invalidArgument("header X-API-Timeout must be a positive number of milliseconds");
    }
  }
  return Status::OK();
}

}  // namespace

http::Response errorResponse(const ErrorCode& error, int httpStatus) {
  http::Response response;
  response.status = httpStatus ? httpStatus : httpStatusFor(error);
  response.body = errorBody(error);
  return response;
}

std::string serverErrorBody(int status, const std::string& details) {
  const bool clientError = status < 500 || status == 501;
  return errorBody(makeError(clientError ? codes::kInvalidArgument : codes::kInternal, details));
}

RestFront::RestFront(const Registry& registry, auth::SessionManager& sessions, auth::AccessKeyAuthenticator& accessKeys,
                     jobs::JobManager& jobs, query::QueryEngine& queries, webhook::Sender& webhooks, RestOptions options)
    : registry_(registry), sessions_(sessions), accessKeys_(accessKeys), jobs_(jobs), queries_(queries), webhooks_(webhooks),
      options_(std::move(options)),
      queryWork_(options_.queries), timersWork_(timers_.get_executor()), timerThread_([this] { timers_.run(); }) {}

RestFront::~RestFront() {
  stop();
  timersWork_.reset();
  timers_.stop();
  if (timerThread_.joinable()) timerThread_.join();
}

void RestFront::stop() {
  std::set<std::shared_ptr<boost::asio::steady_timer>> waits;
  {
    std::lock_guard lock(waitsMutex_);
    stopped_ = true;
    waits.swap(waits_);
  }
  for (const auto& timer : waits) boost::asio::post(timers_, [timer] { timer->cancel(); });
  queryWork_.stop();
}

void RestFront::handle(http::Request request, http::Responder respond) {
  try {
    route(request, respond);
  } catch (const std::exception& e) {
    // A bug, not the client's doing: the cause goes to the log, the client gets no internals.
    log::throttled(LogLevel::Error, "rest-exception",
                   "request " + request.method + " " + log::quote(request.target) + " failed: " + e.what());
    respond(errorResponse(internalError("internal error; the management node's log has the cause").error(), 500));
  }
}

void RestFront::route(const http::Request& request, const http::Responder& respond) {
  const std::string path = apiPath(request.target);
  std::string id;
  if (path.empty()) {
    respond(errorResponse(makeError(codes::kResourceNotFound, "no API at " + log::quote(request.target))));
  } else if (path == "/openapi.json" && request.method == "GET") {
    respond(http::Response{200, {}, options_.openApiDocument});
  } else if (path == "/accounts/login" && request.method == "PUT") {
    login(request, respond);
  } else if (matchOneBelow(path, "/accounts/sessions", &id) && request.method == "DELETE") {
    logout(request, id, respond);
  } else if (matchOneBelow(path, "/api-jobs", &id) && request.method == "GET") {
    pollJob(request, id, respond);
  } else if (const RegisteredQuery* query = request.method == "GET" ? registry_.findQuery(path, &id) : nullptr) {
    runQuery(*query, id, request, respond);
  } else if (routeApi(path, request, respond)) {
    // answered, now or when its job ends
  } else if (const std::string allowed = allowedMethods(path); !allowed.empty()) {
    http::Response response = errorResponse(
        makeError(codes::kInvalidArgument,
                  "method " + log::quote(request.method, 16) + " is not allowed on " + log::quote(request.target) +
                      "; allowed: " + allowed),
        405);
    response.headers.emplace_back("Allow", allowed);
    respond(std::move(response));
  } else {
    respond(errorResponse(
        makeError(codes::kResourceNotFound, "no API at " + request.method + " " + log::quote(request.target))));
  }
}

std::string RestFront::allowedMethods(const std::string& path) const {
  std::set<std::string> methods = registry_.methodsAt(path);
  // A PUT action is found at its path less "/actions" as well (routeApi).
  for (const std::string& method : registry_.methodsAt(path + "/actions")) {
    if (method == "PUT") methods.insert(method);
  }
  // The routes of the front itself (route()).
  std::string id;
  if (path == "/openapi.json" || matchOneBelow(path, "/api-jobs", &id)) methods.insert("GET");
  if (path == "/accounts/login") methods.insert("PUT");
  if (matchOneBelow(path, "/accounts/sessions", &id)) methods.insert("DELETE");
  std::string allowed;
  for (const std::string& method : methods) allowed += (allowed.empty() ? "" : ", ") + method;
  return allowed;
}

Status RestFront::authenticate(const http::Request& request, Caller* caller, std::string* accessKeyUuid) {
  const std::string* authorization = request.header("authorization");
  if (!authorization || authorization->empty()) {
    return makeError(codes::kInvalidSession,
                     "missing header 'Authorization: OAuth <sessionUuid>' or 'Authorization: ZStack <AccessKeyID>:<signature>'");
  }
  if (authorization->compare(0, auth::kAccessKeyScheme.size(), auth::kAccessKeyScheme) == 0) {
    // The signature covers the path as sent, below /zstack (the SDK signs "/v1<path>").
    const std::string target = request.target.substr(0, request.target.find('?'));
    auth::SignedRequest signedRequest{request.method, std::string_view(target).substr(kApiPrefix.size()),
                                      request.header("date"),
                                      std::string_view(*authorization).substr(auth::kAccessKeyScheme.size())};
    std::string keyUuid;
    if (Status status = accessKeys_.authenticate(signedRequest, caller, &keyUuid); !status.ok()) return status;
    if (accessKeyUuid) *accessKeyUuid = std::move(keyUuid);
    return Status::OK();
  }
  constexpr std::string_view kScheme = "OAuth ";
  if (authorization->compare(0, kScheme.size(), kScheme) != 0) {
    return invalidArgument("header Authorization must be 'OAuth <sessionUuid>' or 'ZStack <AccessKeyID>:<signature>'");
  }
  std::string session = authorization->substr(kScheme.size());
  while (!session.empty() && session.back() == ' ') session.pop_back();
  if (!isZStackUuid(session)) {
    return makeError(codes::kInvalidSession, "session " + log::quote(session, 64) + " does not exist or has expired");
  }
  if (accessKeyUuid) accessKeyUuid->clear();
  return sessions_.authenticate(session, caller);
}

std::string RestFront::jobsUrl(const http::Request& request) const {
  std::string base = options_.externalUrl;
  if (base.empty()) {
    const std::string* host = request.header("host");
    base = "http://" + (host && isPlainHost(*host) ? *host : options_.defaultHost);
  }
  return base + std::string(kApiPrefix) + "/api-jobs/";
}

void RestFront::login(const http::Request& request, const http::Responder& respond) {
  static const ApiDescriptor api = logInByAccountApi();
  json body;
  jobs::ApiCall call;
  Status status = parseJsonBody(request.body, options_.jsonLimits, &body);
  if (status.ok()) status = readBody(api, std::move(body), &call);
  if (status.ok()) status = params::validate(api, options_.apiVersion, call.params);
  if (status.ok()) status = params::checkTagsTaken(api, call.systemTags, call.userTags);
  if (!status.ok()) return respond(errorResponse(status.error()));
  auth::SessionInventory session;
  std::chrono::seconds retryAfter{0};
  std::optional<std::string> accountType;
  if (call.params.contains("accountType") && call.params["accountType"].is_string()) {
    accountType = call.params["accountType"].get<std::string>();
  }
  status = sessions_.login(call.params["accountName"].get<std::string>(), call.params["password"].get<std::string>(),
                           request.remoteAddress, accountType, &session, &retryAfter);
  if (!status.ok()) {
    http::Response response = errorResponse(status.error());
    if (retryAfter.count() > 0) response.headers.emplace_back("Retry-After", std::to_string(retryAfter.count()));
    return respond(std::move(response));
  }
  const json answer = {{"inventory",
                        {{"uuid", session.uuid},
                         {"accountUuid", session.accountUuid},
                         {"userUuid", session.userUuid},
                         {"expiredDate", formatZStackDate(session.expiredDate)},
                         {"createDate", formatZStackDate(session.createDate)}}}};
  http::Response response = jsonResponse(200, answer);
  if (wantsSchema(request)) response.body = withSchema(std::move(response.body), schemaMap(answer, api.answer));
  respond(std::move(response));
}

void RestFront::logout(const http::Request& request, const std::string& sessionUuid, const http::Responder& respond) {
  static const ApiDescriptor api = logOutApi();
  http::QueryString pairs;
  jobs::ApiCall call;
  Status status = http::parseQueryString(request.target, &pairs);
  if (status.ok()) status = readQueryParams(api, pairs, &call);
  if (status.ok()) {
    call.params["sessionUuid"] = sessionUuid;
    status = params::validate(api, options_.apiVersion, call.params);
  }
  if (status.ok()) status = params::checkTagsTaken(api, call.systemTags, call.userTags);
  if (status.ok()) status = sessions_.logout(sessionUuid);
  if (!status.ok()) return respond(errorResponse(status.error()));
  respond(jsonResponse(200, wantsSchema(request) ? json{{"schema", json::object()}} : json::object()));
}

void RestFront::runQuery(const RegisteredQuery& query, const std::string& uuid, const http::Request& request,
                         const http::Responder& respond) {
  Caller caller;
  if (Status status = authenticate(request, &caller); !status.ok()) return respond(errorResponse(status.error()));
  http::QueryString pairs;
  if (Status status = http::parseQueryString(request.target, &pairs); !status.ok()) {
    return respond(errorResponse(status.error()));
  }
  const bool queued = queryWork_.post([this, &query, caller, uuid, pairs = std::move(pairs), respond] {
    std::string body;
    Status status = queries_.run(query, caller, uuid, pairs, &body);
    respond(status.ok() ? http::Response{200, {}, std::move(body)} : errorResponse(status.error()));
  });
  if (!queued) {
    http::Response busy = errorResponse(internalError("too many queries are waiting to run; retry later").error(), 503);
    busy.headers.emplace_back("Retry-After", "1");
    respond(std::move(busy));
  }
}

void RestFront::pollJob(const http::Request& request, const std::string& jobUuid, const http::Responder& respond) {
  // The SDKs poll a signed call's job with 'OAuth null' (they know no session): the uuid of a
  // job submitted with an access key then stands for the credential (docs/clients.md).
  const std::string* authorization = request.header("authorization");
  const bool byUuidAlone = authorization && *authorization == "OAuth null";
  Caller caller;
  if (!byUuidAlone) {
    if (Status status = authenticate(request, &caller); !status.ok()) return respond(errorResponse(status.error()));
  }
  if (!isZStackUuid(jobUuid)) {
    return respond(errorResponse(makeError(codes::kResourceNotFound, "job " + log::quote(jobUuid, 64) + " does not exist")));
  }
  jobs::JobResult result;
  Status found = byUuidAlone ? jobs_.findSignedJob(jobUuid, &result) : jobs_.find(jobUuid, caller, &result);
  if (!found.ok()) return respond(errorResponse(found.error()));
  if (result.state == jobs::JobState::Processing) return respond(jsonResponse(202, json::object()));
  respond(finishedResponse(result, wantsSchema(request)));
}

bool RestFront::routeApi(const std::string& path, const http::Request& request, const http::Responder& respond) {
  PathVariables variables;
  std::vector<const RegisteredApi*> candidates = registry_.findApis(request.method, path, &variables);
  // ZStack SDK builds differ on whether an action's path ends in /actions: take both.
  if (candidates.empty() && request.method == "PUT") {
    candidates = registry_.findApis(request.method, path + "/actions", &variables);
  }
  if (candidates.empty()) return false;
  callApi(candidates, variables, request, respond);
  return true;
}

void RestFront::waitForJob(const std::string& jobUuid, int seconds, const std::string& location, bool schema,
                           const std::function<void(http::Response)>& answerOnce) {
  auto timer = std::make_shared<boost::asio::steady_timer>(timers_, std::chrono::seconds(seconds));
  {
    std::lock_guard lock(waitsMutex_);
    if (stopped_) return answerOnce(jsonResponse(202, json{{"location", location}}));
    waits_.insert(timer);
  }
  // The timer's end (or stop() cancelling it) answers 202, unless the job's end came first.
  timer->async_wait([this, timer, answerOnce, location](const boost::system::error_code&) {
    {
      std::lock_guard lock(waitsMutex_);
      waits_.erase(timer);
    }
    answerOnce(jsonResponse(202, json{{"location", location}}));
  });
  jobs_.whenFinished(jobUuid, [timer, answerOnce, location, schema](const jobs::JobResult& result) {
    if (result.state == jobs::JobState::Processing) return answerOnce(jsonResponse(202, json{{"location", location}}));
    http::Response response = finishedResponse(result, schema);
    response.headers.emplace_back("Preference-Applied", "wait");
    answerOnce(std::move(response));
    boost::asio::post(timer->get_executor(), [timer] { timer->cancel(); });
  });
}

void RestFront::callApi(const std::vector<const RegisteredApi*>& candidates, const PathVariables& variables,
                        const http::Request& request, const http::Responder& respond) {
  jobs::ApiCall call;
  std::optional<webhook::Url> hook;
  Status status = authenticate(request, &call.caller, &call.accessKeyUuid);
  if (status.ok()) status = readHeaders(request, &call, &hook);
  if (status.ok() && hook) status = webhooks_.checkDestination(*hook);
  if (status.ok()) status = readApiCall(candidates, variables, request, options_.jsonLimits, &call);
  if (!status.ok()) return respond(errorResponse(status.error()));

  const int wait = call.api->descriptor.async ? preferredWait(request, options_.maxWaitSeconds) : -1;
  const bool schema = wantsSchema(request);
  const std::string jobs = jobsUrl(request);
  const std::string accountUuid = call.caller.accountUuid;
  auto answered = std::make_shared<std::atomic<bool>>(false);
  // Exactly one of the job's end, the wait's end, or a rejection answers.
  std::function<void(http::Response)> answerOnce = [respond, answered](http::Response response) {
    if (!answered->exchange(true)) respond(std::move(response));
  };
  jobs_.submit(std::move(call), [this, wait, schema, jobs, hook, accountUuid, answerOnce](
                                    const Status& status, jobs::JobManager::Rejection rejection,
                                    const std::string& jobUuid) {
    if (!status.ok()) {
      const int httpStatus = rejection == jobs::JobManager::Rejection::Conflict      ? 409
                             : rejection == jobs::JobManager::Rejection::Unavailable ? 503
                                                                                      : 0;
      return answerOnce(errorResponse(status.error(), httpStatus));
    }
    const std::string location = jobs + jobUuid;
    if (hook) {
      // The SDK decodes a webhook's body as it decodes a poll's answer: with the schema map.
      jobs_.whenFinished(jobUuid, [this, hook, accountUuid, jobUuid, schema](const jobs::JobResult& result) {
        if (result.state == jobs::JobState::Processing) return;
        const bool success = result.state == jobs::JobState::Succeeded;
        webhooks_.post(*hook, accountUuid, jobUuid, success, success ? finishedResponse(result, schema).body
                                                                     : errorBody(result.error));
      });
    }
    if (wait == 0) return answerOnce(jsonResponse(202, json{{"location", location}}));
    if (wait > 0) return waitForJob(jobUuid, wait, location, schema, answerOnce);
    // A synchronous API: answer when the job ends.
    jobs_.whenFinished(jobUuid, [answerOnce, location, schema](const jobs::JobResult& result) {
      answerOnce(result.state == jobs::JobState::Processing ? jsonResponse(202, json{{"location", location}})
                                                            : finishedResponse(result, schema));
    });
  });
}

}  // namespace zstack::rest
