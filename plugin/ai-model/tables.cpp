#include "tables.h"

#include "gpu_num.h"
#include "model_tags.h"
#include "releases.h"

namespace zstack::ai {
namespace {

using nlohmann::json;

Status canonicalGpuNum(const std::string& text, std::string* canonical) {
  const auto counts = parseGpuNumList(text);
  if (!counts) {
    return invalidArgument("recommendedGpuNum [" + text + "] must be comma-separated positive integers, e.g. \"1,2,4\"");
  }
  *canonical = joinGpuNumList(*counts);
  return Status::OK();
}

// The stored "1,2,4" as the list [1, 2, 4]; [] when there is none.
json gpuNumList(const json& stored) {
  json list = json::array();
  if (!stored.is_string()) return list;
  if (const auto counts = parseGpuNumList(stored.get<std::string>())) {
    for (int count : *counts) list.push_back(count);
  }
  return list;
}

}  // namespace

// ModelVO as the sql/ai-model scripts build it: V5.1.8__base.sql, then each release's columns.
const sdk::ResourceTable<ModelRecord>& modelTable() {
  using F = sdk::Field<ModelRecord>;
  using M = ModelRecord;
  static const sdk::ResourceTable<ModelRecord> table(
      "ModelVO", "org.zstack.ai.entity.ModelInventory", kV518,
      {
          F("name", &M::name, kV518).param("资源名称", "resource name").required().nonBlank().max(255).updatable(),
          F("description", &M::description, kV518).param("资源的详细描述", "description").max(2048).updatable(),
          F("installPath", &M::installPath, kV518)
              .param("模型安装路径", "where the model is installed, e.g. 192.168.10.12:/ai/model_center/Qwen_1.5_23B")
              .required().nonBlank().max(2048).updatable(),
          F("parameters", &M::parameters, kV518)
              .param("模型的详细参数", "model parameters (free text, often JSON)").max(kLongTextMax).updatable(),
          // Not uuid-form checked: an unknown value answers SYS.1003, as ZStack does.
          F("modelCenterUuid", &M::modelCenterUuid, kV518)
              .param("模型中心的UUID", "the owning model center").required().max(255).updatable(),
          F("logo", &M::logo, kV518).param("模型Logo, base64编码", "logo, base64").max(kLongTextMax),
          F("vendor", &M::vendor, kV518).param("模型供应商", "vendor, e.g. Alibaba").max(255).updatable(),
          F("introduction", &M::introduction, kV518).param("模型介绍(markdown)", "introduction (markdown)").max(kLongTextMax),
          F("size", &M::size, kV518).param("模型大小", "model size").range(0, std::nullopt).byDefault(0),
          F("version", &M::version, kV518).param("模型版本", "model version, e.g. CustomizeVersion").max(255),
          F("token", &M::token, kV518)
              .param("访问模型源的令牌", "access token for the model source; stored, never returned").max(2048).secret(),
          F("type", &M::type, kV518).byDefault("Custom"),
          F("minGpuMemory", &M::minGpuMemory, kV518)
              .tag("bytes", validateBytesTag, "minimum GPU memory in bytes (integer >= 0)"),
          F("recommendedGpuMemory", &M::recommendedGpuMemory, kV518)
              .tag("bytes", validateBytesTag, "recommended GPU memory in bytes (integer >= 0)"),
          F("extraGpuMemRequest", &M::extraGpuMemRequest, kV518)
              .tag("bytes", validateBytesTag, "extra GPU memory requested in bytes (integer >= 0)"),
          F("versionSemver", &M::versionSemver, kV518)
              .tag("version", validateSemverTag, "the model's Semantic Versioning 2.0.0 version"),
          F("artifactChecksum", &M::artifactChecksum, kV518)
              .tag("checksum", validateChecksumTag, "checksum of the model artifact: sha256:<64 hex> or sha512:<128 hex>"),
          F("artifactSizeBytes", &M::artifactSizeBytes, kV518)
              .tag("bytes", validateBytesTag, "size of the model artifact in bytes (integer >= 0)"),
          F("architectureType", &M::architectureType, kV518)
              .tag("name", validateArchitectureTag, "model architecture, 1-64 of [A-Za-z0-9_.-]"),
          F("frameworkVersion", &M::frameworkVersion, kV518)
              .tag("text", validatePrintableTag, "framework version, 1-64 printable ASCII characters"),
          F("requiredAccelerator", &M::requiredAccelerator, kV518)
              .tag("text", validatePrintableTag, "required accelerator, 1-64 printable ASCII characters"),
          F("pipelineTag", &M::pipelineTag, kV518)
              .tag("tag", validatePipelineTag, "Hugging Face pipeline tag, e.g. text-generation"),
          F("sampleSize", &M::sampleSize, kV518)
              .inventoryKey("SAMPLE_SIZE")
              .tag("n", validateSampleSizeTag, "sample size (integer >= 1), SAMPLE_SIZE"),
          // V5.4.6__gpu_fields.sql
          F("recommendedGpuNum", &M::recommendedGpuNum, kV546)
              .param("推荐GPU数量, 以逗号分隔的正整数, 例如 1,2,4",
                     "recommended GPU counts, comma-separated positive integers, e.g. 1,2,4")
              .max(255).updatable().canonical(canonicalGpuNum).rendered(gpuNumList),
          F("gpuConstraintDescription", &M::gpuConstraintDescription, kV546)
              .param("GPU约束说明", "GPU constraint text").max(2048).updatable(),
          // V5.5.6__model_id.sql
          F("modelId", &M::modelId, kV556)
              .param("模型ID, 例如 Qwen/Qwen1.5-32B", "model id, e.g. Qwen/Qwen1.5-32B").max(255).updatable(),
          // V5.5.12__share_mode.sql
          F("shareMode", &M::shareMode, kV5512)
              .param("共享模式", "sharing mode; absent = owner account only").values({"Public"}).max(32),
          // V5.5.22__default_model_service.sql
          F("defaultModelServiceUuid", &M::defaultModelServiceUuid, kV5522)
              .param("默认模型服务UUID", "default model service; bound to the model as well").max(32).updatable(),
      },
      {
          // Whether the model's versionSemver leads its family (inventory.h).
          {"isLatestVersion", FieldType::Boolean, kV518, {}},
          // The model services bound to the model: its ModelServiceRefVO rows.
          {"modelServiceRefs", FieldType::Text, kV518, modelServiceRefTable().inventoryClass()},
      });
  return table;
}

const sdk::ResourceTable<ModelCenterRecord>& modelCenterTable() {
  using F = sdk::Field<ModelCenterRecord>;
  using C = ModelCenterRecord;
  static const sdk::ResourceTable<ModelCenterRecord> table(
      "ModelCenterVO", "org.zstack.ai.entity.ModelCenterInventory", kV518,
      {
          F("name", &C::name, kV518).param("资源名称", "resource name").required().nonBlank().max(255).updatable(),
          F("description", &C::description, kV518).param("资源的详细描述", "description").max(2048).updatable(),
          F("url", &C::url, kV518).param("模型中心的访问地址", "the model center's URL").required().nonBlank().max(2048).updatable(),
          F("managementIp", &C::managementIp, kV518).param("模型中心的管理IP", "management IP").required().nonBlank().max(255).updatable(),
          F("managementPort", &C::managementPort, kV518).param("模型中心的管理端口", "management port").required().range(1, 65535).updatable(),
          F("parameters", &C::parameters, kV518).param("模型中心的详细参数", "model center parameters").max(kLongTextMax).updatable(),
          // V5.5.28__center_service_fields.sql: references to networks this host does not
          // manage, stored as given.
          F("storageNetworkUuid", &C::storageNetworkUuid, kV5528)
              .param("存储网络UUID", "the storage network (stored as given)").uuid().max(32).updatable(),
          F("serviceNetworkUuid", &C::serviceNetworkUuid, kV5528)
              .param("服务网络UUID", "the service network (stored as given)").uuid().max(32).updatable(),
          F("containerRegistry", &C::containerRegistry, kV5528)
              .param("容器镜像仓库地址", "the container registry, e.g. registry.example.com:5000").max(2048).updatable(),
          F("containerNetwork", &C::containerNetwork, kV5528)
              .param("容器网络", "the container network").max(255).updatable(),
          F("containerStorageNetwork", &C::containerStorageNetwork, kV5528)
              .param("容器存储网络", "the container storage network").max(255).updatable(),
      },
      {
          // What the center's agent reports in ZStack; this host runs none (docs/clients.md).
          {"status", FieldType::Text, kV5528, {}},
          // The space the center's resources take (inventory.h).
          {"capacity", FieldType::Text, kV5528, SchemaClass{"org.zstack.ai.entity.ModelCenterCapacityInventory", {}}},
      });
  return table;
}

const sdk::ResourceTable<ModelServiceRecord>& modelServiceTable() {
  using F = sdk::Field<ModelServiceRecord>;
  using S = ModelServiceRecord;
  static const sdk::ResourceTable<ModelServiceRecord> table(
      "ModelServiceVO", "org.zstack.ai.entity.ModelServiceInventory", kV518,
      {
          F("name", &S::name, kV518).param("资源名称", "resource name").required().nonBlank().max(255).updatable(),
          F("description", &S::description, kV518).param("资源的详细描述", "description").max(2048).updatable(),
          F("yaml", &S::yaml, kV518).param("模型服务的YAML定义", "the service's YAML definition").required().nonBlank().max(kLongTextMax).updatable(),
          F("modelCenterUuid", &S::modelCenterUuid, kV518).param("模型中心的UUID", "the owning model center").required().max(255),
          F("requestCpu", &S::requestCpu, kV518).param("请求的CPU数量", "CPUs requested").required().range(1, std::nullopt).updatable(),
          F("requestMemory", &S::requestMemory, kV518).param("请求的内存大小", "memory requested").required().range(0, std::nullopt).updatable(),
          F("installPath", &S::installPath, kV518).param("模型服务安装路径", "where the service is installed").required().nonBlank().max(2048),
          F("startCommand", &S::startCommand, kV518).param("启动命令", "start command").required().nonBlank().max(2048).updatable(),
          F("type", &S::type, kV518).param("模型服务类型", "service type")
              .values({"Endpoint", "FineTune", "ModelEval", "App"}).max(32).byDefault("Endpoint").updatable(),
          F("framework", &S::framework, kV518).param("模型服务框架", "framework")
              .values({"Other", "Bentoml", "HuggingFace"}).max(32).byDefault("Other").updatable(),
          F("vendor", &S::vendor, kV518).param("供应商", "vendor").max(255),
          // V5.5.28__center_service_fields.sql; the image and zone uuids name subsystems this
          // host does not have, stored as given.
          F("dockerImage", &S::dockerImage, kV5528).param("容器镜像", "the container image").max(2048).updatable(),
          F("vmImageUuid", &S::vmImageUuid, kV5528)
              .param("虚拟机镜像UUID", "the VM image (stored as given)").uuid().max(32).updatable(),
          F("gpuComputeCapability", &S::gpuComputeCapability, kV5528)
              .param("GPU计算能力要求", "the GPU compute capability needed, e.g. 8.0").max(255).updatable(),
          F("system", &S::system, kV5528).param("是否为系统模型服务", "whether the service is a system one")
              .byDefault(false),
          F("pythonVersion", &S::pythonVersion, kV5528).param("Python版本", "Python version").max(64).updatable(),
          F("condaVersion", &S::condaVersion, kV5528).param("Conda版本", "Conda version").max(64),
          F("zoneUuid", &S::zoneUuid, kV5528).param("区域UUID", "the zone (stored as given)").uuid().max(32),
          // The service's image size, which ZStack's agent measures: null here (docs/clients.md).
          F("size", &S::size, kV5528),
      },
      {
          // The models bound to the service: ModelServiceRefVO rows.
          {"modelServiceRefs", FieldType::Text, kV518, modelServiceRefTable().inventoryClass()},
      });
  return table;
}

const sdk::ResourceTable<ModelServiceRefRecord>& modelServiceRefTable() {
  using F = sdk::Field<ModelServiceRefRecord>;
  static const sdk::ResourceTable<ModelServiceRefRecord> table(
      "ModelServiceRefVO", "org.zstack.ai.entity.ModelServiceRefInventory", kV521,
      {
          F("modelUuid", &ModelServiceRefRecord::modelUuid, kV521),
          F("modelServiceUuid", &ModelServiceRefRecord::modelServiceUuid, kV521),
      });
  return table;
}

}  // namespace zstack::ai
