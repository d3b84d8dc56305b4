// The chains of ModelVO: AddModel and UpdateModel (validate 100, persist 200, inventory 300),
// DeleteModel (access check 100, delete 200), BindModelToService and UnbindModelFromService
// (access checks 100, bind or unbind 200, the model service's inventory 300).
#pragma once

#include <string>
#include <vector>

#include "flows/common.h"

namespace zstack::ai {

class ModelDao;

// ctx.data() key holding the model's uuid once the persist flow has run.
inline constexpr char kModelUuidKey[] = "modelUuid";

// The model services an AddModel binds: modelServiceUuids, then defaultModelServiceUuid if
// not among them; no duplicates.
std::vector<std::string> boundModelServiceUuids(const ApiContext& ctx);

// Deletes a model: its rows (ModelDao::remove) and all the host keeps of it
// (ResourceService::remove: tags, sharing, ownership, ResourceVO).
Status removeModel(ApiContext& ctx, ModelDao& dao, const std::string& uuid);

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
class PersistModelFlow : public VersionedFlow {
 public:
  explicit PersistModelFlow(Version pluginVersion) : VersionedFlow(std::move(pluginVersion)) {}
  std::string name() const override { return "PersistModelFlow"; }
  Status run(ApiContext& ctx) override;
};

// The caller may change the model (uuid) and use the model center and default model service
// it names; recommendedGpuNum is well formed and the ModelVO tags agree.
class ValidateUpdateModelFlow : public Flow {
 public:
  std::string name() const override { return "ValidateUpdateModelFlow"; }
  Status run(ApiContext& ctx) override;
};

// Writes the given fields and the columns the given tags fill (the others stay), lastOpDate,
// the new name into ResourceVO, and the tags (a system tag replaces the model's tag of the
// same key). A new defaultModelServiceUuid is bound as AddModel binds it.
class UpdateModelFlow : public VersionedFlow {
 public:
  explicit UpdateModelFlow(Version pluginVersion) : VersionedFlow(std::move(pluginVersion)) {}
  std::string name() const override { return "UpdateModelFlow"; }
  Status run(ApiContext& ctx) override;
};

// removeModel for the uuid; the result is {}.
class DeleteModelFlow : public VersionedFlow {
 public:
  explicit DeleteModelFlow(Version pluginVersion) : VersionedFlow(std::move(pluginVersion)) {}
  std::string name() const override { return "DeleteModelFlow"; }
  Status run(ApiContext& ctx) override;
};

// BindModelToService: one ModelServiceRefVO row for the pair (none more when it is bound
// already). The result is the model service's inventory (ZStack's BindModelToServiceResult).
class BindModelToServiceFlow : public VersionedFlow {
 public:
  explicit BindModelToServiceFlow(Version pluginVersion) : VersionedFlow(std::move(pluginVersion)) {}
  std::string name() const override { return "BindModelToServiceFlow"; }
  Status run(ApiContext& ctx) override;
};

// UnbindModelFromService: the pair's row goes (nothing to do when there is none), and so does
// the model's defaultModelServiceUuid if it named the service. The result is the model
// service's inventory, as for BindModelToService.
class UnbindModelFromServiceFlow : public VersionedFlow {
 public:
  explicit UnbindModelFromServiceFlow(Version pluginVersion) : VersionedFlow(std::move(pluginVersion)) {}
  std::string name() const override { return "UnbindModelFromServiceFlow"; }
  Status run(ApiContext& ctx) override;
};

}  // namespace zstack::ai
