// QueryTag, QuerySystemTag and QueryUserTag: the host's tag tables through the query language.
#include <soci/soci.h>

#include "tags/tags.h"
#include "zstack/date.h"

namespace zstack::tags {
namespace {

using nlohmann::json;

const Version kSince("5.1.8");

QueryField field(const char* name, FieldType type = FieldType::Text) { return QueryField{name, type, name, kSince}; }

json date(const std::tm& utc) { return formatZStackDate(fromDbTime(utc)); }

json orNull(const std::string& value, soci::indicator indicator) {
  return indicator == soci::i_ok ? json(value) : json(nullptr);
}

// ZStack's TagPatternInventory of the pattern `uuid`; null when there is none.
class TagPatternReader {
 public:
  explicit TagPatternReader(soci::session& sql)
      : st_((sql.prepare << "SELECT name, value, description, color, type, createDate, lastOpDate"
                            " FROM TagPatternVO WHERE uuid = :uuid",
             soci::use(uuid_, "uuid"), soci::into(name_), soci::into(value_), soci::into(description_, descriptionSet_),
             soci::into(color_, colorSet_), soci::into(type_), soci::into(created_), soci::into(updated_))) {}

  json read(const std::string& uuid) {
    uuid_ = uuid;
    st_.execute(true);
    if (!st_.got_data()) return nullptr;
    return {{"uuid", uuid},
            {"name", name_},
            {"value", value_},
            {"description", orNull(description_, descriptionSet_)},
            {"color", orNull(color_, colorSet_)},
            {"type", type_},
            {"createDate", date(created_)},
            {"lastOpDate", date(updated_)}};
  }

 private:
  std::string uuid_, name_, value_, description_, color_, type_;
  soci::indicator descriptionSet_ = soci::i_ok, colorSet_ = soci::i_ok;
  std::tm created_{}, updated_{};
  soci::statement st_;
};

Status loadTagPatterns(soci::session& sql, const std::vector<std::string>& uuids, std::vector<json>* out) {
  TagPatternReader reader(sql);
  for (const std::string& uuid : uuids) {
    if (json inventory = reader.read(uuid); !inventory.is_null()) out->push_back(std::move(inventory));
  }
  return Status::OK();
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
  TagPatternReader patterns(sql);
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
                    {"tagPattern", linked ? patterns.read(patternUuid) : json(nullptr)},
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
  query.since = kSince;
  query.descriptionZh = zh;
  query.descriptionEn = en;
  query.fields = {field("uuid")};
  return query;
}

}  // namespace

std::vector<QueryDescriptor> tagQueries() {
  QueryDescriptor patterns = tagQuery("QueryTag", "/tags", "TagPatternVO", "查询标签", "Query tags (tag patterns)");
  patterns.resourceType = "TagPatternVO";
  for (const char* name : {"name", "value", "description", "color", "type"}) patterns.fields.push_back(field(name));
  patterns.load = loadTagPatterns;

  // A tag is visible when the resource it is on is.
  QueryDescriptor system = tagQuery("QuerySystemTag", "/system-tags", "SystemTagVO", "查询系统标签", "Query system tags");
  system.visibilityColumn = "resourceUuid";
  for (const char* name : {"resourceUuid", "resourceType", "type", "tag"}) system.fields.push_back(field(name));
  system.fields.push_back(field("inherent", FieldType::Boolean));
  system.load = loadSystemTags;

  QueryDescriptor user = tagQuery("QueryUserTag", "/user-tags", "UserTagVO", "查询用户标签", "Query user tags");
  user.visibilityColumn = "resourceUuid";
  for (const char* name : {"resourceUuid", "resourceType", "type", "tag", "tagPatternUuid"}) {
    user.fields.push_back(field(name));
  }
  user.fields.push_back(QueryField{"tagPattern", FieldType::Text, "", kSince});
  user.load = loadUserTags;

  std::vector<QueryDescriptor> queries = {std::move(patterns), std::move(system), std::move(user)};
  for (QueryDescriptor& query : queries) {
    query.fields.push_back(field("createDate", FieldType::Timestamp));
    query.fields.push_back(field("lastOpDate", FieldType::Timestamp));
  }
  return queries;
}

}  // namespace zstack::tags
