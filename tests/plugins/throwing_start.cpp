// libzstack-test-throwing-start.so: start() throws; the host must treat it as a failed start.
#include <stdexcept>

#include "zstack/plugin.h"

namespace {

class ThrowingStartPlugin : public zstack::Plugin {
 public:
  zstack::Status start(zstack::HostContext&) override {
    throw std::runtime_error("test plugin throws from start");
  }
};

}  // namespace

ZSTACK_PLUGIN("test-throwing-start", "5.5.22", ThrowingStartPlugin)
