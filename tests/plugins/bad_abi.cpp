// libzstack-test-bad-abi.so: a plugin built against a host API version this host does not
// have. The host must refuse it before calling anything but its descriptor.
#include "zstack/plugin.h"

namespace {

class BadAbiPlugin : public zstack::Plugin {
 public:
  zstack::Status start(zstack::HostContext&) override {
    return zstack::internalError("test-bad-abi must never be started");
  }
};

}  // namespace

// ZSTACK_PLUGIN by hand, with the wrong hostApiVersion.
namespace zstack_plugin_exports {
const ::zstack::PluginDescriptor& descriptor() {
  static const ::zstack::PluginDescriptor d{"test-bad-abi", "5.5.22", ::zstack::kHostApiVersion + 1, nullptr};
  return d;
}
std::shared_ptr<::zstack::Plugin> create() { return std::make_shared<BadAbiPlugin>(); }
}  // namespace zstack_plugin_exports
BOOST_DLL_ALIAS(zstack_plugin_exports::descriptor, zstack_plugin_descriptor)
BOOST_DLL_ALIAS(zstack_plugin_exports::create, zstack_plugin_create)
