#include "cli/catalog.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace zstack::cli {
namespace {

using nlohmann::json;

// A node, or the node its local "$ref" ("#/components/schemas/X") points to.
const json& resolve(const json& document, const json& node) {
  if (!node.is_object() || !node.contains("$ref")) return node;
  const std::string& ref = node.at("$ref").get_ref<const std::string&>();
  if (ref.rfind("#/", 0) != 0) throw std::runtime_error("$ref " + ref + " is not local");
  return resolve(document, document.at(json::json_pointer(ref.substr(1))));
}

ParamType typeOf(const json& schema) {
  const std::string type = schema.value("type", "");
  if (type == "string") return ParamType::String;
  if (type == "integer") return schema.value("format", "") == "int32" ? ParamType::Integer : ParamType::Long;
  if (type == "boolean") return ParamType::Boolean;
  if (type == "array") return ParamType::List;
  if (type == "object") return ParamType::Map;
  throw std::runtime_error("a parameter has the unknown type '" + type + "'");
}

// What a parameter's schema says: its type and valid values (a list's are its elements').
void readSchema(const json& document, const json& schema, Param* param) {
  param->type = typeOf(schema);
  const json& values = param->type == ParamType::List ? resolve(document, schema.at("items")) : schema;
  for (const json& value : values.value("enum", json::array())) param->validValues.push_back(value.get<std::string>());
}

// The path and query-string parameters; the SDK headers (references to components) are not
// the caller's to give on a command line.
void readParameters(const json& document, const json& operation, Api* api) {
  for (const json& parameter : operation.value("parameters", json::array())) {
    if (parameter.contains("$ref")) continue;
    const std::string in = parameter.at("in");
    const std::string name = parameter.at("name");
    if (in == "header") continue;
    Param param;
    param.name = name;
    const bool tags = in == "query" && (name == "systemTags" || name == "userTags");
    param.location = in == "path" ? Location::Path : tags ? Location::Tags : Location::Query;
    param.required = parameter.value("required", false);
    param.since = parameter.value("x-zstack-since", "");
    param.description = parameter.value("description", "");
    readSchema(document, resolve(document, parameter.at("schema")), &param);
    api->params.push_back(std::move(param));
  }
}

// A POST/PUT API's request body: {"<parameterName>": {...}, "systemTags", "userTags"}, with
// the API's x-zstack-* keys (on each alternative of a path shared by actions).
void readBody(const json& document, const json& body, Api* api) {
  api->name = body.at("x-zstack-api");
  api->async = body.at("x-zstack-async");
  api->parameterName = body.at("x-zstack-parameter-name");
  api->since = body.value("x-zstack-since", "");
  api->description = body.value("description", "");
  const json& properties = body.at("properties");
  const json& object = resolve(document, properties.at(api->parameterName));
  const json required = object.value("required", json::array());
  for (const auto& [name, node] : object.at("properties").items()) {
    const json& schema = resolve(document, node);
    if (schema.value("x-zstack-host-key", false)) continue;  // systemTags, userTags, requestIp
    Param param;
    param.name = name;
    param.required = std::find(required.begin(), required.end(), name) != required.end();
    param.since = schema.value("x-zstack-since", "");
    param.description = schema.value("description", "");
    readSchema(document, schema, &param);
    api->params.push_back(std::move(param));
  }
  // Required ones in table order (the document's "required" lists them so).
  std::stable_sort(api->params.begin(), api->params.end(), [&](const Param& a, const Param& b) {
    auto rank = [&](const Param& p) {
      if (p.location != Location::Body) return -1;  // path variables first
      auto at = std::find(required.begin(), required.end(), p.name);
      return at == required.end() ? static_cast<int>(required.size()) : static_cast<int>(at - required.begin());
    };
    return rank(a) < rank(b);
  });
  for (const char* name : {"systemTags", "userTags"}) {
    if (!properties.contains(name)) continue;
    const json& schema = resolve(document, properties.at(name));
    Param param;
    param.name = name;
    param.location = Location::Tags;
    param.since = schema.value("x-zstack-since", "");
    param.description = schema.value("description", "");
    readSchema(document, schema, &param);
    api->params.push_back(std::move(param));
  }
}

void readQuery(const json& document, const json& operation, Api* api) {
  api->query = true;
  api->name = operation.at("x-zstack-api");
  api->description = operation.value("summary", "");
  api->since = operation.value("x-zstack-since", "");
  api->tagConditions = operation.contains("x-zstack-resource-type");
  const json& reply =
      resolve(document, operation.at("responses").at("200").at("content").at("application/json").at("schema"));
  const json& inventory = resolve(document, reply.at("properties").at("inventories").at("items"));
  for (const auto& [name, field] : inventory.at("properties").items()) {
    api->fields.push_back(
        {name, field.value("type", ""), field.value("x-zstack-queryable", false), field.value("x-zstack-since", "")});
  }
}

// Path and query-string parameters keep their order, required ones first, tags last.
void orderParameters(Api* api) {
  std::stable_sort(api->params.begin(), api->params.end(), [](const Param& a, const Param& b) {
    auto rank = [](const Param& p) { return p.location == Location::Tags ? 2 : p.required ? 0 : 1; };
    return rank(a) < rank(b);
  });
}

std::string uppercase(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

}  // namespace

const Param* Api::param(const std::string& name) const {
  auto it = std::find_if(params.begin(), params.end(), [&](const Param& p) { return p.name == name; });
  return it == params.end() ? nullptr : &*it;
}

const QueryField* Api::field(const std::string& name) const {
  auto it = std::find_if(fields.begin(), fields.end(), [&](const QueryField& f) { return f.name == name; });
  return it == fields.end() ? nullptr : &*it;
}

Status Catalog::parse(const json& document, Catalog* out) {
  Catalog catalog;
  try {
    catalog.apiVersion_ = document.at("info").at("version");
    for (const auto& [path, item] : document.at("paths").items()) {
      for (const auto& [method, operation] : item.items()) {
        if (!operation.is_object() || (!operation.contains("x-zstack-api") && !operation.contains("x-zstack-actions"))) {
          continue;  // job polls, and path-level keys
        }
        const bool query = operation.value("x-zstack-query", false);
        if (query && path.find('{') != std::string::npos) continue;  // GET <query>/{uuid}: uuid=X does as much
        Api api;
        api.method = uppercase(method);
        api.path = path;
        api.needsSession = !(operation.contains("security") && operation.at("security").empty());
        if (query) {
          readQuery(document, operation, &api);
          catalog.apis_.push_back(std::move(api));
          continue;
        }
        readParameters(document, operation, &api);
        orderParameters(&api);
        if (!operation.contains("requestBody")) {
          api.name = operation.at("x-zstack-api");
          api.async = operation.at("x-zstack-async");
          api.description = operation.value("summary", "");
          api.since = operation.value("x-zstack-since", "");
          catalog.apis_.push_back(std::move(api));
          continue;
        }
        const json& body =
            resolve(document, operation.at("requestBody").at("content").at("application/json").at("schema"));
        // PUT actions sharing the path: one API per alternative body.
        const json alternatives = body.contains("oneOf") ? body.at("oneOf") : json::array({body});
        for (const json& alternative : alternatives) {
          Api action = api;
          readBody(document, resolve(document, alternative), &action);
          catalog.apis_.push_back(std::move(action));
        }
      }
    }
  } catch (const std::exception& e) {
    return invalidArgument(std::string("the host's OpenAPI document is not one zstack-cli understands: ") + e.what());
  }
  std::sort(catalog.apis_.begin(), catalog.apis_.end(), [](const Api& a, const Api& b) { return a.name < b.name; });
  *out = std::move(catalog);
  return Status::OK();
}

const Api* Catalog::find(const std::string& name) const {
  auto it = std::lower_bound(apis_.begin(), apis_.end(), name, [](const Api& api, const std::string& n) { return api.name < n; });
  return it != apis_.end() && it->name == name ? &*it : nullptr;
}

}  // namespace zstack::cli
