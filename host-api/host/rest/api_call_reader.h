// What the REST front reads from an HTTP request for a registered API before any job exists:
// the body's shape and JSON types, the tags wherever they stand, GET and DELETE parameters from
// the query string, and path variables. A request refused here is a bad request (400) and
// creates no job; the rules of the parameter table run later, in the job (jobs::validateCall).
//
// Stateless: every function may run on any thread at once.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/bounded_json.h"
#include "http/query_string.h"
#include "http/server.h"
#include "jobs/job_manager.h"
#include "registry/registry.h"
#include "zstack/error.h"

namespace zstack::rest {

// The body of a POST or PUT: a JSON object within `limits` (an empty body is {}).
Status parseJsonBody(const std::string& body, const JsonLimits& limits, nlohmann::json* out);

// {"<parameterName>": {...}, "systemTags": [...], "userTags": [...]}, the tags at the top level,
// inside the parameter object, or both: checks the shape and the JSON type of every parameter
// the table declares, and sets call->params (host keys removed) and the tags.
Status readBody(const ApiDescriptor& descriptor, nlohmann::json body, jobs::ApiCall* call);

// The parameters of a GET or DELETE call from its query string, as the SDKs send them: one
// pair per value, a list repeating its key, a map one "<map>.<key>=<value>" pair per entry, the
// tags as systemTags= / userTags= pairs. Sets call->params (requestIp left out) and the tags.
Status readQueryParams(const ApiDescriptor& descriptor, const http::QueryString& pairs, jobs::ApiCall* call);

// The whole call: picks the API among `candidates` (several only for actions sharing a PUT
// path, told apart by the body's parameter-object key), reads its parameters and tags from the
// body (POST, PUT) or the query string (GET, DELETE), and adds the path variables. Sets
// call->api, params, systemTags and userTags; leaves the caller and the job uuid alone.
Status readApiCall(const std::vector<const RegisteredApi*>& candidates, const PathVariables& variables,
                   const http::Request& request, const JsonLimits& limits, jobs::ApiCall* call);

}  // namespace zstack::rest
