// fuzz_api_body: every registered API's parameters, read and validated as a job validates them.
//
// The first byte picks one of the registry's APIs (zstack-mn's registry: the host's and the
// ai-model plugin's); the rest is that API's body (POST, PUT) or query string (GET, DELETE),
// read by rest::readApiCall, as the REST front reads it, and checked by jobs::validateCall, as
// the job does before its flow chain (parameter table, since-versions, system tags). Path
// variables get a fixed uuid. No database.
//
// Bugs: a crash or sanitizer report, an exception (both functions answer with a Status), a
// refusal that does not render as JSON, and SYS.1000 from validateCall (a tag validator threw).
#include <cstdint>
#include <exception>
#include <string>
#include <vector>

#include "fuzz_host.h"
#include "jobs/job_manager.h"
#include "rest/api_call_reader.h"

namespace zstack {
namespace {

constexpr char kPathValue[] = "0123456789abcdef0123456789abcdef";

struct Api {
  std::vector<const RegisteredApi*> candidates;  // the API, or the actions sharing its PUT path
  PathVariables variables;
};

const fuzz::HostRegistry* host = nullptr;
std::vector<Api> apis;

// The path as a client would send it for `api`: each {variable} replaced by kPathValue.
std::string concretePath(const std::string& path) {
  std::string out;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '{') {
      const std::size_t close = path.find('}', i);
      out += kPathValue;
      i = close;
    } else {
      out += path[i];
    }
  }
  return out;
}

}  // namespace
}  // namespace zstack

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  using namespace zstack;
  host = &fuzz::keepUntilExit<fuzz::HostRegistry>();
  // Each API as the front finds it, by method and path.
  for (const RegisteredApi* api : host->registry().apis()) {
    Api entry;
    entry.candidates =
        host->registry().findApis(api->descriptor.method, concretePath(api->descriptor.path), &entry.variables);
    if (entry.candidates.empty()) fuzz::die("API " + api->descriptor.name + " is not found at its own path");
    apis.push_back(std::move(entry));
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace zstack;
  if (size == 0) return 0;
  const Api& api = apis[data[0] % apis.size()];
  const std::string rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  http::Request request;
  request.method = api.candidates.front()->descriptor.method;
  const bool queryString = request.method == "GET" || request.method == "DELETE";
  request.target = "/zstack/v1" + concretePath(api.candidates.front()->descriptor.path) + (queryString ? "?" + rest : "");
  if (!queryString) request.body = rest;
  try {
    jobs::ApiCall call;
    const Status read = rest::readApiCall(api.candidates, api.variables, request, JsonLimits{}, &call);
    if (fuzz::tracing()) fuzz::trace(request.method + " " + request.target + ": read", read);
    fuzz::checkRenders(read);
    if (!read.ok()) return 0;
    tags::RequestTags tags;
    const Status status = validateCall(host->registry(), host->apiVersion(), call, &tags);
    if (fuzz::tracing()) fuzz::trace(call.api->descriptor.name + ": validated", status);
    fuzz::checkRenders(status);
    if (!status.ok() && status.error().code == codes::kInternal) {
      fuzz::die("validateCall of " + call.api->descriptor.name + ": " + status.error().details);
    }
  } catch (const std::exception& e) {
    fuzz::die(std::string("exception: ") + e.what());
  }
  return 0;
}
