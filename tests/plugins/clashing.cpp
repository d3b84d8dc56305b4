// libzstack-test-clashing.so ("test-clash"): registers an API of its own (POST /test/clash), a
// query (/test/clashes), a flow on ai-model's AddModel chain, a ModelVO tag format of its own,
// and then, as its config's `clash` says, one registration that another plugin holds: `route`
// takes POST /test/echo (test-other's), `tag` takes ai-model's minGpuMemory::{bytes}. It proves
// that a plugin's registrations go in together or not at all: once it is skipped, none of the
// first ones may be left, nor its flow run on AddModel.
#include "zstack/plugin.h"

namespace {

const zstack::Version kSince("5.1.8");

class RefusingFlow : public zstack::Flow {
 public:
  std::string name() const override { return "TestClashFlow"; }
  zstack::Status run(zstack::ApiContext&) override { return zstack::invalidArgument("test-clash's flow ran"); }
};

zstack::ApiDescriptor echoLike(const char* name, const char* path) {
  zstack::ApiDescriptor api;
  api.name = name;
  api.method = "POST";
  api.path = path;
  api.parameterName = "params";
  api.async = false;
  api.since = kSince;
  api.descriptionEn = "test plugin API";
  return api;
}

zstack::Status accept(const std::string&, const zstack::TagTokens&) { return zstack::Status::OK(); }

class ClashingPlugin : public zstack::Plugin {
 public:
  zstack::Status start(zstack::HostContext& host) override {
    if (zstack::Status s = host.registerApi(echoLike("TestClash", "/test/clash")); !s.ok()) return s;
    if (zstack::Status s = host.registerFlow({"TestClash", 100, std::make_shared<RefusingFlow>()}); !s.ok()) return s;
    if (zstack::Status s = host.registerFlow({"AddModel", 150, std::make_shared<RefusingFlow>()}); !s.ok()) return s;
    zstack::QueryDescriptor query;
    query.name = "TestQueryClash";
    query.path = "/test/clashes";
    query.table = "ModelVO";
    query.since = kSince;
    query.fields = {zstack::QueryField{"uuid", zstack::FieldType::Text, "uuid", kSince}};
    query.load = [](soci::session&, const std::vector<std::string>&, std::vector<nlohmann::json>*) {
      return zstack::Status::OK();
    };
    if (zstack::Status s = host.registerQuery(std::move(query)); !s.ok()) return s;
    if (zstack::Status s = host.registerSystemTag({"ModelVO", "testClash::{n}", accept, "test"}); !s.ok()) return s;

    const std::string clash = host.config().value("clash", "");
    if (clash == "route") return host.registerApi(echoLike("TestClashEcho", "/test/echo"));
    if (clash == "tag") return host.registerSystemTag({"ModelVO", "minGpuMemory::{bytes}", accept, "test"});
    return zstack::Status::OK();
  }
};

}  // namespace

ZSTACK_PLUGIN("test-clash", "5.5.22", ClashingPlugin)
