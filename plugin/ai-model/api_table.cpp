#include "api_table.h"

#include <string>
#include <utility>

#include "model_tags.h"
#include "releases.h"

namespace zstack::ai {
namespace {

// A compact way to spell one ParamSpec.
class Param {
 public:
  Param(std::string name, ParamType type, const Version& since, std::string zh, std::string en) {
    spec_.name = std::move(name);
    spec_.type = type;
    spec_.since = since;
    spec_.descriptionZh = std::move(zh);
    spec_.descriptionEn = std::move(en);
  }
  Param& required() { return spec_.required = true, *this; }
  Param& nonBlank() { return spec_.nonBlank = true, *this; }
  Param& max(std::size_t length) { return spec_.maxLength = length, *this; }
  Param& elementMax(std::size_t length) { return spec_.maxElementLength = length, *this; }
  Param& range(std::optional<long long> min, std::optional<long long> max) {
    spec_.minValue = min;
    spec_.maxValue = max;
    return *this;
  }
  Param& values(std::vector<std::string> valid) { return spec_.validValues = std::move(valid), *this; }
  Param& uuid() { return spec_.uuid = true, *this; }
  Param& secret() { return spec_.secret = true, *this; }
  operator ParamSpec() const { return spec_; }  // NOLINT: reads like a table

 private:
  ParamSpec spec_;
};

Param str(std::string name, const Version& since, std::string zh, std::string en) {
  return Param(std::move(name), ParamType::String, since, std::move(zh), std::move(en));
}

// The ZStack resourceUuid parameter every create API takes.
Param resourceUuidParam() {
  return str("resourceUuid", kV518, "资源UUID", "a caller-chosen uuid for the new resource").max(32).uuid();
}

// Where an API is served: POST and PUT APIs wrap their parameters in parameterName, GET and
// DELETE APIs take them from the query string (no parameterName).
struct Route {
  const char* method;
  const char* path;
  const char* parameterName;
};

// `resourceType`: the type whose system-tag formats check the call's tags; empty when the API
// takes no tags.
ApiDescriptor describe(const char* name, const Route& route, const char* resourceType, const Version& since,
                       std::string zh, std::string en, std::vector<ParamSpec> params) {
  ApiDescriptor api;
  api.name = name;
  api.method = route.method;
  api.path = route.path;
  api.parameterName = route.parameterName;
  api.async = true;
  api.resourceType = resourceType;
  api.since = since;
  api.descriptionZh = std::move(zh);
  api.descriptionEn = std::move(en);
  api.params = std::move(params);
  return api;
}

// A path variable naming the resource an API acts on. Not uuid-form checked: a value that
// names no resource of the expected type answers SYS.1003, as ZStack does.
Param pathUuid(std::string name, const Version& since, std::string zh, std::string en) {
  return str(std::move(name), since, std::move(zh), std::move(en)).required().max(255);
}

// `first`, then the named parameters of `create`'s table made optional: what an update takes.
std::vector<ParamSpec> updateParams(ParamSpec first, const ApiDescriptor& create, std::vector<std::string> names) {
  std::vector<ParamSpec> params = {std::move(first)};
  for (const std::string& name : names) {
    for (const ParamSpec& spec : create.params) {
      if (spec.name != name) continue;
      params.push_back(spec);
      params.back().required = false;
    }
  }
  return params;
}

Param deleteModeParam() {
  return str("deleteMode", kV518, "删除模式: Permissive(默认)或Enforcing, 二者效果相同",
             "Permissive (default) or Enforcing; both delete the same here")
      .values({"Permissive", "Enforcing"})
      .max(32);
}

std::vector<ParamSpec> bindingParams() {
  return {pathUuid("modelUuid", kV521, "模型的UUID", "the model"),
          pathUuid("modelServiceUuid", kV521, "模型服务的UUID", "the model service")};
}

}  // namespace

ApiDescriptor addModelApi() {
  return describe(
      kAddModel, {"POST", "/ai/models", "param"}, kModelResourceType, kV518, "添加模型", "Adds an AI model to a model center",
      {
          str("name", kV518, "资源名称", "resource name").required().nonBlank().max(255),
          str("installPath", kV518, "模型安装路径",
              "where the model is installed, e.g. 192.168.10.12:/ai/model_center/Qwen_1.5_23B")
              .required().nonBlank().max(2048),
          str("description", kV518, "资源的详细描述", "description").max(2048),
          str("parameters", kV518, "模型的详细参数", "model parameters (free text, often JSON)").max(kLongTextMax),
          // Not uuid-form checked: an unknown value answers SYS.1003, as ZStack does.
          str("modelCenterUuid", kV518, "模型中心的UUID", "the owning model center").required().max(255),
          str("logo", kV518, "模型Logo, base64编码", "logo, base64").max(kLongTextMax),
          str("vendor", kV518, "模型供应商", "vendor, e.g. Alibaba").max(255),
          str("introduction", kV518, "模型介绍(markdown)", "introduction (markdown)").max(kLongTextMax),
          Param("size", ParamType::Long, kV518, "模型大小", "model size; default 0").range(0, std::nullopt),
          str("version", kV518, "模型版本", "model version, e.g. CustomizeVersion").max(255),
          str("token", kV518, "访问模型源的令牌", "access token for the model source; stored, never returned")
              .max(2048).secret(),
          resourceUuidParam(),
          Param("tagUuids", ParamType::List, kV518, "标签UUID列表", "tag patterns to attach")
              .max(64).elementMax(32),
          Param("modelServiceUuids", ParamType::List, kV521, "绑定的模型服务UUID列表", "model services to bind")
              .max(64).elementMax(32),
          str("recommendedGpuNum", kV546, "推荐GPU数量, 以逗号分隔的正整数, 例如 1,2,4",
              "recommended GPU counts, comma-separated positive integers, e.g. 1,2,4")
              .max(255),
          str("gpuConstraintDescription", kV546, "GPU约束说明", "GPU constraint text").max(2048),
          str("modelId", kV556, "模型ID, 例如 Qwen/Qwen1.5-32B", "model id, e.g. Qwen/Qwen1.5-32B").max(255),
          str("shareMode", kV5512, "共享模式", "sharing mode; absent = owner account only").values({"Public"}).max(32),
          str("defaultModelServiceUuid", kV5522, "默认模型服务UUID", "default model service; bound to the model as well")
              .max(32),
      });
}

ApiDescriptor addModelCenterApi() {
  return describe(
      kAddModelCenter, {"POST", "/ai/model-centers", "param"}, kModelCenterResourceType, kV518, "添加模型中心", "Adds a model center",
      {
          str("name", kV518, "资源名称", "resource name").required().nonBlank().max(255),
          str("description", kV518, "资源的详细描述", "description").max(2048),
          str("url", kV518, "模型中心的访问地址", "the model center's URL").required().nonBlank().max(2048),
          str("managementIp", kV518, "模型中心的管理IP", "management IP").required().nonBlank().max(255),
          Param("managementPort", ParamType::Integer, kV518, "模型中心的管理端口", "management port")
              .required().range(1, 65535),
          str("parameters", kV518, "模型中心的详细参数", "model center parameters").max(kLongTextMax),
          resourceUuidParam(),
      });
}

ApiDescriptor addModelServiceApi() {
  return describe(
      kAddModelService, {"POST", "/ai/model-services", "param"}, kModelServiceResourceType, kV518, "添加模型服务",
      "Adds a model service template that models can be bound to",
      {
          str("name", kV518, "资源名称", "resource name").required().nonBlank().max(255),
          str("description", kV518, "资源的详细描述", "description").max(2048),
          str("yaml", kV518, "模型服务的YAML定义", "the service's YAML definition").required().nonBlank().max(kLongTextMax),
          str("modelCenterUuid", kV518, "模型中心的UUID", "the owning model center").required().max(255),
          Param("requestCpu", ParamType::Integer, kV518, "请求的CPU数量", "CPUs requested").required().range(1, std::nullopt),
          Param("requestMemory", ParamType::Long, kV518, "请求的内存大小", "memory requested").required().range(0, std::nullopt),
          str("installPath", kV518, "模型服务安装路径", "where the service is installed").required().nonBlank().max(2048),
          str("startCommand", kV518, "启动命令", "start command").required().nonBlank().max(2048),
          str("type", kV518, "模型服务类型, 默认Endpoint", "service type; default Endpoint")
              .values({"Endpoint", "FineTune", "ModelEval", "App"}).max(32),
          str("framework", kV518, "模型服务框架, 默认Other", "framework; default Other")
              .values({"Other", "Bentoml", "HuggingFace"}).max(32),
          str("vendor", kV518, "供应商", "vendor").max(255),
          resourceUuidParam(),
      });
}

ApiDescriptor updateModelApi() {
  return describe(kUpdateModel, {"PUT", "/ai/models/{uuid}/actions", "updateModel"}, kModelResourceType, kV518,
                  "更新模型", "Updates an AI model; absent fields stay as they are",
                  updateParams(pathUuid("uuid", kV518, "模型的UUID", "the model"), addModelApi(),
                               {"name", "installPath", "description", "vendor", "parameters", "modelCenterUuid",
                                "recommendedGpuNum", "gpuConstraintDescription", "modelId",
                                "defaultModelServiceUuid"}));
}

ApiDescriptor deleteModelApi() {
  return describe(kDeleteModel, {"DELETE", "/ai/models/{uuid}", ""}, "", kV518, "删除模型",
                  "Deletes an AI model with its tags and model service bindings",
                  {pathUuid("uuid", kV518, "模型的UUID", "the model"), deleteModeParam()});
}

ApiDescriptor updateModelCenterApi() {
  return describe(kUpdateModelCenter, {"PUT", "/ai/model-centers/{uuid}/actions", "updateModelCenter"},
                  kModelCenterResourceType, kV518, "更新模型中心", "Updates a model center; absent fields stay as they are",
                  updateParams(pathUuid("uuid", kV518, "模型中心的UUID", "the model center"), addModelCenterApi(),
                               {"name", "url", "description", "parameters", "managementIp", "managementPort"}));
}

ApiDescriptor deleteModelCenterApi() {
  return describe(kDeleteModelCenter, {"DELETE", "/ai/model-centers/{uuid}", ""}, "", kV518, "删除模型中心",
                  "Deletes a model center with all its models and model services",
                  {pathUuid("uuid", kV518, "模型中心的UUID", "the model center"), deleteModeParam()});
}

ApiDescriptor deleteModelServiceApi() {
  return describe(kDeleteModelService, {"DELETE", "/ai/model-services/{uuid}", ""}, "", kV518, "删除模型服务",
                  "Deletes a model service; the models bound to it are unbound",
                  {pathUuid("uuid", kV518, "模型服务的UUID", "the model service"), deleteModeParam()});
}

ApiDescriptor bindModelToServiceApi() {
  return describe(kBindModelToService, {"POST", "/ai/models/{modelUuid}/model-services/{modelServiceUuid}", "param"},
                  "", kV521, "绑定模型到模型服务",
                  "Binds a model to a model service (binding a bound pair changes nothing)", bindingParams());
}

ApiDescriptor unbindModelFromServiceApi() {
  return describe(kUnbindModelFromService, {"DELETE", "/ai/models/{modelUuid}/model-services/{modelServiceUuid}", ""},
                  "", kV521, "解绑模型与模型服务",
                  "Unbinds a model from a model service (unbinding an unbound pair changes nothing)", bindingParams());
}

std::vector<ApiDescriptor> aiModelApis() {
  return {addModelCenterApi(), updateModelCenterApi(),   deleteModelCenterApi(),     addModelServiceApi(),
          deleteModelServiceApi(), addModelApi(),        updateModelApi(),           deleteModelApi(),
          bindModelToServiceApi(), unbindModelFromServiceApi()};
}

}  // namespace zstack::ai
