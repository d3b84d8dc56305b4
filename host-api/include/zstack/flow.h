// Flows: the steps of an API's chain, ZStack's Flow with run and rollback.
//
// The host runs a chain's flows in order. When one fails, the host rolls back that flow,
// then every earlier flow in reverse order, rolls back the database transaction, and fails
// the job with the original error. Database writes need no rollback code (the transaction
// undoes them); rollback() is for effects outside the database.
#pragma once

#include <memory>
#include <string>

#include "zstack/context.h"
#include "zstack/error.h"

namespace zstack {

// One Flow object serves every call of its chain, and the host runs chains on several job
// worker threads at once (host.jobs.workers; by default one on SQLite): run() and rollback()
// of the same object may run concurrently, each with a call's own ApiContext. Keep a call's
// state in its context (ctx.data()), never in the flow; an ApiContext is used by one thread at
// a time.
class Flow {
 public:
  virtual ~Flow() = default;
  virtual std::string name() const = 0;
  virtual Status run(ApiContext& ctx) = 0;
  virtual void rollback(ApiContext& /*ctx*/) {}
};

// Where in a chain a flow stands; flows of equal order keep registration order. Plugins that
// extend another plugin's chain pick an order between its flows'.
struct FlowRegistration {
  std::string chain;  // the API name, e.g. "AddModel"
  int order = 0;
  std::shared_ptr<Flow> flow;
};

}  // namespace zstack
