// libzstack-test-failing-start.so: start() fails with an error Status.
#include "zstack/plugin.h"

namespace {

class FailingStartPlugin : public zstack::Plugin {
 public:
  zstack::Status start(zstack::HostContext&) override {
    return zstack::internalError("test plugin refuses to start");
  }
};

}  // namespace

ZSTACK_PLUGIN("test-failing-start", "5.5.22", FailingStartPlugin)
