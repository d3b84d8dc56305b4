// TagPatternVO, ZStack's tag patterns, as a field table of the plugin SDK: CreateTag, QueryTag
// and the tagPattern of every user-tag inventory come from it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "zstack/sdk/resource_table.h"

namespace soci {
class session;
}

namespace zstack::tags {

inline constexpr char kTagPatternResourceType[] = "TagPatternVO";
// The release of the host's tag APIs and queries.
inline const Version kTagsSince("5.1.8");

struct TagPatternRecord : sdk::Row {
  std::string name;
  std::string value;
  std::optional<std::string> description;
  std::optional<std::string> color;
  std::string type;
};

const sdk::ResourceTable<TagPatternRecord>& tagPatternTable();

// The inventories of the patterns among `uuids` that exist, in the order of `uuids`.
std::vector<nlohmann::json> loadTagPatternInventories(soci::session& sql, const std::vector<std::string>& uuids);

}  // namespace zstack::tags
