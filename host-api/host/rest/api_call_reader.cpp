#include "rest/api_call_reader.h"

#include <algorithm>
#include <charconv>

#include "http/query_string.h"
#include "params/params.h"

namespace zstack::rest {
namespace {

using nlohmann::json;

const ParamSpec* findSpec(const ApiDescriptor& descriptor, const std::string& name) {
  const auto spec = std::find_if(descriptor.params.begin(), descriptor.params.end(),
                                 [&](const ParamSpec& p) { return p.name == name; });
  return spec == descriptor.params.end() ? nullptr : &*spec;
}

// Collects a tag list that may stand at the top level, inside the parameter object, or both.
void appendTags(const json& holder, const char* key, std::vector<std::string>* out) {
  auto it = holder.find(key);
  if (it == holder.end() || it->is_null()) return;
  for (const json& tag : *it) out->push_back(tag.get<std::string>());
}

// One query-string value as the JSON type its parameter takes; unknown keys stay text (the
// job refuses them, naming them, like any unknown parameter).
Status queryValue(const ParamSpec* spec, const std::string& key, const std::string& text, json* out) {
  switch (spec ? spec->type : ParamType::String) {
    case ParamType::Integer:
    case ParamType::Long: {
      long long number = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
      if (ec != std::errc() || end != text.data() + text.size()) {
        return invalidArgument("parameter " + key + " must be an integer, not " + jsonPreview(json(text)));
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

}  // namespace

Status readQueryParams(const ApiDescriptor& descriptor, const http::QueryString& pairs, jobs::ApiCall* call) {
  json params = json::object();
  for (const auto& [key, text] : pairs) {
    if (key == "systemTags" || key == "userTags") {
      (key == "systemTags" ? call->systemTags : call->userTags).push_back(text);
      continue;
    }
    if (key == "requestIp") continue;
    // A map as the SDKs send one in a query string: a pair "<map>.<key>=<value>" per entry.
    if (const std::size_t dot = key.find('.'); dot != std::string::npos) {
      const ParamSpec* map = findSpec(descriptor, key.substr(0, dot));
      if (map && map->type == ParamType::Map) {
        json& entries = params[map->name];
        if (entries.contains(key.substr(dot + 1))) return invalidArgument("parameter " + key + " is given twice");
        entries[key.substr(dot + 1)] = text;
        continue;
      }
    }
    const ParamSpec* spec = findSpec(descriptor, key);
    json value;
    if (Status status = queryValue(spec, key, text, &value); !status.ok()) return status;
    if (spec && spec->type == ParamType::List) {
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

namespace {

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

Status parseJsonBody(const std::string& body, const JsonLimits& limits, json* out) {
  if (body.empty()) {
    *out = json::object();
    return Status::OK();
  }
  if (Status status = parseBoundedJson(body, limits, out); !status.ok()) return status;
  if (!out->is_object()) return invalidArgument("the request body must be a JSON object");
  return Status::OK();
}

Status readBody(const ApiDescriptor& descriptor, json body, jobs::ApiCall* call) {
  for (const auto& [key, value] : body.items()) {
    if (key != descriptor.parameterName && key != "systemTags" && key != "userTags") {
      return invalidArgument("unexpected top-level key " + jsonPreview(json(key)) + ": parameters belong inside '" +
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

Status readApiCall(const std::vector<const RegisteredApi*>& candidates, const PathVariables& variables,
                   const http::Request& request, const JsonLimits& limits, jobs::ApiCall* call) {
  const RegisteredApi* api = candidates.front();
  if (request.method == "GET" || request.method == "DELETE") {
    http::QueryString pairs;
    if (Status status = http::parseQueryString(request.target, &pairs); !status.ok()) return status;
    if (Status status = readQueryParams(api->descriptor, pairs, call); !status.ok()) return status;
  } else {
    json body;
    if (Status status = parseJsonBody(request.body, limits, &body); !status.ok()) return status;
    Status picked;
    if (candidates.size() > 1) api = pickAction(candidates, body, &picked);
    if (!picked.ok()) return picked;
    if (Status status = readBody(api->descriptor, std::move(body), call); !status.ok()) return status;
  }
  // Path variables are parameters too; the path's value is the one that counts.
  for (const auto& [name, value] : variables) call->params[name] = value;
  call->api = api;
  return Status::OK();
}

}  // namespace zstack::rest
