// Running a chain of flows with ZStack's rollback order.
#pragma once

#include <memory>
#include <vector>

#include "zstack/flow.h"

namespace zstack::jobs {

// Runs the flows in order. When one fails (or throws), rolls back that flow, then every
// earlier one in reverse order, and returns the failing flow's error. A rollback that throws
// is logged and does not stop the others.
Status runChain(const std::vector<std::shared_ptr<Flow>>& flows, ApiContext& ctx);

}  // namespace zstack::jobs
