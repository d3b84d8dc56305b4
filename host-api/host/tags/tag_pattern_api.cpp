// CreateTag: ZStack's tag patterns (TagPatternVO), which AddModel's tagUuids refer to, made by
// the plugin SDK's create flow from their field table (tags/tag_patterns.h).
#include <memory>
#include <optional>

#include "tags/tag_patterns.h"
#include "tags/tags.h"
#include "zstack/sdk/api_builder.h"
#include "zstack/sdk/flows.h"
#include "zstack/sdk/table_dao.h"

namespace zstack::tags {
namespace {

constexpr char kTagPatternUuidKey[] = "tagPatternUuid";

ApiDescriptor createTagApi() {
  return sdk::withAnswer(
      sdk::describeCreateApi("CreateTag", {"POST", "/tags", "params"}, kTagPatternResourceType, kTagsSince, "创建标签",
                             "Create a tag (a tag pattern resources can be tagged with)", tagPatternTable().createParams()),
      tagPatternTable().inventoryAnswer());
}

std::optional<nlohmann::json> loadTagPattern(soci::session& sql, const std::string& uuid) {
  return sdk::TableDao<TagPatternRecord>(sql, tagPatternTable(), kTagsSince).inventory(uuid);
}

}  // namespace

Status registerTagApis(Registry& registry) {
  if (Status status = registry.addApi(createTagApi(), "host"); !status.ok()) return status;
  for (QueryDescriptor& query : tagQueries()) {
    if (Status status = registry.addQuery(std::move(query), "host"); !status.ok()) return status;
  }
  const sdk::ResourceKind<TagPatternRecord> kind{tagPatternTable(), kTagPatternResourceType, kTagPatternUuidKey};
  for (FlowRegistration flow : {
           FlowRegistration{"CreateTag", sdk::kValidateOrder, std::make_shared<sdk::CheckCreateParamsFlow>()},
           FlowRegistration{"CreateTag", sdk::kPersistOrder,
                            std::make_shared<sdk::CreateResourceFlow<TagPatternRecord>>(kind, kTagsSince)},
           FlowRegistration{"CreateTag", sdk::kInventoryOrder,
                            std::make_shared<sdk::InventoryFlow>("TagPatternInventoryFlow", kTagPatternUuidKey,
                                                                 loadTagPattern)},
       }) {
    if (Status status = registry.addFlow(std::move(flow)); !status.ok()) return status;
  }
  return Status::OK();
}

}  // namespace zstack::tags
