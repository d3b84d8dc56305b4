// Running a chain of flows with ZStack's rollback order.
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "zstack/flow.h"

namespace zstack::jobs {

// Runs the flows in order. When one fails (or throws), rolls back that flow, then every
// earlier one in reverse order, and returns the failing flow's error. A rollback that throws
// is logged and does not stop the others. `failed`, when given, is asked after each flow that
// succeeded whether the call has failed anyway (a cascade that failed under it); an error
// makes that flow the failing one.
Status runChain(const std::vector<std::shared_ptr<Flow>>& flows, ApiContext& ctx,
                const std::function<Status()>& failed = {});

}  // namespace zstack::jobs
