// Every flow of the ai-model chains, with its chain and order.
#pragma once

#include <vector>

#include "zstack/flow.h"

namespace zstack::ai {

std::vector<FlowRegistration> aiModelFlows();

}  // namespace zstack::ai
