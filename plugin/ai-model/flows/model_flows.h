// The AddModel chain: validate (100), persist (200), inventory (300).
#pragma once

#include <string>
#include <vector>

#include "zstack/flow.h"
#include "zstack/version.h"

namespace zstack::ai {

// ctx.data() key holding the new model's uuid once PersistModelFlow has run.
inline constexpr char kModelUuidKey[] = "modelUuid";

// The model services an AddModel binds: modelServiceUuids, then defaultModelServiceUuid if
// not among them; no duplicates.
std::vector<std::string> boundModelServiceUuids(const ApiContext& ctx);

// Semantic checks: the referenced model center, model services and tag patterns exist and
// are visible, resourceUuid is free, recommendedGpuNum is well formed, the ModelVO tags agree.
class ValidateModelFlow : public Flow {
 public:
  std::string name() const override { return "ValidateModelFlow"; }
  Status run(ApiContext& ctx) override;
};

// Writes the model: resource and ownership, the ModelVO row (tag-derived columns included),
// its ModelServiceRefVO rows, the call's tags and tag patterns; only what the schema of
// `pluginVersion` has (the host refuses the parameters that need more).
class PersistModelFlow : public Flow {
 public:
  explicit PersistModelFlow(Version pluginVersion) : schema_(std::move(pluginVersion)) {}
  std::string name() const override { return "PersistModelFlow"; }
  Status run(ApiContext& ctx) override;

 private:
  Version schema_;
};

}  // namespace zstack::ai
