#include "cli/arguments.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <limits>
#include <map>
#include <set>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/digest.h"

namespace zstack::cli {
namespace {

using nlohmann::json;

constexpr char kApiPrefix[] = "/zstack/v1";

// ZStack's query operators, longest first so that "!?=" is not taken for "!" and "?=".
constexpr std::array<std::string_view, 10> kOperators = {"!?=", "!~=", "?=", "~=", "!=", ">=", "<=", "=", ">", "<"};
const std::set<std::string> kQueryKeys = {"limit", "start", "count", "replyWithCount", "sortBy", "sortDirection", "fields"};

// Percent-encodes all but RFC 3986's unreserved characters (so '+' stays a plus).
std::string percentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

bool parseInteger(const std::string& text, long long* out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return !text.empty() && ec == std::errc() && end == text.data() + text.size();
}

bool parseBoolean(std::string text, bool* out) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  if (text != "true" && text != "false") return false;
  *out = text == "true";
  return true;
}

// The JSON value of `text` for `param`.
Status convert(const Param& param, const std::string& text, json* out) {
  switch (param.type) {
    case ParamType::String: *out = text; return Status::OK();
    case ParamType::Long:
    case ParamType::Integer: {
      long long number = 0;
      const bool integer = param.type == ParamType::Integer;
      if (!parseInteger(text, &number) ||
          (integer && (number < std::numeric_limits<int>::min() || number > std::numeric_limits<int>::max()))) {
        return invalidArgument(param.name + " takes " + (integer ? "an Integer (32-bit)" : "a Long (64-bit)") +
                               " whole number, not '" + text + "'");
      }
      *out = number;
      return Status::OK();
    }
    case ParamType::Boolean: {
      bool value = false;
      if (!parseBoolean(text, &value)) return invalidArgument(param.name + " takes true or false, not '" + text + "'");
      *out = value;
      return Status::OK();
    }
    case ParamType::List: *out = splitList(text); return Status::OK();
    case ParamType::Map: {
      *out = json::parse(text, nullptr, false);
      if (!out->is_object()) return invalidArgument(param.name + " takes a JSON object, e.g. '{\"key\":\"value\"}'");
      return Status::OK();
    }
  }
  return Status::OK();
}

// The query-string text of a converted value (a boolean spelled as the host reads it).
std::string queryText(const json& value) { return value.is_string() ? value.get<std::string>() : value.dump(); }

Status splitArgument(const std::string& argument, std::string* key, std::string* value) {
  const std::size_t at = argument.find('=');
  if (at == std::string::npos || at == 0) return invalidArgument("expected key=value, got '" + argument + "'");
  *key = argument.substr(0, at);
  *value = argument.substr(at + 1);
  return Status::OK();
}

Status apiRequest(const Api& api, const std::vector<std::string>& arguments, Request* out) {
  json params = json::object();
  json tags = json::object();
  std::map<std::string, std::string> pathValues;
  std::vector<std::string> query;  // encoded key=value pairs
  std::set<std::string> given;
  std::vector<std::string> unknown;
  for (const std::string& argument : arguments) {
    std::string key;
    std::string value;
    if (Status status = splitArgument(argument, &key, &value); !status.ok()) return status;
    if (!given.insert(key).second) return invalidArgument(key + " is given twice");
    const Param* param = api.param(key);
    if (!param) {
      unknown.push_back(key);
      continue;
    }
    if (hashesParam(api.name, key)) {
      if (value.empty()) return invalidArgument(key + " must not be empty");
      value = sha512Hex(value);
    }
    json converted;
    if (Status status = convert(*param, value, &converted); !status.ok()) return status;
    if (param->location == Location::Tags) {
      tags[key] = std::move(converted);
    } else if (param->location == Location::Path) {
      if (value.empty()) return invalidArgument(key + " must not be empty: it is part of the path " + api.path);
      pathValues[key] = value;
    } else if (param->location == Location::Query) {
      for (const json& element : converted.is_array() ? converted : json::array({converted})) {
        query.push_back(key + "=" + percentEncode(queryText(element)));
      }
    } else {
      params[key] = std::move(converted);
    }
  }
  if (!unknown.empty()) {
    std::vector<std::string> valid;
    for (const Param& param : api.params) valid.push_back(param.name);
    return invalidArgument("unknown parameter" + std::string(unknown.size() > 1 ? "s " : " ") + joined(unknown) + " for " +
                           api.name + "; its parameters are " + (valid.empty() ? "none" : joined(valid)));
  }
  std::vector<std::string> missing;
  for (const Param& param : api.params) {
    if (param.required && !given.count(param.name)) missing.push_back(param.name);
  }
  if (!missing.empty()) {
    return invalidArgument("missing required parameter" + std::string(missing.size() > 1 ? "s " : " ") + joined(missing) +
                           " of " + api.name);
  }
  std::string path = api.path;
  for (const auto& [name, value] : pathValues) {
    const std::string variable = "{" + name + "}";
    path.replace(path.find(variable), variable.size(), percentEncode(value));
  }
  const bool body = api.method == "POST" || api.method == "PUT";
  for (const auto& [key, list] : tags.items()) {
    if (!body) {
      for (const json& tag : list) query.push_back(key + "=" + percentEncode(tag.get<std::string>()));
    }
  }
  out->method = api.method;
  out->target = kApiPrefix + path + (query.empty() ? "" : "?" + joined(query, "&"));
  out->body.clear();
  if (body) {
    json document{{api.parameterName, std::move(params)}};
    for (const auto& [key, list] : tags.items()) document[key] = list;
    out->body = document.dump();
  }
  return Status::OK();
}

Status checkConditionField(const Api& api, const std::string& name) {
  if (api.tagConditions && (name == "__systemTag__" || name == "__userTag__")) return Status::OK();
  const QueryField* field = api.field(name);
  if (field && field->queryable) return Status::OK();
  if (field) return invalidArgument(name + " of " + api.name + " is not usable in conditions or sorting (inventory only)");
  std::vector<std::string> valid;
  for (const QueryField& f : api.fields) {
    if (f.queryable) valid.push_back(f.name);
  }
  if (api.tagConditions) valid.insert(valid.end(), {"__systemTag__", "__userTag__"});
  return invalidArgument("unknown field " + name + " of " + api.name + "; its fields are " + joined(valid) +
                         "; and the keys " + joined({kQueryKeys.begin(), kQueryKeys.end()}));
}

Status checkQueryKey(const Api& api, const std::string& key, const std::string& value) {
  long long number = 0;
  bool flag = false;
  if (key == "limit" || key == "start") {
    if (!parseInteger(value, &number) || number < 0) return invalidArgument(key + " takes a whole number >= 0, not '" + value + "'");
  } else if (key == "count" || key == "replyWithCount") {
    if (!parseBoolean(value, &flag)) return invalidArgument(key + " takes true or false, not '" + value + "'");
  } else if (key == "sortBy") {
    return checkConditionField(api, value);
  } else if (key == "sortDirection") {
    if (value != "asc" && value != "desc") return invalidArgument("sortDirection takes asc or desc, not '" + value + "'");
  } else if (key == "fields") {
    for (const std::string& name : splitList(value)) {
      if (!name.empty() && !api.field(name)) return invalidArgument("fields: " + api.name + " has no field " + name);
    }
  }
  return Status::OK();
}

Status queryRequest(const Api& api, const std::vector<std::string>& arguments, Request* out) {
  std::vector<std::string> pairs;
  std::set<std::string> keys;
  for (const std::string& argument : arguments) {
    std::size_t end = 0;
    while (end < argument.size() &&
           (std::isalnum(static_cast<unsigned char>(argument[end])) || argument[end] == '_' || argument[end] == '.')) {
      ++end;
    }
    const std::string field = argument.substr(0, end);
    std::string_view op;
    for (std::string_view candidate : kOperators) {
      if (argument.compare(end, candidate.size(), candidate) == 0) {
        op = candidate;
        break;
      }
    }
    if (field.empty() || op.empty()) {
      return invalidArgument("'" + argument + "' is neither a condition <field><op><value> (op one of = != > >= < <= ~= " +
                             "!~= ?= !?=) nor one of " + joined({kQueryKeys.begin(), kQueryKeys.end()}) + " with =");
    }
    std::string value = argument.substr(end + op.size());
    if (op == "=" && kQueryKeys.count(field)) {
      if (!keys.insert(field).second) return invalidArgument(field + " is given twice");
      if (Status status = checkQueryKey(api, field, value); !status.ok()) return status;
      if (field == "fields" && !value.empty() && value.back() == ',') value.pop_back();
      pairs.push_back(field + "=" + percentEncode(value));
      continue;
    }
    if (Status status = checkConditionField(api, field); !status.ok()) return status;
    std::string condition;
    if ((op == "=" || op == "!=") && value == "null") {
      condition = field + (op == "=" ? " is null" : " not null");
    } else {
      if (op == "=" && value.find('%') != std::string::npos) {
        op = "~=";
      } else if ((op == "~=" || op == "!~=") && value.find_first_of("%_") == std::string::npos) {
        value = "%" + value + "%";
      }
      condition = field + std::string(op) + value;
    }
    pairs.push_back("q=" + percentEncode(condition));
  }
  out->method = "GET";
  out->target = kApiPrefix + api.path + (pairs.empty() ? "" : "?" + joined(pairs, "&"));
  out->body.clear();
  return Status::OK();
}

}  // namespace

std::string joined(const std::vector<std::string>& values, const char* separator) {
  std::string out;
  for (const std::string& value : values) out += (out.empty() ? "" : separator) + value;
  return out;
}

bool hashesParam(const std::string& api, const std::string& param) {
  // Where ZStack's CLI hashes: the server stores and compares the SHA-512 hex.
  static const std::set<std::pair<std::string, std::string>> kHashed = {
      {"LogInByAccount", "password"}, {"CreateAccount", "password"}};
  return kHashed.count({api, param}) > 0;
}

bool defaultsToSession(const std::string& api, const std::string& param) {
  return api == "LogOut" && param == "sessionUuid";
}

std::vector<std::string> splitList(const std::string& text) {
  std::vector<std::string> elements;
  if (text.empty()) return elements;
  std::string current;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size() && (text[i + 1] == ',' || text[i + 1] == '\\')) {
      current += text[++i];
    } else if (text[i] == ',') {
      elements.push_back(std::move(current));
      current.clear();
    } else {
      current += text[i];
    }
  }
  elements.push_back(std::move(current));
  return elements;
}

Status buildRequest(const Api& api, const std::vector<std::string>& arguments, Request* out) {
  return api.query ? queryRequest(api, arguments, out) : apiRequest(api, arguments, out);
}

}  // namespace zstack::cli
