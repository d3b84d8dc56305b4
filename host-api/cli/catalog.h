// What zstack-cli knows of a management node's APIs, read from its OpenAPI document
// (GET /zstack/v1/openapi.json, host-api/host/openapi/openapi.h): every API's route,
// parameterName, async-ness and parameter table, and every query's fields. The CLI hard-codes
// no API: a plugin's new API is usable as soon as the host serves it.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "zstack/api.h"
#include "zstack/error.h"

namespace zstack::cli {

// Where a parameter goes: a path segment, the query string (GET/DELETE), the body's parameter
// object (POST/PUT), or, for systemTags and userTags, the body's top level (POST/PUT) or the
// query string (GET/DELETE).
enum class Location { Path, Query, Body, Tags };

struct Param {
  std::string name;
  ParamType type = ParamType::String;
  Location location = Location::Body;
  bool required = false;
  std::string since;
  std::string description;
  std::vector<std::string> validValues;
};

struct QueryField {
  std::string name;
  std::string type;  // "string", "integer", ...; empty for inventory-only fields
  bool queryable = false;  // usable in conditions and sortBy
  std::string since;
};

struct Api {
  std::string name;
  std::string description;
  std::string method;         // "POST", "PUT", "GET", "DELETE"
  std::string path;           // below /zstack/v1, with {variables}
  std::string parameterName;  // POST/PUT: the body key wrapping the parameters
  bool async = false;
  bool needsSession = true;
  bool query = false;
  std::string since;
  // Path variables, then the required parameters in table order, then the optional ones, then
  // systemTags and userTags when the API takes tags.
  std::vector<Param> params;
  // Queries: the inventory's fields, and whether __systemTag__ / __userTag__ conditions apply.
  std::vector<QueryField> fields;
  bool tagConditions = false;

  const Param* param(const std::string& name) const;
  const QueryField* field(const std::string& name) const;
};

class Catalog {
 public:
  // Reads every API and query of the document. SYS.1007 naming what is missing when the
  // document is not the host's (an older host, another server).
  static Status parse(const nlohmann::json& document, Catalog* out);

  const Api* find(const std::string& name) const;
  const std::vector<Api>& apis() const { return apis_; }  // by name
  const std::string& apiVersion() const { return apiVersion_; }

 private:
  std::vector<Api> apis_;
  std::string apiVersion_;
};

}  // namespace zstack::cli
