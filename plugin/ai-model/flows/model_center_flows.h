// The chains of ModelCenterVO: AddModelCenter (common checks 100, create 200, inventory 300),
// UpdateModelCenter (access check 100, update 200, inventory 300), DeleteModelCenter (access
// check 100, delete 200). Create and update are the SDK's table flows.
#pragma once

#include <string>

#include "dao/records.h"
#include "zstack/sdk/flows.h"

namespace zstack::ai {

inline constexpr char kModelCenterUuidKey[] = "modelCenterUuid";

sdk::ResourceKind<ModelCenterRecord> modelCenterKind();

// Deletes the center and, as ZStack cascades, whoever owns them: its models (as DeleteModel
// does), its model services (their bindings to any model go, and a model elsewhere whose
// default service was one of them has none afterwards), then the center itself; for each, all
// the host keeps of it (ResourceService::remove). The result is {}.
class DeleteModelCenterFlow : public sdk::VersionedFlow {
 public:
  explicit DeleteModelCenterFlow(Version pluginVersion) : VersionedFlow(std::move(pluginVersion)) {}
  std::string name() const override { return "DeleteModelCenterFlow"; }
  Status run(ApiContext& ctx) override;
};

}  // namespace zstack::ai
