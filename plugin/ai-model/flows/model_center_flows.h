// The AddModelCenter chain: persist (200), inventory (300).
#pragma once

#include <string>

#include "zstack/flow.h"

namespace zstack::ai {

inline constexpr char kModelCenterUuidKey[] = "modelCenterUuid";

// Writes the model center: resource and ownership, the ModelCenterVO row, the call's tags.
class PersistModelCenterFlow : public Flow {
 public:
  std::string name() const override { return "PersistModelCenterFlow"; }
  Status run(ApiContext& ctx) override;
};

}  // namespace zstack::ai
