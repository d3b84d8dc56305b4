#include "bootstrap/bootstrap.h"

#include "auth/access_keys.h"
#include "auth/account_apis.h"
#include "tags/tags.h"

namespace zstack {

// The host's own schema has no target version: every script of this code applies.
constexpr char kHostSchema[] = "host";

Bootstrap::~Bootstrap() { stop(); }

Status Bootstrap::start(const std::vector<PluginEntry>& plugins, const Version& apiVersion,
                        std::shared_ptr<const auth::HostKey> hostKey) {
  if (Status status = plugins_.load(plugins); !status.ok()) return status;
  apiVersion_ = apiVersion.empty() ? plugins_.newestCommonVersion() : apiVersion;
  if (apiVersion_.empty()) apiVersion_ = kFirstApiVersion;
  if (Status status = plugins_.checkApiVersion(apiVersion_); !status.ok()) return status;
  if (Status status = registry_.addSchema({kHostSchema}); !status.ok()) return status;
  if (Status status = tags::registerTagApis(registry_); !status.ok()) return status;
  if (Status status = auth::registerAccountApis(registry_); !status.ok()) return status;
  if (Status status = auth::registerAccessKeyApis(registry_, std::move(hostKey)); !status.ok()) return status;
  return plugins_.start(registry_, apiVersion_);
}

void Bootstrap::stop() {
  plugins_.stop();
  registry_.clear();
}

}  // namespace zstack
