#include "tags/tag_patterns.h"

#include "zstack/sdk/table_dao.h"

namespace zstack::tags {
const sdk::ResourceTable<TagPatternRecord>& tagPatternTable() {
  using F = sdk::Field<TagPatternRecord>;
  using T = TagPatternRecord;
  static const sdk::ResourceTable<TagPatternRecord> table(
      "TagPatternVO", "org.zstack.header.tag.TagPatternInventory", kTagsSince,
      {
          F("name", &T::name, kTagsSince).param("标签名称", "tag name").required().nonBlank().max(128),
          F("value", &T::value, kTagsSince).param("标签值", "tag value").required().nonBlank().max(128),
          F("description", &T::description, kTagsSince).param("标签的详细描述", "description").max(2048),
          F("color", &T::color, kTagsSince).param("标签颜色", "display color").max(64),
          F("type", &T::type, kTagsSince).param("标签类型", "tag type").values({"simple", "withToken"}).max(32)
              .byDefault("simple").holds("org.zstack.header.tag.TagPatternType"),
      });
  return table;
}

std::vector<nlohmann::json> loadTagPatternInventories(soci::session& sql, const std::vector<std::string>& uuids) {
  return sdk::TableDao<TagPatternRecord>(sql, tagPatternTable(), kTagsSince).inventories(uuids);
}

}  // namespace zstack::tags
