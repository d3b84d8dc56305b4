// The ai-model query APIs: QueryModel (GET /ai/models), QueryModelCenter
// (GET /ai/model-centers) and QueryModelService (GET /ai/model-services), each answered by
// the host's query language from one table and rendered by the plugin's inventories.
#pragma once

#include <vector>

#include "zstack/query.h"
#include "zstack/version.h"

namespace zstack::ai {

// The queries of plugin release `pluginVersion`: a field appears only when the schema of that
// release has its column (and, for an inventory-only field, when the inventory has the key),
// with the since-version of the script that added it. Every key the inventories render is a
// field; secrets (the model's token) are none.
std::vector<QueryDescriptor> aiModelQueries(const Version& pluginVersion);

}  // namespace zstack::ai
