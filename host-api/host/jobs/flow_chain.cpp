#include "jobs/flow_chain.h"

#include "common/log.h"
#include "db/database.h"

namespace zstack::jobs {

Status runChain(const std::vector<std::shared_ptr<Flow>>& flows, ApiContext& ctx,
                const std::function<Status()>& failed) {
  std::size_t index = 0;
  Status failure;
  for (; index < flows.size(); ++index) {
    try {
      failure = flows[index]->run(ctx);
    } catch (const std::exception& e) {
      log::throttled(LogLevel::Error, "flow-exception",
                     "flow " + flows[index]->name() + " of " + ctx.apiName() + " threw: " + db::describeException(e));
      failure = internalError("a step of " + ctx.apiName() + " failed, so the call changed nothing; the management node's log has the cause");
    }
    if (failure.ok() && failed) failure = failed();
    if (!failure.ok()) break;
  }
  if (failure.ok()) return failure;
  // The failing flow may have done part of its work: it rolls back first.
  for (std::size_t i = index + 1; i-- > 0;) {
    try {
      flows[i]->rollback(ctx);
    } catch (const std::exception& e) {
      log::error("rollback of flow " + flows[i]->name() + " of " + ctx.apiName() + " threw: " + db::describeException(e));
    }
  }
  return failure;
}

}  // namespace zstack::jobs
