// The chains of ModelVO: AddModel and UpdateModel (validate 100; the SDK's create or update,
// then the model-service bindings, 200; inventory 300), DeleteModel (access check 100,
// delete 200), BindModelToService and UnbindModelFromService (access checks 100, bind or
// unbind 200, the model service's inventory 300).
#pragma once

#include <string>
#include <vector>

#include "dao/records.h"
#include "zstack/sdk/flows.h"

namespace zstack::ai {

class ModelDao;

// ctx.data() key holding the model's uuid once the create (or update) flow has run.
inline constexpr char kModelUuidKey[] = "modelUuid";

sdk::ResourceKind<ModelRecord> modelKind();

// One ModelServiceRefVO row for the pair: binding a bound pair adds nothing.
void bindModelService(ApiContext& ctx, ModelDao& dao, const std::string& modelUuid, const std::string& serviceUuid);

// Deletes a model: all the host keeps of it (ResourceService::remove: tags, sharing,
// ownership, ResourceVO) and its rows (ModelDao::remove).
Status removeModel(ApiContext& ctx, ModelDao& dao, const std::string& uuid);

// Semantic checks of AddModel: the model center, model services and default model service it
// names are the caller's to use, the common create parameters are sound, and the values and
// tags it gives are well formed (the model's table).
class ValidateModelFlow : public Flow {
 public:
  std::string name() const override { return "ValidateModelFlow"; }
  Status run(ApiContext& ctx) override;
};

// The caller may change the model (uuid) and use the model center and default model service
// it names; the values and tags it gives are well formed.
class ValidateUpdateModelFlow : public Flow {
 public:
  std::string name() const override { return "ValidateUpdateModelFlow"; }
  Status run(ApiContext& ctx) override;
};

// After the model is written: binds it to the model services the call names (AddModel's
// modelServiceUuids) and to its defaultModelServiceUuid, one ModelServiceRefVO row per pair
// (none more for a pair that is bound already).
class BindNamedServicesFlow : public sdk::VersionedFlow {
 public:
  explicit BindNamedServicesFlow(Version pluginVersion) : VersionedFlow(std::move(pluginVersion)) {}
  std::string name() const override { return "BindNamedServicesFlow"; }
  Status run(ApiContext& ctx) override;
};

// removeModel for the uuid; the result is {}.
class DeleteModelFlow : public sdk::VersionedFlow {
 public:
  explicit DeleteModelFlow(Version pluginVersion) : VersionedFlow(std::move(pluginVersion)) {}
  std::string name() const override { return "DeleteModelFlow"; }
  Status run(ApiContext& ctx) override;
};

// DeleteModels: each uuid authorised (Change) and removed alone, inside a savepoint of its own,
// so that one that fails leaves the others deleted. The result is {"results": [{"uuid",
// "success", "error"}]}, one per uuid in the order given. A cascade that fails (another
// plugin's) fails the whole call, as it fails DeleteModel: it is the node's fault, not the uuid's.
class DeleteModelsFlow : public sdk::VersionedFlow {
 public:
  explicit DeleteModelsFlow(Version pluginVersion) : VersionedFlow(std::move(pluginVersion)) {}
  std::string name() const override { return "DeleteModelsFlow"; }
  Status run(ApiContext& ctx) override;
};

// BindModelToService: one ModelServiceRefVO row for the pair (none more when it is bound
// already). The result is the model service's inventory (ZStack's BindModelToServiceResult).
class BindModelToServiceFlow : public sdk::VersionedFlow {
 public:
  explicit BindModelToServiceFlow(Version pluginVersion) : VersionedFlow(std::move(pluginVersion)) {}
  std::string name() const override { return "BindModelToServiceFlow"; }
  Status run(ApiContext& ctx) override;
};

// UnbindModelFromService: the pair's row goes (nothing to do when there is none), and so does
// the model's defaultModelServiceUuid if it named the service. The result is the model
// service's inventory, as for BindModelToService.
class UnbindModelFromServiceFlow : public sdk::VersionedFlow {
 public:
  explicit UnbindModelFromServiceFlow(Version pluginVersion) : VersionedFlow(std::move(pluginVersion)) {}
  std::string name() const override { return "UnbindModelFromServiceFlow"; }
  Status run(ApiContext& ctx) override;
};

}  // namespace zstack::ai
