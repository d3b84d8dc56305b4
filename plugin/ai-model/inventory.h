// JSON inventories of the ai-model resources, as ZStack renders them: every field present,
// missing values null, lists [], dates "Nov 29, 2026 3:29:32 AM". Secrets never appear.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "dao/records.h"
#include "zstack/version.h"

namespace soci {
class session;
}

namespace zstack::ai {

// true iff `model`'s versionSemver has the highest precedence among `familySemvers`; empty
// when the model has no (valid) versionSemver.
std::optional<bool> isLatestVersion(const ModelRecord& model, const std::vector<std::string>& familySemvers);

nlohmann::json modelCenterInventory(const ModelCenterRecord& center);
// `refs`: the models bound to the service, as modelServiceRefs (ZStack's ModelServiceInventory).
nlohmann::json modelServiceInventory(const ModelServiceRecord& service, const std::vector<ModelServiceRefRecord>& refs);
nlohmann::json modelInventory(const ModelRecord& model, const std::vector<ModelServiceRefRecord>& refs,
                              std::optional<bool> latest);

// Read resources back from the database and render them, in the order of `uuids`; a uuid
// with no row is left out. A few statements for any number of uuids (IN lists). `schema`: the
// plugin version whose schema the database has (see ModelDao).
std::vector<nlohmann::json> loadModelCenterInventories(soci::session& sql, const std::vector<std::string>& uuids);
std::vector<nlohmann::json> loadModelServiceInventories(soci::session& sql, const std::vector<std::string>& uuids,
                                                        const Version& schema);
std::vector<nlohmann::json> loadModelInventories(soci::session& sql, const std::vector<std::string>& uuids,
                                                 const Version& schema);

// One resource; empty when there is no such row.
std::optional<nlohmann::json> loadModelCenterInventory(soci::session& sql, const std::string& uuid);
std::optional<nlohmann::json> loadModelServiceInventory(soci::session& sql, const std::string& uuid,
                                                        const Version& schema);
std::optional<nlohmann::json> loadModelInventory(soci::session& sql, const std::string& uuid,
                                                 const Version& schema);

}  // namespace zstack::ai
