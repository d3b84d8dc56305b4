#include "api_table.h"

#include <string>
#include <utility>

#include "releases.h"
#include "zstack/sdk/api_builder.h"

namespace zstack::ai {
namespace {

using sdk::Param;
using sdk::pathUuid;

// `first`, then `rest`.
std::vector<ParamSpec> joined(std::vector<ParamSpec> first, const std::vector<ParamSpec>& rest) {
  first.insert(first.end(), rest.begin(), rest.end());
  return first;
}

std::vector<ParamSpec> bindingParams() {
  return {pathUuid("modelUuid", kV521, "模型的UUID", "the model"),
          pathUuid("modelServiceUuid", kV521, "模型服务的UUID", "the model service")};
}

// `params`, none older than `since`: an API newer than its fields has them from its own release.
std::vector<ParamSpec> sinceAtLeast(std::vector<ParamSpec> params, const Version& since) {
  for (ParamSpec& param : params) {
    if (param.since < since) param.since = since;
  }
  return params;
}

// An update API of `table`'s resources: the `uuid` path variable, then the table's updatable
// fields (none older than the API), answering the inventory.
template <class R>
ApiDescriptor updateApi(const char* name, sdk::Route route, const char* resourceType, const Version& since,
                        const char* zh, const char* en, const char* uuidZh, const char* uuidEn,
                        const sdk::ResourceTable<R>& table) {
  return sdk::withAnswer(sdk::describeApi(name, std::move(route), resourceType, since, zh, en,
                                          joined({pathUuid("uuid", since, uuidZh, uuidEn)},
                                                 sinceAtLeast(table.updateParams(), since))),
                         table.inventoryAnswer());
}

// The most uuids one batch call may name.
constexpr std::size_t kMaxBatch = 1000;

}  // namespace

ApiDescriptor addModelApi() {
  return sdk::withAnswer(
      sdk::describeCreateApi(
          kAddModel, {"POST", "/ai/models", "param"}, kModelResourceType, kV518, "添加模型",
          "Adds an AI model to a model center",
          joined(modelTable().createParams(),
                 {Param(kModelServiceUuids, ParamType::List, kV521, "绑定的模型服务UUID列表", "model services to bind")
                      .max(64).elementMax(32)})),
      modelTable().inventoryAnswer());
}

ApiDescriptor addModelCenterApi() {
  return sdk::withAnswer(
      sdk::describeCreateApi(kAddModelCenter, {"POST", "/ai/model-centers", "param"}, kModelCenterResourceType, kV518,
                             "添加模型中心", "Adds a model center", modelCenterTable().createParams()),
      modelCenterTable().inventoryAnswer());
}

ApiDescriptor addModelServiceApi() {
  return sdk::withAnswer(
      sdk::describeCreateApi(kAddModelService, {"POST", "/ai/model-services", "param"}, kModelServiceResourceType,
                             kV518, "添加模型服务", "Adds a model service template that models can be bound to",
                             joined(modelServiceTable().createParams(),
                                    {Param(kModelUuids, ParamType::List, kV5528, "绑定的模型UUID列表",
                                           "models to bind (each the caller's to change)")
                                         .max(64).elementMax(32)})),
      modelServiceTable().inventoryAnswer());
}

ApiDescriptor updateModelApi() {
  return updateApi(kUpdateModel, {"PUT", "/ai/models/{uuid}/actions", "updateModel"}, kModelResourceType, kV518,
                   "更新模型", "Updates an AI model; absent fields stay as they are", "模型的UUID", "the model",
                   modelTable());
}

ApiDescriptor deleteModelApi() {
  return sdk::describeApi(kDeleteModel, {"DELETE", "/ai/models/{uuid}", ""}, "", kV518, "删除模型",
                          "Deletes an AI model with its tags and model service bindings",
                          {pathUuid("uuid", kV518, "模型的UUID", "the model"), sdk::deleteModeParam(kV518)});
}

// ZStack's batch delete: each model authorised and deleted alone, one result per uuid.
ApiDescriptor deleteModelsApi() {
  return sdk::describeApi(
      kDeleteModels, {"DELETE", "/ai/models", ""}, "", kV521, "批量删除模型",
      "Deletes several AI models, each alone: one that cannot be deleted (absent, not the caller's) leaves the "
      "others deleted; answers {results: [{uuid, success, error}]} in the order asked",
      {Param("uuids", ParamType::List, kV521, "模型的UUID列表", "the models").required().max(kMaxBatch).elementMax(32).uuid(),
       sdk::deleteModeParam(kV521)});
}

ApiDescriptor updateModelCenterApi() {
  return updateApi(kUpdateModelCenter, {"PUT", "/ai/model-centers/{uuid}/actions", "updateModelCenter"},
                   kModelCenterResourceType, kV518, "更新模型中心",
                   "Updates a model center; absent fields stay as they are", "模型中心的UUID", "the model center",
                   modelCenterTable());
}

ApiDescriptor deleteModelCenterApi() {
  return sdk::describeApi(kDeleteModelCenter, {"DELETE", "/ai/model-centers/{uuid}", ""}, "", kV518, "删除模型中心",
                          "Deletes a model center with all its models and model services",
                          {pathUuid("uuid", kV518, "模型中心的UUID", "the model center"), sdk::deleteModeParam(kV518)});
}

ApiDescriptor deleteModelServiceApi() {
  return sdk::describeApi(kDeleteModelService, {"DELETE", "/ai/model-services/{uuid}", ""}, "", kV518, "删除模型服务",
                          "Deletes a model service; the models bound to it are unbound",
                          {pathUuid("uuid", kV518, "模型服务的UUID", "the model service"), sdk::deleteModeParam(kV518)});
}

ApiDescriptor updateModelServiceApi() {
  return updateApi(kUpdateModelService, {"PUT", "/ai/model-services/{uuid}", "updateModelService"},
                   kModelServiceResourceType, kV5528, "更新模型服务",
                   "Updates a model service; absent fields stay as they are", "模型服务的UUID", "the model service",
                   modelServiceTable());
}

ApiDescriptor bindModelToServiceApi() {
  return sdk::withAnswer(
      sdk::describeApi(kBindModelToService, {"POST", "/ai/models/{modelUuid}/model-services/{modelServiceUuid}", "param"},
                       "", kV521, "绑定模型到模型服务",
                       "Binds a model to a model service (binding a bound pair changes nothing)", bindingParams()),
      modelServiceTable().inventoryAnswer());
}

ApiDescriptor unbindModelFromServiceApi() {
  return sdk::withAnswer(
      sdk::describeApi(kUnbindModelFromService, {"DELETE", "/ai/models/{modelUuid}/model-services/{modelServiceUuid}", ""},
                       "", kV521, "解绑模型与模型服务",
                       "Unbinds a model from a model service (unbinding an unbound pair changes nothing)",
                       bindingParams()),
      modelServiceTable().inventoryAnswer());
}

std::vector<ApiDescriptor> aiModelApis() {
  return {addModelCenterApi(),   updateModelCenterApi(),  deleteModelCenterApi(),
          addModelServiceApi(),  updateModelServiceApi(), deleteModelServiceApi(),
          addModelApi(),         updateModelApi(),        deleteModelApi(),
          deleteModelsApi(),     bindModelToServiceApi(), unbindModelFromServiceApi()};
}

}  // namespace zstack::ai
