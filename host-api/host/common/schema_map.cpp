#include "common/schema_map.h"

namespace zstack {

void SchemaMapBuilder::add(const std::string& path, const nlohmann::json& value, const SchemaClass& type) {
  if (value.is_null()) return;
  if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i) add(path + "[" + std::to_string(i) + "]", value[i], type);
    return;
  }
  // Members first and the object last, as JsonSchemaBuilder walks; text() reverses the whole.
  if (value.is_object()) {
    for (const SchemaMember& member : type.members) {
      if (const auto it = value.find(member.key); it != value.end()) add(path + "." + member.key, *it, member.type);
    }
  }
  entries_.emplace_back(path, type.name);
}

std::string SchemaMapBuilder::text() const {
  std::string out = "{";
  for (auto it = entries_.rbegin(); it != entries_.rend(); ++it) {
    if (out.size() > 1) out += ',';
    out += nlohmann::json(it->first).dump() + ":" + nlohmann::json(it->second).dump();
  }
  return out + "}";
}

std::string schemaMap(const nlohmann::json& answer, const std::vector<SchemaMember>& typed) {
  SchemaMapBuilder builder;
  if (answer.is_object()) {
    for (const SchemaMember& member : typed) {
      if (const auto it = answer.find(member.key); it != answer.end()) builder.add(member.key, *it, member.type);
    }
  }
  return builder.text();
}

std::string withSchema(std::string answer, const std::string& schema) {
  const std::size_t close = answer.find_last_of('}');
  if (close == std::string::npos) return answer;
  const std::size_t last = close == 0 ? std::string::npos : answer.find_last_not_of(" \t\r\n", close - 1);
  const bool empty = last == std::string::npos || answer[last] == '{';
  answer.insert(close, (empty ? "\"schema\":" : ",\"schema\":") + schema);
  return answer;
}

}  // namespace zstack
