// The ai-model resources' field tables: every column of ModelVO, ModelCenterVO,
// ModelServiceVO and ModelServiceRefVO declared once (sdk/resource_table.h). The APIs'
// parameters, the queries' fields, the inventories, the ModelVO tag formats and every DAO
// statement come from these.
#pragma once

#include <cstddef>

#include "dao/records.h"
#include "zstack/sdk/resource_table.h"

namespace zstack::ai {

inline constexpr char kModelResourceType[] = "ModelVO";
inline constexpr char kModelCenterResourceType[] = "ModelCenterVO";
inline constexpr char kModelServiceResourceType[] = "ModelServiceVO";

// Long texts (parameters, logo, introduction, yaml): at most 16 MiB.
inline constexpr std::size_t kLongTextMax = 16777216;

const sdk::ResourceTable<ModelRecord>& modelTable();
const sdk::ResourceTable<ModelCenterRecord>& modelCenterTable();
const sdk::ResourceTable<ModelServiceRecord>& modelServiceTable();
// From 5.2.1 on (V5.2.1__model_service_refs.sql).
const sdk::ResourceTable<ModelServiceRefRecord>& modelServiceRefTable();

}  // namespace zstack::ai
