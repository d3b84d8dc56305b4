// A plugin that requires one other plugin and registers nothing, built several times
// (tests/plugins/CMakeLists.txt) with its name and requirement as compile definitions:
//   test-needs-ghost      requires test-ghost (which no plugin is)
//   test-needs-dependent  requires test-dependent
//   test-cycle-a          requires test-cycle-b, and test-cycle-b requires test-cycle-a
#include "zstack/plugin.h"

#ifndef ZSTACK_TEST_PLUGIN_NAME
#error "ZSTACK_TEST_PLUGIN_NAME and ZSTACK_TEST_PLUGIN_REQUIRES must be defined"
#endif

namespace {

class RequiringPlugin : public zstack::Plugin {
 public:
  zstack::Status start(zstack::HostContext& host) override {
    host.log(zstack::LogLevel::Info, "requires " ZSTACK_TEST_PLUGIN_REQUIRES ", which started before it");
    return zstack::Status::OK();
  }
};

}  // namespace

ZSTACK_PLUGIN_REQUIRING(ZSTACK_TEST_PLUGIN_NAME, "5.5.22", RequiringPlugin, ZSTACK_TEST_PLUGIN_REQUIRES)
