// Every flow of the ai-model chains, with its chain and order.
#pragma once

#include <vector>

#include "zstack/flow.h"
#include "zstack/version.h"

namespace zstack::ai {

// `pluginVersion`: the release this node runs (HostContext::pluginVersion); the flows touch
// only the tables and columns the ai-model schema has at that version.
std::vector<FlowRegistration> aiModelFlows(const Version& pluginVersion);

}  // namespace zstack::ai
