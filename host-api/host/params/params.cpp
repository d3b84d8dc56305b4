#include "params/params.h"

#include <algorithm>
#include <limits>

#include "common/bounded_json.h"
#include "common/env.h"

namespace zstack::params {
namespace {

using nlohmann::json;

const ParamSpec* findSpec(const ApiDescriptor& api, const std::string& name) {
  for (const ParamSpec& spec : api.params) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

bool typeMatches(ParamType type, const json& value) {
  switch (type) {
    case ParamType::String: return value.is_string();
    case ParamType::Long: return value.is_number_integer() &&
                                 !(value.is_number_unsigned() &&
                                   value.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<long long>::max()));
    case ParamType::Integer: {
      if (!value.is_number_integer()) return false;
      if (value.is_number_unsigned()) return value.get<std::uint64_t>() <= std::numeric_limits<int>::max();
      const long long v = value.get<long long>();
      return v >= std::numeric_limits<int>::min() && v <= std::numeric_limits<int>::max();
    }
    case ParamType::Boolean: return value.is_boolean();
    case ParamType::List:
      return value.is_array() && std::all_of(value.begin(), value.end(), [](const json& e) { return e.is_string(); });
    case ParamType::Map: return value.is_object();
  }
  return false;
}

bool isBlank(const std::string& text) {
  return std::all_of(text.begin(), text.end(), [](unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); });
}

Status checkString(const ParamSpec& spec, const std::string& label, const std::string& text) {
  if (spec.nonBlank && isBlank(text)) return invalidArgument(label + " must not be empty or blank");
  const std::size_t bound = spec.type == ParamType::List ? spec.maxElementLength : spec.maxLength;
  if (bound && text.size() > bound && codePointCount(text) > bound) {
    return invalidArgument(label + " is " + std::to_string(codePointCount(text)) +
                           " characters long, more than the maximum " + std::to_string(bound));
  }
  if (spec.uuid && !isZStackUuid(text)) {
    return invalidArgument(label + " [" + text.substr(0, 64) + "] is not a valid uuid (32 lowercase hex characters)");
  }
  if (!spec.validValues.empty() &&
      std::find(spec.validValues.begin(), spec.validValues.end(), text) == spec.validValues.end()) {
    std::string values;
    for (const std::string& v : spec.validValues) values += (values.empty() ? "" : ", ") + v;
    return invalidArgument(label + " [" + text.substr(0, 64) + "] is not a valid value; valid values are [" + values + "]");
  }
  return Status::OK();
}

Status checkValue(const ParamSpec& spec, const json& value) {
  switch (spec.type) {
    case ParamType::String: return checkString(spec, spec.name, value.get_ref<const std::string&>());
    case ParamType::Long:
    case ParamType::Integer: {
      const long long number = value.get<long long>();
      if (spec.minValue && number < *spec.minValue) {
        return invalidArgument(spec.name + " [" + std::to_string(number) + "] is less than the minimum " + std::to_string(*spec.minValue));
      }
      if (spec.maxValue && number > *spec.maxValue) {
        return invalidArgument(spec.name + " [" + std::to_string(number) + "] is more than the maximum " + std::to_string(*spec.maxValue));
      }
      return Status::OK();
    }
    case ParamType::List: {
      if (spec.maxLength && value.size() > spec.maxLength) {
        return invalidArgument(spec.name + " has " + std::to_string(value.size()) + " elements, more than the maximum " +
                               std::to_string(spec.maxLength));
      }
      for (std::size_t i = 0; i < value.size(); ++i) {
        Status status = checkString(spec, spec.name + "[" + std::to_string(i) + "]", value[i].get_ref<const std::string&>());
        if (!status.ok()) return status;
      }
      return Status::OK();
    }
    case ParamType::Map:
      if (spec.maxLength && value.size() > spec.maxLength) {
        return invalidArgument(spec.name + " has more than " + std::to_string(spec.maxLength) + " entries");
      }
      return Status::OK();
    case ParamType::Boolean: return Status::OK();
  }
  return Status::OK();
}

}  // namespace

bool isHostKey(const std::string& key) {
  return key == "systemTags" || key == "userTags" || key == "requestIp";
}

std::size_t codePointCount(const std::string& utf8) {
  // Count every byte that does not continue a multi-byte sequence.
  return static_cast<std::size_t>(
      std::count_if(utf8.begin(), utf8.end(), [](unsigned char c) { return (c & 0xC0) != 0x80; }));
}

Status checkTypes(const ApiDescriptor& api, const json& object) {
  if (!object.is_object()) {
    return invalidArgument("the body's '" + api.parameterName + "' must be a JSON object");
  }
  for (const auto& [key, value] : object.items()) {
    if (value.is_null()) continue;
    if (key == "systemTags" || key == "userTags") {
      if (!typeMatches(ParamType::List, value)) return invalidArgument(key + " must be a list of strings");
      continue;
    }
    if (key == "requestIp") {
      if (!value.is_string()) return invalidArgument("requestIp must be a String");
      continue;
    }
    const ParamSpec* spec = findSpec(api, key);
    if (spec && !typeMatches(spec->type, value)) {
      return invalidArgument(key + " must be a " + std::string(paramTypeName(spec->type)) +
                             (spec->type == ParamType::List ? " of strings" : "") + ", got " + jsonPreview(value));
    }
  }
  return Status::OK();
}

Status checkTagsTaken(const ApiDescriptor& api, const std::vector<std::string>& systemTags,
                      const std::vector<std::string>& userTags) {
  if (api.resourceType.empty() && !(systemTags.empty() && userTags.empty())) {
    return invalidArgument("API " + api.name + " takes no systemTags or userTags");
  }
  return Status::OK();
}

Status validate(const ApiDescriptor& api, const Version& apiVersion, const json& object) {
  for (const auto& [key, value] : object.items()) {
    if (isHostKey(key)) continue;
    const ParamSpec* spec = findSpec(api, key);
    if (!spec) return invalidArgument("unknown parameter '" + key + "' for API " + api.name);
    if (spec->since > apiVersion && !value.is_null()) {
      return invalidArgument("parameter " + key + " is not supported by API version " + apiVersion.str() +
                             " (since " + spec->since.str() + ")");
    }
  }
  for (const ParamSpec& spec : api.params) {
    auto it = object.find(spec.name);
    if (it == object.end() || it->is_null()) {
      if (spec.required) return invalidArgument("missing required parameter " + spec.name + " of API " + api.name);
      continue;
    }
    Status status = checkValue(spec, *it);
    if (!status.ok()) return status;
  }
  return Status::OK();
}

}  // namespace zstack::params
