// The AddModelService chain: validate (100), persist (200), inventory (300); DeleteModelService
// (access check 100, delete 200).
#pragma once

#include <string>

#include "flows/common.h"
#include "zstack/flow.h"

namespace zstack::ai {

class ModelDao;
class ModelServiceDao;

inline constexpr char kModelServiceUuidKey[] = "modelServiceUuid";

// The model center exists and is visible; resourceUuid is free.
class ValidateModelServiceFlow : public Flow {
 public:
  std::string name() const override { return "ValidateModelServiceFlow"; }
  Status run(ApiContext& ctx) override;
};

// Writes the model service: resource and ownership, the ModelServiceVO row, the call's tags.
class PersistModelServiceFlow : public Flow {
 public:
  std::string name() const override { return "PersistModelServiceFlow"; }
  Status run(ApiContext& ctx) override;
};

// Deletes a model service: its bindings to every model (a model whose default service it was
// has none afterwards, its lastOpDate now), its row, and all the host keeps of it
// (ResourceService::remove).
Status removeModelService(ApiContext& ctx, ModelDao& models, ModelServiceDao& services, const std::string& uuid);

// removeModelService for the uuid; the result is {}.
class DeleteModelServiceFlow : public VersionedFlow {
 public:
  explicit DeleteModelServiceFlow(Version pluginVersion) : VersionedFlow(std::move(pluginVersion)) {}
  std::string name() const override { return "DeleteModelServiceFlow"; }
  Status run(ApiContext& ctx) override;
};

}  // namespace zstack::ai
