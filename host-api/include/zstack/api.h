// How a plugin declares an API: its route, its parameter table and the flow chain that runs it.
//
// The parameter table is the single source of truth for an API's parameters: the host
// validates requests with it (types, required, limits, valid values, since-versions),
// generates the API reference from it, and the tests walk it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "zstack/version.h"

namespace zstack {

enum class ParamType { String, Long, Integer, Boolean, List, Map };

// The Java type name the ZStack docs and SDKs use ("String", "Long", "List", ...).
const char* paramTypeName(ParamType type);

struct ParamSpec {
  std::string name;
  ParamType type = ParamType::String;
  bool required = false;
  // Strings: refuse empty and all-blank values (ZStack's @APIParam(nonempty)).
  bool nonBlank = false;
  // Strings: most characters (UTF-8 code points); lists: most elements. 0 = no bound (avoid).
  std::size_t maxLength = 0;
  // Lists: most characters per element.
  std::size_t maxElementLength = 0;
  // Long / Integer bounds.
  std::optional<long long> minValue;
  std::optional<long long> maxValue;
  // Strings: the value must be one of these (ZStack's validValues).
  std::vector<std::string> validValues;
  // Strings (and list elements): must be a ZStack uuid, 32 lowercase hex characters.
  bool uuid = false;
  // Secrets are stored but never logged and never returned.
  bool secret = false;
  // What a call that omits the parameter gets (ZStack's field initialiser, e.g. type =
  // "Endpoint"); documented in the API reference and the OpenAPI document. Applied by the
  // plugin (sdk/resource_table.h does it for table fields), not by the host's validation.
  std::optional<nlohmann::json> defaultValue;
  // The API version that introduced the parameter.
  Version since;
  std::string descriptionZh;
  std::string descriptionEn;
};

// The class ZStack's server gives a typed object in an answer, and the members of that object
// that hold typed objects themselves (one object, or a list of them). The host turns these into
// the answer's "schema" map, by which the SDKs decode an answer into their classes (ZStack's
// JsonSchemaBuilder): {"inventory": "org.zstack.ai.entity.ModelInventory",
// "inventory.modelServiceRefs[0]": "org.zstack.ai.entity.ModelServiceRefInventory"}.
struct SchemaMember;
struct SchemaClass {
  std::string name;                   // "org.zstack.ai.entity.ModelInventory"
  std::vector<SchemaMember> members;  // in the class's field order
};
struct SchemaMember {
  std::string key;  // "modelServiceRefs"
  SchemaClass type;
};

// Routes. `path` may hold {variables}, one path segment each ("/ai/models/{uuid}/actions"):
// each variable must be a parameter of the table, and the segment's text becomes its value.
// Several PUT APIs may share one path (ZStack's actions): the body key (parameterName)
// picks the API. POST and PUT APIs read their parameters from the body, wrapped in
// parameterName; GET and DELETE APIs from the query string (a list repeats its key).
struct ApiDescriptor {
  std::string name;           // "AddModel"; also the flow chain that runs it
  std::string method;         // "POST", "PUT", "GET", "DELETE"
  std::string path;           // under /zstack/v1, e.g. "/ai/models"
  std::string parameterName;  // POST/PUT: the body key wrapping the parameters ("param"); else empty
  bool async = true;          // answers 202 + a job location
  // The resource type the API creates ("ModelVO"): its systemTags are validated against the
  // formats registered for this type. Empty: the API takes no tags.
  std::string resourceType;
  Version since;
  std::string descriptionZh;
  std::string descriptionEn;
  std::vector<ParamSpec> params;  // besides systemTags/userTags, which every API takes
  // The result's keys that hold typed objects, e.g. {"inventory", <ModelInventory>}: the
  // "schema" map of the answer comes from them.
  std::vector<SchemaMember> answer;
};

}  // namespace zstack
