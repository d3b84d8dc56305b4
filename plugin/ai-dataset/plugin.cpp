// The ai-dataset plugin: ZStack's AI datasets. It requires ai-model, whose model centers own
// the datasets: the host starts it after ai-model, and deleting a model center removes the
// center's datasets through the host's cascade, without ai-model knowing of them.
#include "zstack/plugin.h"

#include "dataset.h"

namespace zstack::dataset {

class AiDatasetPlugin : public Plugin {
 public:
  Status start(HostContext& host) override {
    const Version& release = host.pluginVersion();
    if (release < kV5522) {
      return invalidArgument("ai-dataset " + release.str() + " does not exist: its first release is " + kV5522.str());
    }
    if (Status s = host.registerSchema("ai-dataset"); !s.ok()) return s;
    for (ApiDescriptor& api : datasetApis()) {
      if (Status s = host.registerApi(std::move(api)); !s.ok()) return s;
    }
    if (Status s = host.registerQuery(datasetQuery(release)); !s.ok()) return s;
    for (FlowRegistration& flow : datasetFlows(release)) {
      if (Status s = host.registerFlow(std::move(flow)); !s.ok()) return s;
    }
    return host.registerCascade(modelCenterCascade(release));
  }
};

}  // namespace zstack::dataset

ZSTACK_PLUGIN_REQUIRING("ai-dataset", "5.5.28", zstack::dataset::AiDatasetPlugin, "ai-model")
