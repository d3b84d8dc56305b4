// The APIs of the ai-model plugin and their parameter tables: the single source of truth the
// host validates requests with, documents, and the tests walk.
#pragma once

#include <cstddef>
#include <vector>

#include "zstack/api.h"

namespace zstack::ai {

inline constexpr char kAddModel[] = "AddModel";
inline constexpr char kAddModelCenter[] = "AddModelCenter";
inline constexpr char kAddModelService[] = "AddModelService";

inline constexpr char kModelCenterResourceType[] = "ModelCenterVO";
inline constexpr char kModelServiceResourceType[] = "ModelServiceVO";

// Long texts (parameters, logo, introduction, yaml): at most 16 MiB.
inline constexpr std::size_t kLongTextMax = 16777216;

ApiDescriptor addModelApi();
ApiDescriptor addModelCenterApi();
ApiDescriptor addModelServiceApi();

// Every API above, in registration order.
std::vector<ApiDescriptor> aiModelApis();

}  // namespace zstack::ai
