// ZStack's "schema" map of an answer: the path and server class of every typed object in it, by
// which the SDKs turn the untyped parts of an answer (list elements, nested objects) into their
// classes. RestServer adds it to every query answer, and to other answers when the request has
// an X-JSON-Schema header. Its JsonSchemaBuilder names paths "inventory", "inventories[0]",
// "inventories[0].modelServiceRefs[1]", and lists each object before the objects it holds.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "zstack/api.h"

namespace zstack {

// Builds one answer's map object by object (a query adds its inventories as it renders them).
class SchemaMapBuilder {
 public:
  // `value`, of class `type`, at `path` ("inventory", "inventories[3]"), and the typed objects
  // it holds; a list adds each element as path[i]. A null value adds nothing.
  void add(const std::string& path, const nlohmann::json& value, const SchemaClass& type);
  // The map as JSON text: "{}" when nothing was added.
  std::string text() const;

 private:
  std::vector<std::pair<std::string, std::string>> entries_;  // JsonSchemaBuilder's order
};

// The map of `answer`, a result object whose keys `typed` hold typed objects (or lists of them).
std::string schemaMap(const nlohmann::json& answer, const std::vector<SchemaMember>& typed);

// `answer`, the JSON text of an object, with the key "schema" set to `schema` (JSON text).
std::string withSchema(std::string answer, const std::string& schema);

}  // namespace zstack
