#include "rest/rest_front.h"

#include <atomic>
#include <charconv>
#include <optional>

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "common/digest.h"
#include "common/env.h"
#include "common/error_json.h"
#include "common/log.h"
#include "http/query_string.h"
#include "params/params.h"

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
  return 500;
}

http::Response jsonResponse(int status, const json& body) {
  http::Response response;
  response.status = status;
  response.body = body.dump();
  return response;
}

// Where the job is polled, as the client addressed this host (the SDKs rely on it).
json jobLocation(const std::string& host, const std::string& jobUuid) {
  return json{{"location", "http://" + host + std::string(kApiPrefix) + "/api-jobs/" + jobUuid}};
}

// A finished job's answer: 200 with its result, or 503 with its error, as ZStack polls answer.
http::Response finishedResponse(const jobs::JobResult& result) {
  if (result.state == jobs::JobState::Succeeded) return http::Response{200, {}, result.result};
  return errorResponse(result.error, 503);
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

Status parseBody(const std::string& body, json* out) {
  *out = json::parse(body.empty() ? std::string("{}") : body, nullptr, false);
  if (out->is_discarded()) return invalidArgument("the request body is not valid JSON");
  if (!out->is_object()) return invalidArgument("the request body must be a JSON object");
  return Status::OK();
}

// Collects a tag list that may stand at the top level, inside the parameter object, or both.
void appendTags(const json& holder, const char* key, std::vector<std::string>* out) {
  auto it = holder.find(key);
  if (it == holder.end() || it->is_null()) return;
  for (const json& tag : *it) out->push_back(tag.get<std::string>());
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

// The body of an API call: {"<parameterName>": {...}, "systemTags": [...], "userTags": [...]},
// the tags allowed at the top level, inside the parameter object, or both. Structure and
// JSON types are checked here (a bad request creates no job); the rules run in the job.
Status readBody(const ApiDescriptor& descriptor, json body, jobs::ApiCall* call) {
  for (const auto& [key, value] : body.items()) {
    if (key != descriptor.parameterName && key != "systemTags" && key != "userTags") {
      return invalidArgument("unexpected top-level key '" + key + "': parameters belong inside '" +
                             descriptor.parameterName + "'");
    }
  }
  json params = body.contains(descriptor.parameterName) ? std::move(body[descriptor.parameterName]) : json::object();
  if (!params.is_object()) return invalidArgument("'" + descriptor.parameterName + "' must be a JSON object");
  if (Status status = params::checkTypes(descriptor, params); !status.ok()) return status;
  for (const char* key : {"systemTags", "userTags"}) {
    auto it = body.find(key);
    if (it != body.end() && !it->is_null() &&
        !(it->is_array() && std::all_of(it->begin(), it->end(), [](const json& tag) { return tag.is_string(); }))) {
      return invalidArgument(std::string(key) + " must be a list of strings");
    }
  }
  appendTags(body, "systemTags", &call->systemTags);
  appendTags(params, "systemTags", &call->systemTags);
  appendTags(body, "userTags", &call->userTags);
  appendTags(params, "userTags", &call->userTags);
  for (const char* key : {"systemTags", "userTags", "requestIp"}) params.erase(key);
  call->params = std::move(params);
  return Status::OK();
}

// One query-string value as the JSON type its parameter takes; unknown keys stay text (the
// job refuses them, naming them, like any unknown parameter).
Status queryValue(const ApiDescriptor& descriptor, const std::string& key, const std::string& text, json* out) {
  const auto spec = std::find_if(descriptor.params.begin(), descriptor.params.end(),
                                 [&](const ParamSpec& p) { return p.name == key; });
  const ParamType type = spec == descriptor.params.end() ? ParamType::String : spec->type;
  switch (type) {
    case ParamType::Integer:
    case ParamType::Long: {
      long long number = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
      if (ec != std::errc() || end != text.data() + text.size()) {
        return invalidArgument("parameter " + key + " must be an integer, not '" + text.substr(0, 64) + "'");
      }
      *out = number;
      return Status::OK();
    }
    case ParamType::Boolean:
      if (text != "true" && text != "false") return invalidArgument("parameter " + key + " must be true or false");
      *out = text == "true";
      return Status::OK();
    case ParamType::Map:
      return invalidArgument("parameter " + key + " is a map, which a query string cannot carry");
    case ParamType::String:
    case ParamType::List:
      *out = text;
      return Status::OK();
  }
  return Status::OK();
}

// The parameters of a GET or DELETE API call, from the query string as the SDKs send them:
// one pair per value, a list repeating its key, tags as systemTags= / userTags= pairs.
Status readQueryParams(const ApiDescriptor& descriptor, const http::QueryString& pairs, jobs::ApiCall* call) {
  json params = json::object();
  for (const auto& [key, text] : pairs) {
    if (key == "systemTags" || key == "userTags") {
      (key == "systemTags" ? call->systemTags : call->userTags).push_back(text);
      continue;
    }
    if (key == "requestIp") continue;
    json value;
    if (Status status = queryValue(descriptor, key, text, &value); !status.ok()) return status;
    const bool list = std::any_of(descriptor.params.begin(), descriptor.params.end(),
                                  [&](const ParamSpec& p) { return p.name == key && p.type == ParamType::List; });
    if (list) {
      params[key].push_back(std::move(value));
    } else if (params.contains(key)) {
      return invalidArgument("parameter " + key + " is given twice");
    } else {
      params[key] = std::move(value);
    }
  }
  call->params = std::move(params);
  return Status::OK();
}

// Path variables are parameters too; the path's value is the one that counts.
void addPathVariables(const PathVariables& variables, jobs::ApiCall* call) {
  for (const auto& [name, value] : variables) call->params[name] = value;
}

// Several actions share a PUT route; the body's parameter object key names the one meant.
const RegisteredApi* pickAction(const std::vector<const RegisteredApi*>& candidates, const json& body,
                                Status* status) {
  std::string names;
  for (const RegisteredApi* api : candidates) {
    if (body.contains(api->descriptor.parameterName)) return api;
    names += (names.empty() ? "" : ", ") + api->descriptor.parameterName;
  }
  *status = invalidArgument("the body must hold one of the actions " + names);
  return nullptr;
}

}  // namespace

http::Response errorResponse(const ErrorCode& error, int httpStatus) {
  http::Response response;
  response.status = httpStatus ? httpStatus : httpStatusFor(error);
  response.body = errorBody(error);
  return response;
}

RestFront::RestFront(const Registry& registry, auth::SessionManager& sessions, jobs::JobManager& jobs,
                     query::QueryEngine& queries, RestOptions options)
    : registry_(registry), sessions_(sessions), jobs_(jobs), queries_(queries), options_(std::move(options)),
      timersWork_(timers_.get_executor()), timerThread_([this] { timers_.run(); }) {}

RestFront::~RestFront() {
  timersWork_.reset();
  timers_.stop();
  if (timerThread_.joinable()) timerThread_.join();
}

void RestFront::handle(http::Request request, http::Responder respond) {
  const std::string path = apiPath(request.target);
  std::string id;
  try {
    if (path.empty()) {
      respond(errorResponse(makeError(codes::kResourceNotFound, "no API at " + request.target)));
    } else if (path == "/openapi.json" && request.method == "GET") {
      respond(http::Response{200, {}, options_.openApiDocument});
    } else if (path == "/accounts/login" && request.method == "PUT") {
      login(request, respond);
    } else if (matchOneBelow(path, "/accounts/sessions", &id) && request.method == "DELETE") {
      logout(id, respond);
    } else if (matchOneBelow(path, "/api-jobs", &id) && request.method == "GET") {
      pollJob(request, id, respond);
    } else if (const RegisteredQuery* query = request.method == "GET" ? registry_.findQuery(path, &id) : nullptr) {
      runQuery(*query, id, request, respond);
    } else if (routeApi(path, request, respond)) {
      // answered, now or when its job ends
    } else if (registry_.hasPath(path)) {
      respond(errorResponse(makeError(codes::kInvalidArgument, "method " + request.method + " is not allowed on " + request.target), 405));
    } else {
      respond(errorResponse(makeError(codes::kResourceNotFound, "no API at " + request.method + " " + request.target)));
    }
  } catch (const std::exception& e) {
    log::error("request " + request.method + " " + request.target + " failed: " + e.what());
    respond(errorResponse(internalError(std::string("internal error: ") + e.what()).error()));
  }
}

Status RestFront::authenticate(const http::Request& request, Caller* caller) {
  const std::string* authorization = request.header("authorization");
  if (!authorization || authorization->empty()) {
    return makeError(codes::kInvalidSession, "missing header 'Authorization: OAuth <sessionUuid>'");
  }
  constexpr std::string_view kScheme = "OAuth ";
  if (authorization->compare(0, kScheme.size(), kScheme) != 0) {
    return invalidArgument("header Authorization must be 'OAuth <sessionUuid>'");
  }
  std::string session = authorization->substr(kScheme.size());
  while (!session.empty() && session.back() == ' ') session.pop_back();
  if (!isZStackUuid(session)) {
    return makeError(codes::kInvalidSession, "session " + session.substr(0, 64) + " does not exist or has expired");
  }
  return sessions_.authenticate(session, caller);
}

void RestFront::login(const http::Request& request, http::Responder& respond) {
  json body;
  if (Status status = parseBody(request.body, &body); !status.ok()) return respond(errorResponse(status.error()));
  auto params = body.find("logInByAccount");
  if (params == body.end() || !params->is_object()) {
    return respond(errorResponse(invalidArgument("the body must hold the object 'logInByAccount'").error()));
  }
  for (const char* field : {"accountName", "password"}) {
    auto it = params->find(field);
    if (it == params->end() || !it->is_string() || it->get_ref<const std::string&>().empty()) {
      return respond(errorResponse(invalidArgument(std::string("missing required parameter ") + field).error()));
    }
  }
  auth::SessionInventory session;
  Status status = sessions_.login((*params)["accountName"].get<std::string>(), (*params)["password"].get<std::string>(), &session);
  if (!status.ok()) return respond(errorResponse(status.error()));
  respond(jsonResponse(200, json{{"inventory",
                                  {{"uuid", session.uuid},
                                   {"accountUuid", session.accountUuid},
                                   {"userUuid", session.userUuid},
                                   {"expiredDate", formatZStackDate(session.expiredDate)},
                                   {"createDate", formatZStackDate(session.createDate)}}}}));
}

void RestFront::logout(const std::string& sessionUuid, http::Responder& respond) {
  if (!isZStackUuid(sessionUuid)) {
    return respond(errorResponse(invalidArgument("sessionUuid " + sessionUuid.substr(0, 64) + " is not a valid uuid").error()));
  }
  Status status = sessions_.logout(sessionUuid);
  respond(status.ok() ? jsonResponse(200, json::object()) : errorResponse(status.error()));
}

void RestFront::runQuery(const RegisteredQuery& query, const std::string& uuid, const http::Request& request,
                         http::Responder& respond) {
  Caller caller;
  if (Status status = authenticate(request, &caller); !status.ok()) return respond(errorResponse(status.error()));
  http::QueryString pairs;
  json reply;
  Status status = http::parseQueryString(request.target, &pairs);
  if (status.ok()) status = queries_.run(query, caller, uuid, pairs, &reply);
  respond(status.ok() ? jsonResponse(200, reply) : errorResponse(status.error()));
}

void RestFront::pollJob(const http::Request& request, const std::string& jobUuid, http::Responder& respond) {
  Caller caller;
  if (Status status = authenticate(request, &caller); !status.ok()) return respond(errorResponse(status.error()));
  if (!isZStackUuid(jobUuid)) {
    return respond(errorResponse(makeError(codes::kResourceNotFound, "job " + jobUuid.substr(0, 64) + " does not exist")));
  }
  jobs::JobResult result;
  if (Status status = jobs_.find(jobUuid, caller, &result); !status.ok()) return respond(errorResponse(status.error()));
  if (result.state == jobs::JobState::Processing) return respond(jsonResponse(202, json::object()));
  respond(finishedResponse(result));
}

bool RestFront::routeApi(const std::string& path, const http::Request& request, http::Responder& respond) {
  PathVariables variables;
  std::vector<const RegisteredApi*> candidates = registry_.findApis(request.method, path, &variables);
  // ZStack SDK builds differ on whether an action's path ends in /actions: take both.
  if (candidates.empty() && request.method == "PUT") {
    candidates = registry_.findApis(request.method, path + "/actions", &variables);
  }
  if (candidates.empty()) return false;
  callApi(candidates, variables, request, std::move(respond));
  return true;
}

void RestFront::callApi(const std::vector<const RegisteredApi*>& candidates, const PathVariables& variables,
                        const http::Request& request, http::Responder respond) {
  jobs::ApiCall call;
  std::optional<webhook::Url> hook;
  Status status = authenticate(request, &call.caller);
  if (status.ok()) status = readHeaders(request, &call, &hook);
  const RegisteredApi* api = candidates.front();
  if (status.ok() && (request.method == "GET" || request.method == "DELETE")) {
    http::QueryString pairs;
    status = http::parseQueryString(request.target, &pairs);
    if (status.ok()) status = readQueryParams(api->descriptor, pairs, &call);
  } else if (status.ok()) {
    json body;
    status = parseBody(request.body, &body);
    if (status.ok() && candidates.size() > 1) api = pickAction(candidates, body, &status);
    if (status.ok()) status = readBody(api->descriptor, std::move(body), &call);
  }
  if (!status.ok()) return respond(errorResponse(status.error()));
  addPathVariables(variables, &call);
  call.api = api;
  const ApiDescriptor& descriptor = api->descriptor;
  // The hash identifies the request for X-Job-UUID retries: same API, same parameters, same tags.
  call.requestHash = sha256Hex(descriptor.name + "\n" + call.params.dump() + "\n" + json(call.systemTags).dump() +
                               "\n" + json(call.userTags).dump());

  const int wait = descriptor.async ? preferredWait(request, options_.maxWaitSeconds) : -1;
  const std::string* hostHeader = request.header("host");
  const std::string host = hostHeader && !hostHeader->empty() ? *hostHeader : options_.defaultHost;
  auto shared = std::make_shared<http::Responder>(std::move(respond));
  auto answered = std::make_shared<std::atomic<bool>>(false);
  // Exactly one of the job's end, the wait's end, or a rejection answers.
  auto answerOnce = [shared, answered](http::Response response) {
    if (!answered->exchange(true)) (*shared)(std::move(response));
  };
  jobs_.submit(std::move(call), [this, wait, host, hook, answerOnce](const Status& status,
                                                                       jobs::JobManager::Rejection rejection,
                                                                       const std::string& jobUuid) {
    if (!status.ok()) {
      const int httpStatus = rejection == jobs::JobManager::Rejection::Conflict      ? 409
                             : rejection == jobs::JobManager::Rejection::Unavailable ? 503
                                                                                      : 0;
      return answerOnce(errorResponse(status.error(), httpStatus));
    }
    const json location = jobLocation(host, jobUuid);
    if (hook) {
      jobs_.whenFinished(jobUuid, [this, hook, jobUuid](const jobs::JobResult& result) {
        if (result.state == jobs::JobState::Processing) return;
        const bool success = result.state == jobs::JobState::Succeeded;
        webhooks_.post(*hook, jobUuid, success, success ? result.result : errorBody(result.error));
      });
    }
    if (wait == 0) return answerOnce(jsonResponse(202, location));
    if (wait > 0) {
      auto timer = std::make_shared<boost::asio::steady_timer>(timers_, std::chrono::seconds(wait));
      timer->async_wait([timer, answerOnce, location](const boost::system::error_code&) {
        answerOnce(jsonResponse(202, location));
      });
      jobs_.whenFinished(jobUuid, [timer, answerOnce, location](const jobs::JobResult& result) {
        if (result.state == jobs::JobState::Processing) return answerOnce(jsonResponse(202, location));
        http::Response response = finishedResponse(result);
        response.headers.emplace_back("Preference-Applied", "wait");
        answerOnce(std::move(response));
        boost::asio::post(timer->get_executor(), [timer] { timer->cancel(); });
      });
      return;
    }
    // A synchronous API: answer when the job ends.
    jobs_.whenFinished(jobUuid, [answerOnce, location](const jobs::JobResult& result) {
      answerOnce(result.state == jobs::JobState::Processing ? jsonResponse(202, location) : finishedResponse(result));
    });
  });
}

}  // namespace zstack::rest
