// Spelling an API's descriptor compactly: a parameter's rules as one chained line, a route,
// and the parameters every create API takes, declared here once (ZStack's APICreateMessage).
//
// Everything here builds plain ApiDescriptor / ParamSpec values (zstack/api.h); nothing is
// registered until the plugin hands them to HostContext::registerApi. Thread-safe: no state.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "zstack/api.h"

namespace zstack::sdk {

// One ParamSpec, read like a table row:
//   Param("name", ParamType::String, kV518, "资源名称", "resource name").required().max(255)
class Param {
 public:
  Param(std::string name, ParamType type, const Version& since, std::string zh, std::string en);
  Param& required() { return spec_.required = true, *this; }
  Param& optional() { return spec_.required = false, *this; }
  Param& nonBlank() { return spec_.nonBlank = true, *this; }
  Param& max(std::size_t length) { return spec_.maxLength = length, *this; }
  Param& elementMax(std::size_t length) { return spec_.maxElementLength = length, *this; }
  Param& range(std::optional<long long> min, std::optional<long long> max);
  Param& values(std::vector<std::string> valid) { return spec_.validValues = std::move(valid), *this; }
  Param& uuid() { return spec_.uuid = true, *this; }
  Param& secret() { return spec_.secret = true, *this; }
  Param& byDefault(nlohmann::json value) { return spec_.defaultValue = std::move(value), *this; }
  const ParamSpec& spec() const { return spec_; }
  operator ParamSpec() const { return spec_; }  // NOLINT: reads like a table

 private:
  ParamSpec spec_;
};

// A String parameter.
Param text(std::string name, const Version& since, std::string zh, std::string en);

// Where an API is served: POST and PUT APIs wrap their parameters in parameterName, GET and
// DELETE APIs take theirs from the query string (parameterName empty).
struct Route {
  std::string method;
  std::string path;           // under /zstack/v1; {variables} are parameters
  std::string parameterName;  // POST/PUT only
};

// An async API. `resourceType`: the type whose system-tag formats check the call's tags
// (empty: the API takes no tags).
ApiDescriptor describeApi(std::string name, Route route, std::string resourceType, const Version& since,
                          std::string zh, std::string en, std::vector<ParamSpec> params);

// What every create API takes besides its own fields, from `since` on: resourceUuid (a
// caller-chosen uuid for the new resource) and tagUuids (tag patterns to attach). The SDK's
// create flows (sdk/resource_flows.h) honour both.
inline constexpr char kResourceUuid[] = "resourceUuid";
inline constexpr char kTagUuids[] = "tagUuids";
std::vector<ParamSpec> createApiParams(const Version& since);

// A create API: describeApi with createApiParams appended to `params`.
ApiDescriptor describeCreateApi(std::string name, Route route, std::string resourceType, const Version& since,
                                std::string zh, std::string en, std::vector<ParamSpec> params);

// `api`, whose result's keys `answer` hold typed objects (its schema map, zstack/api.h), e.g.
// withAnswer(describeCreateApi(...), table.inventoryAnswer()).
inline ApiDescriptor withAnswer(ApiDescriptor api, std::vector<SchemaMember> answer) {
  api.answer = std::move(answer);
  return api;
}

// A path variable naming the resource an API acts on. Not uuid-form checked: a value that
// names no resource of the expected type answers SYS.1003, as ZStack does.
Param pathUuid(std::string name, const Version& since, std::string zh, std::string en);

// ZStack's deleteMode: Permissive (the default) or Enforcing.
Param deleteModeParam(const Version& since);

}  // namespace zstack::sdk
