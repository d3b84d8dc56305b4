// QueryTag, QuerySystemTag and QueryUserTag: the host's tag tables through the query language.
#include <soci/soci.h>

#include "tags/tag_patterns.h"
#include "tags/tags.h"
#include "zstack/date.h"

namespace zstack::tags {
namespace {

using nlohmann::json;


QueryField field(const char* name, FieldType type = FieldType::Text) { return QueryField{name, type, name, kTagsSince}; }

json date(const std::tm& utc) { return formatZStackDate(fromDbTime(utc)); }

json orNull(const std::string& value, soci::indicator indicator) {
  return indicator == soci::i_ok ? json(value) : json(nullptr);
}

// ZStack's TagPatternInventory of the pattern `uuid`; null when there is none.
json pattern(soci::session& sql, const std::string& uuid) {
  std::vector<json> found = loadTagPatternInventories(sql, {uuid});
  return found.empty() ? json(nullptr) : std::move(found.front());
}

Status loadSystemTags(soci::session& sql, const std::vector<std::string>& uuids, std::vector<json>* out) {
  std::string uuid, resourceUuid, resourceType, type, tag;
  int inherent = 0;
  std::tm created{}, updated{};
  soci::statement st = (sql.prepare << "SELECT resourceUuid, resourceType, inherent, type, tag, createDate, lastOpDate"
                                       " FROM SystemTagVO WHERE uuid = :uuid",
                        soci::use(uuid, "uuid"), soci::into(resourceUuid), soci::into(resourceType),
                        soci::into(inherent), soci::into(type), soci::into(tag), soci::into(created),
                        soci::into(updated));
  for (const std::string& wanted : uuids) {
    uuid = wanted;
    st.execute(true);
    if (!st.got_data()) continue;  // deleted since it was selected
    out->push_back({{"uuid", uuid},
                    {"resourceUuid", resourceUuid},
                    {"resourceType", resourceType},
                    {"inherent", inherent != 0},
                    {"type", type},
                    {"tag", tag},
                    {"createDate", date(created)},
                    {"lastOpDate", date(updated)}});
  }
  return Status::OK();
}

Status loadUserTags(soci::session& sql, const std::vector<std::string>& uuids, std::vector<json>* out) {
  std::string uuid, resourceUuid, resourceType, type, tag, patternUuid;
  soci::indicator patternSet = soci::i_ok;
  std::tm created{}, updated{};
  soci::statement st = (sql.prepare << "SELECT resourceUuid, resourceType, type, tag, tagPatternUuid, createDate,"
                                       " lastOpDate FROM UserTagVO WHERE uuid = :uuid",
                        soci::use(uuid, "uuid"), soci::into(resourceUuid), soci::into(resourceType), soci::into(type),
                        soci::into(tag), soci::into(patternUuid, patternSet), soci::into(created), soci::into(updated));
  for (const std::string& wanted : uuids) {
    uuid = wanted;
    st.execute(true);
    if (!st.got_data()) continue;
    const bool linked = patternSet == soci::i_ok;
    out->push_back({{"uuid", uuid},
                    {"resourceUuid", resourceUuid},
                    {"resourceType", resourceType},
                    {"type", type},
                    {"tag", tag},
                    {"tagPatternUuid", orNull(patternUuid, patternSet)},
                    // ZStack's UserTagInventory carries the pattern it was made from.
                    {"tagPattern", linked ? pattern(sql, patternUuid) : json(nullptr)},
                    {"createDate", date(created)},
                    {"lastOpDate", date(updated)}});
  }
  return Status::OK();
}

QueryDescriptor tagQuery(const char* name, const char* path, const char* table, const char* zh, const char* en) {
  QueryDescriptor query;
  query.name = name;
  query.path = path;
  query.table = table;
  query.since = kTagsSince;
  query.descriptionZh = zh;
  query.descriptionEn = en;
  query.fields = {field("uuid")};
  return query;
}

}  // namespace

std::vector<QueryDescriptor> tagQueries() {
  QueryDescriptor patterns = tagPatternTable().query("QueryTag", "/tags", kTagPatternResourceType, kTagsSince, "查询标签",
                                                     "Query tags (tag patterns)", kTagsSince);
  patterns.load = [](soci::session& sql, const std::vector<std::string>& uuids, std::vector<json>* out) {
    *out = loadTagPatternInventories(sql, uuids);
    return Status::OK();
  };

  // A tag is visible when the resource it is on is.
  QueryDescriptor system = tagQuery("QuerySystemTag", "/system-tags", "SystemTagVO", "查询系统标签", "Query system tags");
  system.visibilityColumn = "resourceUuid";
  for (const char* name : {"resourceUuid", "resourceType", "type", "tag"}) system.fields.push_back(field(name));
  system.fields.push_back(field("inherent", FieldType::Boolean));
  system.load = loadSystemTags;
  system.inventoryClass = {"org.zstack.header.tag.SystemTagInventory", {}};

  QueryDescriptor user = tagQuery("QueryUserTag", "/user-tags", "UserTagVO", "查询用户标签", "Query user tags");
  user.visibilityColumn = "resourceUuid";
  for (const char* name : {"resourceUuid", "resourceType", "type", "tag", "tagPatternUuid"}) {
    user.fields.push_back(field(name));
  }
  user.fields.push_back(QueryField{"tagPattern", FieldType::Text, "", kTagsSince});
  user.load = loadUserTags;
  user.inventoryClass = {"org.zstack.header.tag.UserTagInventory", {{"tagPattern", tagPatternTable().inventoryClass()}}};

  for (QueryDescriptor* query : {&system, &user}) {
    query->fields.push_back(field("createDate", FieldType::Timestamp));
    query->fields.push_back(field("lastOpDate", FieldType::Timestamp));
  }
  return {std::move(patterns), std::move(system), std::move(user)};
}

}  // namespace zstack::tags
