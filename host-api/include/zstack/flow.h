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
