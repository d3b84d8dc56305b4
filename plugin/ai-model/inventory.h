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

// ZStack's ModelCenterCapacityInventory of a center, as far as this host knows it: the sizes
// its models and model services declare. The rest (datasets, fine-tuning, evaluation,
// installation and temporary space) ZStack's center agent measures on disk; this host runs no
// agent, and ai-model does not read ai-dataset's tables, so they are null (docs/clients.md).
nlohmann::json modelCenterCapacity(const std::string& centerUuid, long long modelBytes, long long modelServiceBytes);
// `capacity`: modelCenterCapacity's, or null. status is null: this host does not watch centers.
nlohmann::json modelCenterInventory(const ModelCenterRecord& center, nlohmann::json capacity);
// `refs`: the models bound to the service, as modelServiceRefs (ZStack's ModelServiceInventory).
nlohmann::json modelServiceInventory(const ModelServiceRecord& service, const std::vector<ModelServiceRefRecord>& refs);
nlohmann::json modelInventory(const ModelRecord& model, const std::vector<ModelServiceRefRecord>& refs,
                              std::optional<bool> latest);

// Read resources back from the database and render them, in the order of `uuids`; a uuid
// with no row is left out. A few statements for any number of uuids (IN lists). `schema`: the
// plugin version whose schema the database has (see ModelDao).
// A center's capacity is null before 5.5.28, whose schema has the model services' sizes.
std::vector<nlohmann::json> loadModelCenterInventories(soci::session& sql, const std::vector<std::string>& uuids,
                                                       const Version& schema);
std::vector<nlohmann::json> loadModelServiceInventories(soci::session& sql, const std::vector<std::string>& uuids,
                                                        const Version& schema);
std::vector<nlohmann::json> loadModelInventories(soci::session& sql, const std::vector<std::string>& uuids,
                                                 const Version& schema);

// One resource; empty when there is no such row.
std::optional<nlohmann::json> loadModelCenterInventory(soci::session& sql, const std::string& uuid,
                                                       const Version& schema);
std::optional<nlohmann::json> loadModelServiceInventory(soci::session& sql, const std::string& uuid,
                                                        const Version& schema);
std::optional<nlohmann::json> loadModelInventory(soci::session& sql, const std::string& uuid,
                                                 const Version& schema);

}  // namespace zstack::ai
