// Every field of every ZStack SDK 5.1.20 action this host serves (tests/support/sdk_actions.h)
// is in the OpenAPI document of a real host with its plugins: the action's operation at the
// SDK's method and path, and each field a parameter of it with the SDK's type, required exactly
// when the SDK requires it. One missing field fails the test, naming it.
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "host_process.h"
#include "sdk_actions.h"
#include "test_util.h"

namespace zstack::it {
namespace {

using zstack::testing::SdkAction;
using zstack::testing::SdkField;

// The JSON Schema type the SDK's Java type is sent as.
std::string jsonType(const std::string& javaType) {
  if (javaType == "String") return "string";
  if (javaType == "Integer" || javaType == "Long") return "integer";
  if (javaType == "Boolean") return "boolean";
  if (javaType == "List") return "array";
  if (javaType == "Map") return "object";
  return "unknown Java type " + javaType;
}

std::set<std::string> pathVariables(const std::string& path) {
  std::set<std::string> names;
  for (std::size_t open = path.find('{'); open != std::string::npos; open = path.find('{', open + 1)) {
    names.insert(path.substr(open + 1, path.find('}', open) - open - 1));
  }
  return names;
}

bool isBodyMethod(const std::string& method) { return method == "POST" || method == "PUT"; }

// Resolves {"$ref": "#/components/..."} against the document.
const Json& resolved(const Json& document, const Json& node) {
  if (!node.is_object() || !node.contains("$ref")) return node;
  const Json::json_pointer pointer(node["$ref"].get<std::string>().substr(1));
  return document.at(pointer);
}

// The operation serving the action: at the SDK's path, or (a PUT) at that path plus
// "/actions", which this host also serves the action at (docs/clients.md). Null when none.
const Json* findOperation(const Json& document, const SdkAction& action) {
  std::string method = action.method;
  for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const std::string& path : {action.path, action.path + "/actions"}) {
    const Json& paths = document["paths"];
    if (paths.contains(path) && paths[path].contains(method)) {
      const Json& operation = paths[path][method];
      const bool one = operation.value("operationId", "") == action.name;
      const Json actions = operation.value("x-zstack-actions", Json::array());
      if (one || std::find(actions.begin(), actions.end(), action.name) != actions.end()) return &operation;
    }
    if (action.method != "PUT") break;
  }
  return nullptr;
}

// What the document says of one field: its JSON type and whether it is required ("" type when
// the operation has no such parameter).
struct Described {
  std::string type;
  bool required = false;
};

Described describedField(const Json& document, const Json& operation, const SdkAction& action,
                         const SdkField& field) {
  for (const Json& reference : operation["parameters"]) {
    const Json& parameter = resolved(document, reference);
    const bool inPath = parameter.value("in", "") == "path";
    const bool inQuery = parameter.value("in", "") == "query" && !isBodyMethod(action.method);
    if (parameter.value("name", "") == field.name && (inPath || inQuery)) {
      return {parameter["schema"].value("type", ""), parameter.value("required", false)};
    }
  }
  if (!isBodyMethod(action.method)) return {};
  // The body of the action: {"<parameterName>": {<fields>}, "systemTags": [...], "userTags": [...]}.
  const Json& content = operation["requestBody"]["content"]["application/json"]["schema"];
  std::vector<const Json*> bodies;
  if (content.contains("oneOf")) {
    for (const Json& alternative : content["oneOf"]) bodies.push_back(&resolved(document, alternative));
  } else {
    bodies.push_back(&resolved(document, content));
  }
  for (const Json* body : bodies) {
    if (!(*body)["properties"].contains(action.parameterName)) continue;
    const Json& inner = (*body)["properties"][action.parameterName];
    if (!inner["properties"].contains(field.name)) return {};
    const Json required = inner.value("required", Json::array());
    return {inner["properties"][field.name].value("type", ""),
            std::find(required.begin(), required.end(), field.name) != required.end()};
  }
  return {};
}

TEST(SdkFieldsTest, EveryFieldOfEverySdkActionIsAParameterWithTheSdksType) {
  HostOptions options;
  options.plugins = {aiModelPlugin(), aiDatasetPlugin()};
  HostProcess host(options);
  host.start();
  const Reply reply = host.request("GET", "/openapi.json");
  ASSERT_EQ(reply.status, 200) << describe(reply);
  const Json document = Json::parse(reply.body);
  std::vector<std::string> problems;
  for (const SdkAction& action : zstack::testing::sdkActions()) {
    const Json* operation = findOperation(document, action);
    if (!operation) {
      problems.push_back(action.name + ": no operation at " + action.method + " " + action.path);
      continue;
    }
    const std::set<std::string> variables = pathVariables(action.path);
    for (const SdkField& field : action.fields) {
      const Described described = describedField(document, *operation, action, field);
      const std::string where = action.name + "." + field.name;
      if (described.type.empty()) {
        problems.push_back(where + ": not a parameter");
        continue;
      }
      if (described.type != jsonType(field.type)) {
        problems.push_back(where + ": " + described.type + ", the SDK sends " + field.type);
      }
      // A path variable is always required; otherwise the host requires what the SDK does.
      const bool sdkRequires = field.required || variables.count(field.name) > 0;
      if (described.required != sdkRequires) {
        problems.push_back(where + (described.required ? ": required, the SDK may omit it" : ": optional, the SDK requires it"));
      }
    }
  }
  std::string all;
  for (const std::string& problem : problems) all += "\n  " + problem;
  EXPECT_TRUE(problems.empty()) << problems.size() << " SDK fields are not served as the SDK sends them:" << all;
}

}  // namespace
}  // namespace zstack::it
