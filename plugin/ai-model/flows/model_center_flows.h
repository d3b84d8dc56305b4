// The chains of ModelCenterVO: AddModelCenter (persist 200, inventory 300), UpdateModelCenter
// (access check 100, update 200, inventory 300), DeleteModelCenter (access check 100,
// delete 200).
#pragma once

#include <string>

#include "flows/common.h"

namespace zstack::ai {

inline constexpr char kModelCenterUuidKey[] = "modelCenterUuid";

// Writes the model center: resource and ownership, the ModelCenterVO row, the call's tags.
class PersistModelCenterFlow : public Flow {
 public:
  std::string name() const override { return "PersistModelCenterFlow"; }
  Status run(ApiContext& ctx) override;
};

// Writes the given fields (the others stay), lastOpDate, the new name into ResourceVO, and the
// call's tags.
class UpdateModelCenterFlow : public Flow {
 public:
  std::string name() const override { return "UpdateModelCenterFlow"; }
  Status run(ApiContext& ctx) override;
};

// Deletes the center and, as ZStack cascades, whoever owns them: its models (as DeleteModel
// does), its model services (their bindings to any model go, and a model elsewhere whose
// default service was one of them has none afterwards), then the center itself; for each, all
// the host keeps of it (ResourceService::remove). The result is {}.
class DeleteModelCenterFlow : public VersionedFlow {
 public:
  explicit DeleteModelCenterFlow(Version pluginVersion) : VersionedFlow(std::move(pluginVersion)) {}
  std::string name() const override { return "DeleteModelCenterFlow"; }
  Status run(ApiContext& ctx) override;
};

}  // namespace zstack::ai
