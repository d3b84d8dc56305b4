// The chains of ModelServiceVO: AddModelService (validate 100; create, then the models it
// binds, 200; inventory 300), UpdateModelService (access check 100, the SDK's update 200,
// inventory 300) and DeleteModelService (access check 100, delete 200).
#pragma once

#include <string>

#include "dao/records.h"
#include "zstack/sdk/flows.h"

namespace zstack::ai {

class ModelDao;

inline constexpr char kModelServiceUuidKey[] = "modelServiceUuid";

sdk::ResourceKind<ModelServiceRecord> modelServiceKind();

// The model center exists and is visible, the models to bind (modelUuids) are the caller's to
// change, and the common create parameters are sound.
class ValidateModelServiceFlow : public Flow {
 public:
  std::string name() const override { return "ValidateModelServiceFlow"; }
  Status run(ApiContext& ctx) override;
};

// After the service is written: binds it to the models the call names (modelUuids), one
// ModelServiceRefVO row per pair.
class BindNamedModelsFlow : public sdk::VersionedFlow {
 public:
  explicit BindNamedModelsFlow(Version pluginVersion) : VersionedFlow(std::move(pluginVersion)) {}
  std::string name() const override { return "BindNamedModelsFlow"; }
  Status run(ApiContext& ctx) override;
};

// Deletes a model service: its bindings to every model (a model whose default service it was
// has none afterwards, its lastOpDate now), all the host keeps of it, and its row.
Status removeModelService(ApiContext& ctx, ModelDao& models, sdk::TableDao<ModelServiceRecord>& services,
                          const std::string& uuid);

// removeModelService for the uuid; the result is {}.
class DeleteModelServiceFlow : public sdk::VersionedFlow {
 public:
  explicit DeleteModelServiceFlow(Version pluginVersion) : VersionedFlow(std::move(pluginVersion)) {}
  std::string name() const override { return "DeleteModelServiceFlow"; }
  Status run(ApiContext& ctx) override;
};

}  // namespace zstack::ai
