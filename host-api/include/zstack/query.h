// How a plugin (or the host) declares a query API: ZStack's QueryXxx, answered from one table.
//
// The host owns the query language: it parses q= conditions, limit/start/count/replyWithCount,
// sort/sortBy/sortDirection and fields, checks every field name against the descriptor,
// binds every value as a parameter (no request text is ever spliced into SQL), filters rows
// by the caller's visibility, and pages. The descriptor only says which table and fields a
// query may touch, and how to render the matching rows as inventories.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "zstack/api.h"
#include "zstack/error.h"
#include "zstack/version.h"

namespace soci {
class session;
}

namespace zstack {

// How a condition's text value is read before it is bound.
enum class FieldType { Text, Integer, Boolean, Timestamp };

struct QueryField {
  std::string name;  // as in the inventory and in conditions: "modelCenterUuid"
  FieldType type = FieldType::Text;
  // The column of the descriptor's table; empty: an inventory-only field (a list, a computed
  // value) that `fields=` may pick but no condition or sort may use.
  std::string column;
  // Newer fields are unknown to older API versions (and their columns may not exist there).
  Version since;
};

struct QueryDescriptor {
  std::string name;  // "QueryModel"
  // "/ai/models" (under /zstack/v1): GET path runs the query; GET path/{uuid} returns that one
  // resource as {"inventories":[...]} (empty when it is missing or not visible).
  std::string path;
  std::string table;  // "ModelVO"; its key column is uuid
  // The column naming the resource whose visibility decides the row's: "uuid" for a resource
  // table, "resourceUuid" for rows that belong to a resource (its tags). A row is visible when
  // that resource is (ResourceService::checkAccess with Access::Use).
  std::string visibilityColumn = "uuid";
  // The resource type whose tags __systemTag__ / __userTag__ conditions match; empty: the
  // query takes no tag conditions.
  std::string resourceType;
  Version since;
  std::string descriptionZh;
  std::string descriptionEn;
  std::vector<QueryField> fields;
  // The class of each inventory, for the answer's "schema" map (zstack/api.h).
  SchemaClass inventoryClass;
  // Renders the inventories of `uuids` (keys of visible rows, in answer order), one per uuid,
  // in the same order; a uuid whose row was deleted since it was selected is left out. Runs
  // on a read session (no transaction), on one of the query threads (host.queries.threads),
  // concurrently with other queries. Secrets must not appear.
  std::function<Status(soci::session& sql, const std::vector<std::string>& uuids,
                       std::vector<nlohmann::json>* inventories)>
      load;
};

}  // namespace zstack
