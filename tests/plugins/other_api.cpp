// libzstack-test-other-api.so ("test-other"): a tiny synchronous API, POST /test/echo
// {"params":{"text":"..."}} -> {"inventory":{"text":"..."}}, to prove that a disabled
// plugin's routes answer 404.
#include "zstack/plugin.h"

namespace {

class EchoFlow : public zstack::Flow {
 public:
  std::string name() const override { return "EchoFlow"; }
  zstack::Status run(zstack::ApiContext& ctx) override {
    const auto it = ctx.params().find("text");
    nlohmann::json text = it == ctx.params().end() ? nlohmann::json(nullptr) : *it;
    ctx.setResult({{"inventory", {{"text", std::move(text)}}}});
    return zstack::Status::OK();
  }
};

class OtherApiPlugin : public zstack::Plugin {
 public:
  zstack::Status start(zstack::HostContext& host) override {
    const zstack::Version since("5.1.8");
    zstack::ApiDescriptor api;
    api.name = "TestEcho";
    api.method = "POST";
    api.path = "/test/echo";
    api.parameterName = "params";
    api.async = false;
    api.since = since;
    api.descriptionEn = "Echoes its text (test plugin)";
    zstack::ParamSpec text;
    text.name = "text";
    text.type = zstack::ParamType::String;
    text.maxLength = 2048;
    text.since = since;
    text.descriptionEn = "the text to echo";
    api.params.push_back(text);
    if (zstack::Status s = host.registerApi(std::move(api)); !s.ok()) return s;
    return host.registerFlow({"TestEcho", 100, std::make_shared<EchoFlow>()});
  }
};

}  // namespace

ZSTACK_PLUGIN("test-other", "5.5.22", OtherApiPlugin)
