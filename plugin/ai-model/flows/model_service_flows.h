// The AddModelService chain: validate (100), persist (200), inventory (300).
#pragma once

#include <string>

#include "zstack/flow.h"

namespace zstack::ai {

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

}  // namespace zstack::ai
