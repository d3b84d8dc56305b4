// The REST front: ZStack's /zstack/v1 API over the HTTP server.
//
// Data flows one way: HTTP request -> session check -> route -> job -> (flow chain in the job
// manager) -> response; a query (GET on a query path) runs on a small pool of its own, off the
// HTTP threads. This layer owns the wire rules of the contract's section 1: the body shape,
// header checks, status codes, 202 + location, Prefer: wait, X-Job-UUID.
//
// handle() is called from the HTTP threads, any number at once.
#pragma once

#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "auth/access_keys.h"
#include "auth/sessions.h"
#include "common/bounded_json.h"
#include "common/work_queue.h"
#include "http/server.h"
#include "jobs/job_manager.h"
#include "query/query_engine.h"
#include "registry/registry.h"
#include "webhook/webhook.h"

namespace zstack::rest {

struct RestOptions {
  int maxWaitSeconds = 60;      // the cap on Prefer: wait=N
  // The base of job locations (host.externalUrl, e.g. "https://mn.example.com:8080"). Empty: the
  // request's Host header when it is a plain host[:port], else `defaultHost`.
  std::string externalUrl;
  std::string defaultHost;
  std::string openApiDocument;  // served at GET /zstack/v1/openapi.json, without a session
  JsonLimits jsonLimits;        // request bodies
  Version apiVersion;           // the version login's parameters are checked against
  WorkQueueOptions queries;     // the pool that runs queries
};

class RestFront : public http::Handler {
 public:
  // `webhooks` delivers X-Web-Hook results from the jobs' threads: it outlives the jobs.
  RestFront(const Registry& registry, auth::SessionManager& sessions, auth::AccessKeyAuthenticator& accessKeys,
            jobs::JobManager& jobs, query::QueryEngine& queries, webhook::Sender& webhooks, RestOptions options);
  ~RestFront() override;  // stop()

  void handle(http::Request request, http::Responder respond) override;

  // For shutdown, before the HTTP server stops: answers every Prefer: wait request still
  // waiting with its 202 + location (the job goes on), and runs the queries already queued.
  // Requests that arrive later still get their answers, queries a 503.
  void stop();

 private:
  void route(const http::Request& request, const http::Responder& respond);
  void login(const http::Request& request, const http::Responder& respond);
  // With X-JSON-Schema the answer is {"schema":{}}, as ZStack's is.
  void logout(const http::Request& request, const std::string& sessionUuid, const http::Responder& respond);
  void pollJob(const http::Request& request, const std::string& jobUuid, const http::Responder& respond);
  void runQuery(const RegisteredQuery& query, const std::string& uuid, const http::Request& request,
                const http::Responder& respond);
  // Finds the API the method and path name and calls it; false when none matches.
  bool routeApi(const std::string& path, const http::Request& request, const http::Responder& respond);
  // `candidates`: the APIs of the route (several: actions, picked by the body key).
  void callApi(const std::vector<const RegisteredApi*>& candidates, const PathVariables& variables,
               const http::Request& request, const http::Responder& respond);
  // 'OAuth <session>' or 'ZStack <AccessKeyID>:<signature>' (with Date); `accessKeyUuid` (when
  // given) gets the key's uuid, or empty for a session.
  Status authenticate(const http::Request& request, Caller* caller, std::string* accessKeyUuid = nullptr);
  // The methods served at `path` for a 405's Allow header ("GET, POST"); empty when none is.
  std::string allowedMethods(const std::string& path) const;
  // Where the client polls jobs ("http://host:port/zstack/v1/api-jobs/"): host.externalUrl, else
  // the request's Host header when it is a plain host[:port], else the listen address.
  std::string jobsUrl(const http::Request& request) const;
  // Answers `location` with 202 after `seconds`, unless the job's end answers first (with its
  // schema map when `schema`).
  void waitForJob(const std::string& jobUuid, int seconds, const std::string& location, bool schema,
                  const std::function<void(http::Response)>& answerOnce);

  const Registry& registry_;
  auth::SessionManager& sessions_;
  auth::AccessKeyAuthenticator& accessKeys_;
  jobs::JobManager& jobs_;
  query::QueryEngine& queries_;
  webhook::Sender& webhooks_;
  RestOptions options_;
  WorkQueue queryWork_;
  // Timers for Prefer: wait, on a thread of their own; the live ones are kept so that stop()
  // can end them early.
  boost::asio::io_context timers_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> timersWork_;
  std::thread timerThread_;
  std::mutex waitsMutex_;
  std::set<std::shared_ptr<boost::asio::steady_timer>> waits_;
  bool stopped_ = false;
};

// The JSON error response for a Status, with the HTTP status its code implies unless given.
http::Response errorResponse(const ErrorCode& error, int httpStatus = 0);

// The body of an error the HTTP server answers itself (http::ServerOptions::errorBody): SYS.1007
// for a client's error, SYS.1000 for a 5xx other than 501.
std::string serverErrorBody(int status, const std::string& details);

}  // namespace zstack::rest
