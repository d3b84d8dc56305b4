// The ai-model plugin: ZStack's AI model center (models, model centers, model services, and
// their queries).
#include "zstack/plugin.h"

#include <set>

#include "api_table.h"
#include "flows/chains.h"
#include "queries.h"
#include "releases.h"
#include "tables.h"

namespace zstack::ai {

class AiModelPlugin : public Plugin {
 public:
  Status start(HostContext& host) override {
    // The release this node runs: the host migrates the schema up to it, and the flows
    // touch only what that schema has.
    const Version& release = host.pluginVersion();
    if (release < kV518) {
      return invalidArgument("ai-model " + release.str() + " does not exist: its first release is " +
                             kV518.str());
    }
    if (Status s = host.registerSchema("ai-model"); !s.ok()) return s;
    // An API newer than the release is not there (a 5.1.8 node has no ModelServiceRefVO to
    // bind with), nor are its flows.
    std::set<std::string> served;
    for (ApiDescriptor& api : aiModelApis()) {
      if (api.since > release) continue;
      served.insert(api.name);
      if (Status s = host.registerApi(std::move(api)); !s.ok()) return s;
    }
    for (QueryDescriptor& query : aiModelQueries(release)) {
      if (Status s = host.registerQuery(std::move(query)); !s.ok()) return s;
    }
    for (FlowRegistration& flow : aiModelFlows(release)) {
      if (!served.count(flow.chain)) continue;
      if (Status s = host.registerFlow(std::move(flow)); !s.ok()) return s;
    }
    for (SystemTagFormat& format : modelTable().tagFormats(kModelResourceType)) {
      if (Status s = host.registerSystemTag(std::move(format)); !s.ok()) return s;
    }
    return Status::OK();
  }
};

}  // namespace zstack::ai

ZSTACK_PLUGIN("ai-model", "5.5.28", zstack::ai::AiModelPlugin)
