// The ai-model plugin: ZStack's AI model center (AddModel, AddModelCenter, AddModelService).
#include "zstack/plugin.h"

#include "api_table.h"
#include "flows/chains.h"
#include "model_tags.h"

namespace zstack::ai {

class AiModelPlugin : public Plugin {
 public:
  Status start(HostContext& host) override {
    if (Status s = host.registerSchema("ai-model"); !s.ok()) return s;
    for (ApiDescriptor& api : aiModelApis()) {
      if (Status s = host.registerApi(std::move(api)); !s.ok()) return s;
    }
    for (FlowRegistration& flow : aiModelFlows()) {
      if (Status s = host.registerFlow(std::move(flow)); !s.ok()) return s;
    }
    for (SystemTagFormat& format : modelTagFormats()) {
      if (Status s = host.registerSystemTag(std::move(format)); !s.ok()) return s;
    }
    return Status::OK();
  }
};

}  // namespace zstack::ai

ZSTACK_PLUGIN("ai-model", "5.5.22", zstack::ai::AiModelPlugin)
