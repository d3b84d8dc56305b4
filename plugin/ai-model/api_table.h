// The APIs of the ai-model plugin and their parameter tables: the single source of truth the
// host validates requests with, documents, and the tests walk.
#pragma once

#include <vector>

#include "tables.h"
#include "zstack/api.h"

namespace zstack::ai {

inline constexpr char kAddModel[] = "AddModel";
inline constexpr char kAddModelCenter[] = "AddModelCenter";
inline constexpr char kAddModelService[] = "AddModelService";
inline constexpr char kUpdateModel[] = "UpdateModel";
inline constexpr char kDeleteModel[] = "DeleteModel";
inline constexpr char kDeleteModels[] = "DeleteModels";
inline constexpr char kUpdateModelCenter[] = "UpdateModelCenter";
inline constexpr char kDeleteModelCenter[] = "DeleteModelCenter";
inline constexpr char kUpdateModelService[] = "UpdateModelService";
inline constexpr char kDeleteModelService[] = "DeleteModelService";
inline constexpr char kBindModelToService[] = "BindModelToService";
inline constexpr char kUnbindModelFromService[] = "UnbindModelFromService";

// What a create binds: AddModel's model services (from 5.2.1), AddModelService's models
// (from 5.5.28), one ModelServiceRefVO row per pair.
inline constexpr char kModelServiceUuids[] = "modelServiceUuids";
inline constexpr char kModelUuids[] = "modelUuids";

ApiDescriptor addModelApi();
ApiDescriptor addModelCenterApi();
ApiDescriptor addModelServiceApi();
// Creates take their table's parameters and the common ones (sdk::createApiParams); updates
// the table's updatable ones, each optional: an absent or null one leaves the field as it is.
ApiDescriptor updateModelApi();
ApiDescriptor updateModelCenterApi();
ApiDescriptor updateModelServiceApi();
// Deletes take deleteMode (Permissive or Enforcing; both delete the same here).
ApiDescriptor deleteModelApi();
// Cascades: the center's models and model services go with it.
ApiDescriptor deleteModelCenterApi();
// The service's bindings to every model go with it.
ApiDescriptor deleteModelServiceApi();
// ModelServiceRefVO rows, from 5.2.1 on.
ApiDescriptor bindModelToServiceApi();
ApiDescriptor unbindModelFromServiceApi();

// Every API above, in registration order; each one's `since` says which plugin releases
// have it.
std::vector<ApiDescriptor> aiModelApis();

}  // namespace zstack::ai
