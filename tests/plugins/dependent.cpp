// libzstack-test-dependent.so ("test-dependent"): a plugin that requires ai-model and follows
// the deletion of its model centers with a cascade, as a dataset plugin would.
//
// Its schema (tests/plugins/sql/test-dependent, copied into the build tree's SQL folder only)
// holds TestDependentNoteVO (notes on a model center, written by the tests) and
// TestDependentCascadeVO (one row per run of the cascade: the center and the deleting API).
// The cascade "deleteNotesOfCenter" on ModelCenterVO deletes the center's notes, records its
// run, then looks at the notes it deleted:
//   "refuse": fails with SYS.1006 "test-dependent refuses to let model center <uuid> go"
//   "throw":  throws std::runtime_error
//   "again":  removes the center again (ctx.resources().remove(uuid)), which the host refuses
// Config key `failStart: "true"` makes start() fail ("test-dependent refuses to start").
#include <stdexcept>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "zstack/plugin.h"

namespace {

zstack::Status deleteNotesOfCenter(zstack::ApiContext& ctx, const std::string& center) {
  std::vector<std::string> notes(100);
  ctx.sql() << "SELECT note FROM TestDependentNoteVO WHERE modelCenterUuid = :center", soci::use(center, "center"),
      soci::into(notes);
  ctx.sql() << "DELETE FROM TestDependentNoteVO WHERE modelCenterUuid = :center", soci::use(center, "center");
  const std::string api = ctx.apiName();
  ctx.sql() << "INSERT INTO TestDependentCascadeVO (resourceUuid, apiName) VALUES (:center, :api)",
      soci::use(center, "center"), soci::use(api, "api");
  for (const std::string& note : notes) {
    if (note == "refuse") return zstack::operationError("test-dependent refuses to let model center " + center + " go");
    if (note == "throw") throw std::runtime_error("test-dependent's cascade threw");
    if (note == "again") return ctx.resources().remove(center);
  }
  return zstack::Status::OK();
}

class DependentPlugin : public zstack::Plugin {
 public:
  zstack::Status start(zstack::HostContext& host) override {
    const nlohmann::json& config = host.config();
    // plugin.yaml's config: values reach plugins as strings.
    if (config.is_object() && config.contains("failStart") && config["failStart"] == "true") {
      return zstack::internalError("test-dependent refuses to start");
    }
    if (zstack::Status s = host.registerSchema("test-dependent"); !s.ok()) return s;
    return host.registerCascade({"ModelCenterVO", "deleteNotesOfCenter", deleteNotesOfCenter});
  }
};

}  // namespace

ZSTACK_PLUGIN_REQUIRING("test-dependent", "5.5.22", DependentPlugin, "ai-model")
