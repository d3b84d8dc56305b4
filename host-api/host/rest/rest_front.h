// The REST front: ZStack's /zstack/v1 API over the HTTP server.
//
// Data flows one way: HTTP request -> session check -> route -> job -> (flow chain in the
// job manager) -> response; a query (GET on a query path) runs at once on the query engine. This layer owns the wire rules of the contract's section 1:
// the body shape, header checks, status codes, 202 + location, Prefer: wait, X-Job-UUID.
#pragma once

#include <memory>
#include <string>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include "auth/sessions.h"
#include "http/server.h"
#include "jobs/job_manager.h"
#include "query/query_engine.h"
#include "registry/registry.h"
#include "webhook/webhook.h"

namespace zstack::rest {

struct RestOptions {
  int maxWaitSeconds = 60;   // the cap on Prefer: wait=N
  std::string defaultHost;   // for job locations when a request has no Host header
  std::string openApiDocument;  // served at GET /zstack/v1/openapi.json, without a session
};

class RestFront : public http::Handler {
 public:
  RestFront(const Registry& registry, auth::SessionManager& sessions, jobs::JobManager& jobs,
            query::QueryEngine& queries, RestOptions options);
  ~RestFront() override;

  void handle(http::Request request, http::Responder respond) override;

 private:
  void login(const http::Request& request, http::Responder& respond);
  void logout(const std::string& sessionUuid, http::Responder& respond);
  void pollJob(const http::Request& request, const std::string& jobUuid, http::Responder& respond);
  void runQuery(const RegisteredQuery& query, const std::string& uuid, const http::Request& request,
                http::Responder& respond);
  // Finds the API the method and path name and calls it; false when none matches.
  bool routeApi(const std::string& path, const http::Request& request, http::Responder& respond);
  // `candidates`: the APIs of the route (several: actions, picked by the body key).
  void callApi(const std::vector<const RegisteredApi*>& candidates, const PathVariables& variables,
               const http::Request& request, http::Responder respond);
  Status authenticate(const http::Request& request, Caller* caller);

  const Registry& registry_;
  auth::SessionManager& sessions_;
  jobs::JobManager& jobs_;
  query::QueryEngine& queries_;
  RestOptions options_;
  webhook::Sender webhooks_;
  // Timers for Prefer: wait, on a thread of their own.
  boost::asio::io_context timers_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> timersWork_;
  std::thread timerThread_;
};

// The JSON error response for a Status, with the HTTP status its code implies unless given.
http::Response errorResponse(const ErrorCode& error, int httpStatus = 0);

}  // namespace zstack::rest
