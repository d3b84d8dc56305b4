#include "openapi/openapi.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "apidoc/apidoc.h"
#include "query/query_engine.h"
#include "query/query_parser.h"
#include "registry/fixed_apis.h"
#include "tags/tags.h"

namespace zstack::openapi {
namespace {

using nlohmann::json;

constexpr char kUuidPattern[] = "^[0-9a-f]{32}$";
constexpr char kSecurityScheme[] = "session";
// Signed requests (ZStack access keys): the same header, another scheme.
constexpr char kAccessKeyScheme[] = "accessKey";

json refTo(const std::string& kind, const std::string& name) {
  return json{{"$ref", "#/components/" + kind + "/" + name}};
}

json jsonContent(json schema) { return json{{"application/json", {{"schema", std::move(schema)}}}}; }

json response(const std::string& description, json schema) {
  return json{{"description", description}, {"content", jsonContent(std::move(schema))}};
}

bool served(const Version& since, const Version& apiVersion) { return since <= apiVersion; }

// One string value: a String parameter, or an element of a List parameter.
json stringSchema(const ParamSpec& spec, std::size_t maxLength) {
  json schema{{"type", "string"}};
  if (maxLength) schema["maxLength"] = maxLength;
  if (spec.uuid) {
    schema["pattern"] = kUuidPattern;
  } else if (spec.nonBlank) {
    schema["minLength"] = 1;
    schema["pattern"] = "\\S";
  }
  if (!spec.validValues.empty()) schema["enum"] = spec.validValues;
  return schema;
}

json typeSchema(const ParamSpec& spec) {
  switch (spec.type) {
    case ParamType::String: {
      json schema = stringSchema(spec, spec.maxLength);
      if (spec.secret) schema["format"] = "password";
      return schema;
    }
    case ParamType::Long:
    case ParamType::Integer: {
      json schema{{"type", "integer"}, {"format", spec.type == ParamType::Long ? "int64" : "int32"}};
      if (spec.minValue) schema["minimum"] = *spec.minValue;
      if (spec.maxValue) schema["maximum"] = *spec.maxValue;
      return schema;
    }
    case ParamType::Boolean: return json{{"type", "boolean"}};
    case ParamType::List: {
      json schema{{"type", "array"}, {"items", stringSchema(spec, spec.maxElementLength)}};
      if (spec.maxLength) schema["maxItems"] = spec.maxLength;
      return schema;
    }
    case ParamType::Map: {
      json schema{{"type", "object"}, {"additionalProperties", true}};
      if (spec.maxLength) schema["maxProperties"] = spec.maxLength;
      return schema;
    }
  }
  return json::object();
}

json valueSchema(const ParamSpec& spec) {
  json schema = typeSchema(spec);
  if (spec.defaultValue) schema["default"] = *spec.defaultValue;
  return schema;
}

// The texts and version every described parameter carries.
void describe(json& target, const ParamSpec& spec) {
  target["description"] = apidoc::describeParam(spec, apidoc::Language::English);
  target["x-description-zh"] = apidoc::describeParam(spec, apidoc::Language::Chinese);
  target["x-zstack-since"] = spec.since.str();
}

json property(const ParamSpec& spec) {
  json schema = valueSchema(spec);
  if (!spec.required) schema["nullable"] = true;  // null is taken as absent
  describe(schema, spec);
  return schema;
}

// A path or query-string parameter.
json parameter(const ParamSpec& spec, const char* in) {
  const bool path = std::string(in) == "path";
  json object{{"name", spec.name}, {"in", in}, {"required", path || spec.required}, {"schema", valueSchema(spec)}};
  if (spec.type == ParamType::List) {  // a list repeats its key
    object["style"] = "form";
    object["explode"] = true;
  }
  describe(object, spec);
  return object;
}

json tagList(const Registry& registry, const ApiDescriptor& api, bool system) {
  json schema{{"type", "array"},
              {"items", {{"type", "string"}, {"minLength", 1}, {"maxLength", tags::kMaxTagLength}}},
              {"maxItems", tags::kMaxTagsPerCall},
              {"nullable", true},
              {"x-zstack-since", api.since.str()}};
  // The SDKs' actions all have the two lists; an API of no resource type takes them empty.
  if (api.resourceType.empty()) {
    schema["maxItems"] = 0;
    schema["description"] = "this API takes no tags: absent, null or empty";
    schema["x-description-zh"] = "此API不接受标签";
    return schema;
  }
  if (!system) {
    schema["description"] = "user tags: free text, duplicates kept once";
    schema["x-description-zh"] = "用户标签";
    return schema;
  }
  std::string formats;
  json list = json::array();
  for (const RegisteredTagFormat& format : registry.tagFormats(api.resourceType)) {
    formats += (formats.empty() ? "" : ", ") + format.format.format;
    list.push_back(format.format.format);
  }
  schema["description"] = "system tags (key::value), each matching a format registered for " + api.resourceType +
                          (formats.empty() ? std::string() : ": " + formats) + "; tags starting with " +
                          tags::kEphemeralPrefix + " steer the call and are not stored";
  schema["x-description-zh"] = "系统标签";
  schema["x-zstack-tag-formats"] = std::move(list);
  return schema;
}

std::vector<const ParamSpec*> servedParams(const ApiDescriptor& api, const Version& apiVersion) {
  std::vector<const ParamSpec*> params;
  for (const ParamSpec& spec : api.params) {
    if (served(spec.since, apiVersion)) params.push_back(&spec);
  }
  return params;
}

// A string naming one of `names` (any string when there are none: an enum may not be empty).
json oneOfNames(const json& names) {
  json schema{{"type", "string"}};
  if (!names.empty()) schema["enum"] = names;
  return schema;
}

bool isBodyMethod(const std::string& method) { return method == "POST" || method == "PUT"; }

std::string lowercase(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

class Builder {
 public:
  Builder(const Registry& registry, const Version& apiVersion) : registry_(registry), apiVersion_(apiVersion) {}

  json build() {
    std::map<std::pair<std::string, std::string>, std::vector<const RegisteredApi*>> routes;
    for (const RegisteredApi* api : registry_.apis()) {
      if (served(api->descriptor.since, apiVersion_)) routes[{api->descriptor.path, api->descriptor.method}].push_back(api);
    }
    for (const auto& [route, apis] : routes) addRoute(apis);
    for (const RegisteredQuery* query : registry_.queries()) {
      if (served(query->descriptor.since, apiVersion_)) addQuery(query->descriptor, query->provider);
    }
    addFixedRoutes();
    addComponents();
    json tagList = json::array();
    for (const std::string& tag : tags_) tagList.push_back({{"name", tag}, {"description", "APIs provided by " + tag}});
    return json{
        {"openapi", "3.0.3"},
        {"info",
         {{"title", "ZStack management host API"},
          {"version", apiVersion_.str()},
          {"description",
           "ZStack's REST API as this host serves it at API version " + apiVersion_.str() +
               ". Every call but LogInByAccount and LogOut needs the header 'Authorization: OAuth <session uuid>', "
               "or a signature with an access key: 'Authorization: ZStack <AccessKeyID>:<signature>' with a 'Date'. "
               "Asynchronous APIs answer 202 with a job location to poll (GET /api-jobs/{jobUuid}); "
               "errors are ZStack error objects."}}},
        {"servers", json::array({{{"url", "/zstack/v1"}}})},
        {"security", json::array({{{kSecurityScheme, json::array()}}, {{kAccessKeyScheme, json::array()}}})},
        {"tags", std::move(tagList)},
        {"paths", std::move(paths_)},
        {"components", std::move(components_)},
    };
  }

 private:
  // The APIs of one method and path: one API, or PUT actions told apart by their body key.
  void addRoute(const std::vector<const RegisteredApi*>& apis) {
    const ApiDescriptor& first = apis.front()->descriptor;
    json operation = apis.size() == 1 ? apiOperation(first, apis.front()->provider) : actionsOperation(apis);
    paths_[first.path][lowercase(first.method)] = std::move(operation);
  }

  // Path and query-string parameters, and (POST/PUT) the request body's component.
  json apiParameters(const ApiDescriptor& api) const {
    const PathTemplate route(api.path);
    const std::set<std::string> variables(route.variables().begin(), route.variables().end());
    json parameters = json::array();
    for (const ParamSpec* spec : servedParams(api, apiVersion_)) {
      if (variables.count(spec->name)) {
        parameters.push_back(parameter(*spec, "path"));
      } else if (!isBodyMethod(api.method)) {
        parameters.push_back(parameter(*spec, "query"));
      }
    }
    if (!isBodyMethod(api.method)) {
      for (bool system : {true, false}) {
        json tags = tagList(registry_, api, system);
        json object{{"name", system ? "systemTags" : "userTags"}, {"in", "query"}, {"required", false},
                    {"style", "form"}, {"explode", true}, {"description", tags["description"]},
                    {"x-zstack-since", api.since.str()}};
        tags.erase("description");
        object["schema"] = std::move(tags);
        parameters.push_back(std::move(object));
      }
    }
    for (const char* header : {"X-Job-UUID", "X-Web-Hook", "X-API-Timeout"}) parameters.push_back(refTo("parameters", header));
    if (api.async) parameters.push_back(refTo("parameters", "Prefer"));
    return parameters;
  }

  // components/schemas/<Api>Request: {"<parameterName>": {...}, "systemTags": [...], "userTags": [...]}.
  json requestSchema(const ApiDescriptor& api) const {
    const PathTemplate route(api.path);
    const std::set<std::string> variables(route.variables().begin(), route.variables().end());
    json properties = json::object();
    json required = json::array();
    for (const ParamSpec* spec : servedParams(api, apiVersion_)) {
      if (variables.count(spec->name)) continue;
      properties[spec->name] = property(*spec);
      if (spec->required) required.push_back(spec->name);
    }
    // Keys the ZStack SDKs put inside the parameter object; the host reads them for every API.
    properties["requestIp"] = {{"type", "string"},
                               {"nullable", true},
                               {"description", "the caller's address, which the ZStack SDKs send for the audit log"},
                               {"x-zstack-host-key", true}};
    for (bool system : {true, false}) {
      json tags = tagList(registry_, api, system);
      tags["description"] = tags["description"].get<std::string>() + " (also accepted at the top level)";
      tags["x-zstack-host-key"] = true;
      properties[system ? "systemTags" : "userTags"] = std::move(tags);
    }
    json inner{{"type", "object"}, {"additionalProperties", false}, {"properties", std::move(properties)}};
    if (!required.empty()) inner["required"] = std::move(required);
    json body{{"type", "object"},
              {"required", {api.parameterName}},
              {"additionalProperties", false},
              {"properties", {{api.parameterName, std::move(inner)}}}};
    body["properties"]["systemTags"] = tagList(registry_, api, true);
    body["properties"]["userTags"] = tagList(registry_, api, false);
    body["description"] = api.descriptionEn;
    body["x-zstack-api"] = api.name;
    body["x-zstack-async"] = api.async;
    body["x-zstack-parameter-name"] = api.parameterName;
    body["x-zstack-since"] = api.since.str();
    return body;
  }

  json requestBody(const ApiDescriptor& api) {
    components_["schemas"][api.name + "Request"] = requestSchema(api);
    return json{{"required", true}, {"content", jsonContent(refTo("schemas", api.name + "Request"))}};
  }

  static std::string asyncNote(bool async) {
    return async ? "Asynchronous: answers 202 with the job's location; poll it with GET /api-jobs/{jobUuid} "
                   "(or send 'Prefer: wait=N' to get the result within N seconds)."
                 : "Synchronous: answers with the result.";
  }

  json apiResponses(bool async, bool body) const {
    json responses = json::object();
    if (async) {
      responses["202"] = response("accepted: the job's location", refTo("schemas", "JobLocation"));
      responses["200"] = response("the result, when 'Prefer: wait=N' was sent and the job ended in time",
                                  refTo("schemas", "ApiResult"));
      responses["503"] = refTo("responses", "JobFailed");
    } else {
      responses["200"] = response("the result", refTo("schemas", "ApiResult"));
      responses["503"] = refTo("responses", "JobFailed");
    }
    responses["400"] = refTo("responses", "BadRequest");
    responses["401"] = refTo("responses", "Unauthorized");
    responses["409"] = refTo("responses", "Conflict");
    if (body) responses["413"] = refTo("responses", "TooLarge");
    responses["default"] = refTo("responses", "Error");
    return responses;
  }

  json apiOperation(const ApiDescriptor& api, const std::string& provider) {
    tags_.insert(provider);
    json operation{{"operationId", api.name},
                   {"summary", api.descriptionEn},
                   {"description", api.descriptionEn + ". " + asyncNote(api.async)},
                   {"x-description-zh", api.descriptionZh},
                   {"tags", {provider}},
                   {"parameters", apiParameters(api)},
                   {"responses", apiResponses(api.async, isBodyMethod(api.method))},
                   {"x-zstack-api", api.name},
                   {"x-zstack-async", api.async},
                   {"x-zstack-query", false},
                   {"x-zstack-since", api.since.str()}};
    if (isBodyMethod(api.method)) {
      operation["requestBody"] = requestBody(api);
      operation["x-zstack-parameter-name"] = api.parameterName;
    }
    return operation;
  }

  // PUT actions on one path: one operation whose body is oneOf the actions' bodies, each
  // alternative required to hold its own parameterName, so exactly one matches.
  json actionsOperation(const std::vector<const RegisteredApi*>& apis) {
    std::string id;
    std::string summary;
    bool anyAsync = false;
    json names = json::array();
    json alternatives = json::array();
    json tagNames = json::array();
    for (const RegisteredApi* api : apis) {
      const ApiDescriptor& d = api->descriptor;
      id += (id.empty() ? "" : "Or") + d.name;
      summary += (summary.empty() ? "" : "; ") + d.name + " (body key '" + d.parameterName + "'): " + d.descriptionEn +
                 " [" + (d.async ? "asynchronous" : "synchronous") + "]";
      anyAsync = anyAsync || d.async;
      names.push_back(d.name);
      alternatives.push_back(requestBody(d)["content"]["application/json"]["schema"]);
      tags_.insert(api->provider);
      if (std::find(tagNames.begin(), tagNames.end(), api->provider) == tagNames.end()) tagNames.push_back(api->provider);
    }
    // The actions share the path, so its variables; the first action describes them.
    ApiDescriptor first = apis.front()->descriptor;
    first.async = anyAsync;
    return json{{"operationId", id},
                {"summary", "Actions on " + first.path},
                {"description", "One of several actions, told apart by the body's key: " + summary + "." +
                                    (anyAsync ? " The asynchronous ones answer 202 with the job's location; poll it with "
                                                "GET /api-jobs/{jobUuid} (or send 'Prefer: wait=N')."
                                              : "")},
                {"tags", std::move(tagNames)},
                {"parameters", apiParameters(first)},
                {"requestBody", {{"required", true}, {"content", jsonContent({{"oneOf", std::move(alternatives)}})}}},
                {"responses", apiResponses(anyAsync, true)},
                {"x-zstack-actions", std::move(names)},
                {"x-zstack-query", false},
                {"x-zstack-since", first.since.str()}};
  }

  static json fieldSchema(const QueryField& field) {
    json schema;
    if (field.column.empty()) {
      schema["description"] = "inventory only: not usable in conditions or sorting";
    } else {
      switch (field.type) {
        case FieldType::Text: schema = {{"type", "string"}}; break;
        case FieldType::Integer: schema = {{"type", "integer"}, {"format", "int64"}}; break;
        case FieldType::Boolean: schema = {{"type", "boolean"}}; break;
        case FieldType::Timestamp:
          schema = {{"type", "string"}, {"description", "a ZStack date, e.g. \"Nov 29, 2026 3:29:32 AM\" (server time zone)"}};
          break;
      }
      schema["nullable"] = true;
    }
    schema["x-zstack-since"] = field.since.str();
    schema["x-zstack-queryable"] = !field.column.empty();
    return schema;
  }

  void addQuery(const QueryDescriptor& query, const std::string& provider) {
    tags_.insert(provider);
    json properties = json::object();
    json queryable = json::array();
    json all = json::array();
    for (const QueryField& field : query.fields) {
      if (!served(field.since, apiVersion_)) continue;
      properties[field.name] = fieldSchema(field);
      all.push_back(field.name);
      if (!field.column.empty()) queryable.push_back(field.name);
    }
    const std::string inventory = query.name + "Inventory";
    components_["schemas"][inventory] = {{"type", "object"}, {"properties", std::move(properties)}};
    if (!query.inventoryClass.name.empty()) components_["schemas"][inventory]["x-zstack-class"] = query.inventoryClass.name;
    components_["schemas"][query.name + "Reply"] = {
        {"type", "object"},
        {"properties",
         {{"inventories", {{"type", "array"}, {"items", refTo("schemas", inventory)}}},
          {"schema", refTo("schemas", "SchemaMap")},
          {"total", {{"type", "integer"}, {"format", "int64"}, {"description", "with count=true or replyWithCount=true"}}}}}};
    const json reply = refTo("schemas", query.name + "Reply");
    const std::string since = query.since.str();
    const bool tagConditions = !query.resourceType.empty();

    std::string conditions = "conditions, AND-ed: <field><op><value> with op one of = != > >= < <= ~= (LIKE, % and _ "
                             "wildcards) !~= ?= (IN, comma-separated) !?=, or '<field> is null', '<field> not null'. "
                             "Fields: ";
    for (const json& name : queryable) conditions += name.get<std::string>() + " ";
    if (tagConditions) conditions += "__systemTag__ __userTag__ (the resource's tags)";
    json parameters = json::array({
        {{"name", "q"}, {"in", "query"}, {"style", "form"}, {"explode", true}, {"description", conditions},
         {"schema", {{"type", "array"}, {"maxItems", query::kMaxConditions}, {"items", {{"type", "string"}, {"minLength", 1}}}}}},
        {{"name", "limit"}, {"in", "query"}, {"description", "at most this many inventories"},
         {"schema", {{"type", "integer"}, {"format", "int64"}, {"minimum", 0}, {"maximum", query::kMaxLimit},
                     {"default", query::kDefaultLimit}}}},
        {{"name", "start"}, {"in", "query"}, {"description", "skip this many first"},
         {"schema", {{"type", "integer"}, {"format", "int64"}, {"minimum", 0}}}},
        {{"name", "count"}, {"in", "query"}, {"description", "answer only the number of matches, as total"},
         {"schema", {{"type", "boolean"}}}},
        {{"name", "replyWithCount"}, {"in", "query"}, {"description", "also answer the number of matches, as total"},
         {"schema", {{"type", "boolean"}}}},
        {{"name", "sort"}, {"in", "query"}, {"description", "+field (ascending) or -field (descending); or sortBy"},
         {"schema", {{"type", "string"}, {"pattern", "^[+-]?[A-Za-z_][A-Za-z0-9_]*$"}}}},
        {{"name", "sortBy"}, {"in", "query"}, {"description", "the field to sort by"}, {"schema", oneOfNames(queryable)}},
        {{"name", "sortDirection"}, {"in", "query"}, {"description", "with sortBy"},
         {"schema", {{"type", "string"}, {"enum", {"asc", "desc"}}, {"default", "asc"}}}},
        {{"name", "fields"}, {"in", "query"}, {"style", "form"}, {"explode", false},
         {"description", "only these fields of each inventory (comma-separated)"},
         {"schema", {{"type", "array"}, {"items", oneOfNames(all)}}}},
        {{"name", "groupBy"}, {"in", "query"},
         {"description", "a field of the inventory; taken and, as in ZStack 5.1.20, without effect"},
         {"schema", oneOfNames(all)}},
    });
    for (json& p : parameters) p["x-zstack-since"] = since;
    json responses{{"200", response("the matching inventories", reply)},
                   {"400", refTo("responses", "BadRequest")},
                   {"401", refTo("responses", "Unauthorized")},
                   {"default", refTo("responses", "Error")}};
    json list{{"operationId", query.name},
              {"summary", query.descriptionEn},
              {"description", query.descriptionEn + ". ZStack's query: conditions in q, paging, sorting, counting."},
              {"x-description-zh", query.descriptionZh},
              {"tags", {provider}},
              {"parameters", std::move(parameters)},
              {"responses", responses},
              {"x-zstack-api", query.name},
              {"x-zstack-async", false},
              {"x-zstack-query", true},
              {"x-zstack-since", since}};
    if (tagConditions) list["x-zstack-resource-type"] = query.resourceType;
    paths_[query.path]["get"] = std::move(list);
    json one{{"operationId", query.name + "ByUuid"},
             {"summary", query.descriptionEn + ": one by uuid"},
             {"description", "The one resource as {\"inventories\":[...]}, empty when it does not exist or is not "
                             "visible to the caller."},
             {"tags", {provider}},
             {"parameters", json::array({{{"name", "uuid"}, {"in", "path"}, {"required", true},
                                          {"description", "the resource's uuid"}, {"x-zstack-since", since},
                                          {"schema", {{"type", "string"}, {"pattern", kUuidPattern}}}}})},
             {"responses", responses},
             {"x-zstack-api", query.name},
             {"x-zstack-async", false},
             {"x-zstack-query", true},
             {"x-zstack-since", since}};
    paths_[query.path + "/{uuid}"]["get"] = std::move(one);
  }

  // The routes the REST front answers itself: login, logout and job polls.
  void addFixedRoutes() {
    for (const ApiDescriptor& api : fixedApis()) {
      json operation = apiOperation(api, "host");
      json& responses = operation["responses"];
      responses.erase("409");
      responses.erase("503");
      operation["security"] = json::array();  // no session: logout's credential is its path
      if (api.name == logInByAccountApi().name) {
        responses["200"] = response("the new session", refTo("schemas", "LogInResult"));
        responses["401"] = response("ID.1000: wrong account name or password", refTo("schemas", "ErrorResponse"));
        responses["429"] = response("ID.1006: the account has too many sessions", refTo("schemas", "ErrorResponse"));
      } else {
        responses.erase("401");
        responses["200"] = response("the session has ended (also when it had already)", {{"type", "object"}});
      }
      // No job runs: the SDK headers of API calls do not apply.
      json parameters = json::array();
      for (json& p : operation["parameters"]) {
        if (!p.contains("$ref")) parameters.push_back(std::move(p));
      }
      operation["parameters"] = std::move(parameters);
      paths_[api.path][lowercase(api.method)] = std::move(operation);
    }
    paths_["/api-jobs/{jobUuid}"]["get"] = {
        {"operationId", "PollApiJob"},
        {"summary", "The state or result of an asynchronous API call"},
        {"description", "What an asynchronous API's 202 location points to. Only the job's account (or admin) may "
                        "read it; results are kept for a while after the job ends."},
        {"tags", {"host"}},
        {"parameters", json::array({{{"name", "jobUuid"}, {"in", "path"}, {"required", true},
                                     {"description", "the job, from the location"},
                                     {"schema", {{"type", "string"}}}}})},
        {"responses",
         {{"200", response("the job succeeded: its result", refTo("schemas", "ApiResult"))},
          {"202", response("the job is still running", {{"type", "object"}})},
          {"503", refTo("responses", "JobFailed")},
          {"401", refTo("responses", "Unauthorized")},
          {"403", response("ID.1002: the job belongs to another account", refTo("schemas", "ErrorResponse"))},
          {"404", response("SYS.1003: no such job, or its result has expired", refTo("schemas", "ErrorResponse"))},
          {"default", refTo("responses", "Error")}}},
        {"x-zstack-async", false},
        {"x-zstack-query", false},
        {"x-zstack-since", "5.1.8"}};
    tags_.insert("host");
  }

  void addComponents() {
    json& schemas = components_["schemas"];
    schemas["ErrorCode"] = {
        {"type", "object"},
        {"description", "a ZStack error"},
        {"required", {"code", "description", "details", "elaboration", "opaque", "cause"}},
        {"properties",
         {{"code", {{"type", "string"}, {"description", "the error's global code, e.g. SYS.1007"}}},
          {"description", {{"type", "string"}, {"description", "what class of error"}}},
          {"details", {{"type", "string"}, {"description", "what exactly was wrong: the field and value"}}},
          {"elaboration", {{"type", "string"}, {"nullable", true}, {"description", "reserved; null"}}},
          {"opaque", {{"type", "object"}, {"nullable", true}, {"description", "reserved; null"}}},
          {"cause", {{"allOf", json::array({refTo("schemas", "ErrorCode")})},
                     {"nullable", true},
                     {"description", "the error that caused this one, or null"}}}}}};
    schemas["SchemaMap"] = {
        {"type", "object"},
        {"additionalProperties", {{"type", "string"}}},
        {"description", "the path and ZStack server class of each typed object in the answer, e.g. "
                        "{\"inventories[0]\": \"org.zstack.ai.entity.ModelInventory\"}: always in a query's answer, in "
                        "others when the request sends X-JSON-Schema"}};
    schemas["ErrorResponse"] = {{"type", "object"},
                                {"required", {"error"}},
                                {"properties", {{"error", refTo("schemas", "ErrorCode")}}}};
    schemas["JobLocation"] = {
        {"type", "object"},
        {"required", {"location"}},
        {"properties", {{"location", {{"type", "string"}, {"description", "http://HOST:PORT/zstack/v1/api-jobs/<jobUuid>"}}}}}};
    schemas["ApiResult"] = {{"type", "object"},
                            {"additionalProperties", true},
                            {"description", "the API's result, e.g. {\"inventory\":{...}} for create and update APIs"}};
    schemas["LogInResult"] = {
        {"type", "object"},
        {"required", {"inventory"}},
        {"properties",
         {{"inventory",
           {{"type", "object"},
            {"properties",
             {{"uuid", {{"type", "string"}, {"description", "the session: send it as 'Authorization: OAuth <uuid>'"}}},
              {"accountUuid", {{"type", "string"}}},
              {"userUuid", {{"type", "string"}}},
              {"expiredDate", {{"type", "string"}, {"description", "a ZStack date; each call pushes it on"}}},
              {"createDate", {{"type", "string"}}}}}}}}}};
    json error = refTo("schemas", "ErrorResponse");
    components_["responses"] = {
        {"BadRequest", response("SYS.1007: malformed JSON, a wrong JSON type, a bad header", error)},
        {"Unauthorized", response("ID.1001: missing, unknown or expired session", error)},
        {"Conflict", response("X-Job-UUID names a job of another request", error)},
        {"TooLarge", response("the body is larger than the host accepts", error)},
        {"JobFailed", response("the call failed (its error), or the host cannot take jobs now", error)},
        {"Error", response("any other error", error)},
    };
    components_["parameters"] = {
        {"X-Job-UUID",
         {{"name", "X-Job-UUID"}, {"in", "header"}, {"required", false},
          {"description", "a client-chosen job uuid: a retry with the same uuid and body returns the same job"},
          {"schema", {{"type", "string"}, {"pattern", kUuidPattern}}}}},
        {"X-Web-Hook",
         {{"name", "X-Web-Hook"}, {"in", "header"}, {"required", false},
          {"description", "a URL the result is POSTed to when the job ends"},
          {"schema", {{"type", "string"}}}}},
        {"X-API-Timeout",
         {{"name", "X-API-Timeout"}, {"in", "header"}, {"required", false},
          {"description", "the caller's timeout in milliseconds"},
          {"schema", {{"type", "integer"}, {"format", "int64"}, {"minimum", 1}}}}},
        {"Prefer",
         {{"name", "Prefer"}, {"in", "header"}, {"required", false},
          {"description", "'wait=N' (RFC 7240): answer with the final result if the job ends within N seconds"},
          {"schema", {{"type", "string"}, {"pattern", "wait=[0-9]+"}}}}},
    };
    components_["securitySchemes"] = {
        {kSecurityScheme,
         {{"type", "apiKey"}, {"in", "header"}, {"name", "Authorization"},
          {"description", "'OAuth <session uuid>', the uuid from LogInByAccount"}}},
        {kAccessKeyScheme,
         {{"type", "apiKey"}, {"in", "header"}, {"name", "Authorization"},
          {"description",
           "'ZStack <AccessKeyID>:<signature>' (CreateAccessKey), with the header 'Date: <EEE, dd MMM yyyy HH:mm:ss "
           "zone>' within the node's clock skew (15 minutes by default); signature = base64(HMAC-SHA1(secret, "
           "METHOD + \"\\n\" + Date + \"\\n\" + \"/v1\" + path)), path below /zstack/v1 without the query string"}}}};
  }

  const Registry& registry_;
  const Version& apiVersion_;
  json paths_ = json::object();
  json components_ = json::object();
  std::set<std::string> tags_;
};

}  // namespace

json document(const Registry& registry, const Version& apiVersion) { return Builder(registry, apiVersion).build(); }

}  // namespace zstack::openapi
