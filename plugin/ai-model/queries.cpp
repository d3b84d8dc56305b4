#include "queries.h"

#include <map>

#include "api_table.h"
#include "dao/model_dao.h"
#include "inventory.h"
#include "model_tags.h"
#include "releases.h"

namespace zstack::ai {
namespace {

using nlohmann::json;

// A field of an inventory: stored in `column`, or (column empty) computed by the loader.
struct FieldSpec {
  const char* name;
  FieldType type;
  const char* column;
  Version since;  // of the inventory key; a stored field takes its column's
};

constexpr FieldType kText = FieldType::Text;
constexpr FieldType kInteger = FieldType::Integer;
constexpr FieldType kTime = FieldType::Timestamp;

// ModelInventory's keys (inventory.cpp); token is not one.
std::vector<FieldSpec> modelFields() {
  return {
      {"uuid", kText, "uuid", {}},
      {"name", kText, "name", {}},
      {"description", kText, "description", {}},
      {"installPath", kText, "installPath", {}},
      {"parameters", kText, "parameters", {}},
      {"modelCenterUuid", kText, "modelCenterUuid", {}},
      {"logo", kText, "logo", {}},
      {"vendor", kText, "vendor", {}},
      {"modelId", kText, "modelId", {}},
      {"introduction", kText, "introduction", {}},
      {"size", kInteger, "size", {}},
      {"version", kText, "version", {}},
      {"type", kText, "type", {}},
      {"minGpuMemory", kInteger, "minGpuMemory", {}},
      {"recommendedGpuMemory", kInteger, "recommendedGpuMemory", {}},
      // A list rendered from the column of the same name.
      {"recommendedGpuNum", kText, "", kV546},
      {"gpuConstraintDescription", kText, "gpuConstraintDescription", {}},
      {"versionSemver", kText, "versionSemver", {}},
      {"isLatestVersion", FieldType::Boolean, "", kV518},
      {"artifactChecksum", kText, "artifactChecksum", {}},
      {"artifactSizeBytes", kInteger, "artifactSizeBytes", {}},
      {"architectureType", kText, "architectureType", {}},
      {"frameworkVersion", kText, "frameworkVersion", {}},
      {"requiredAccelerator", kText, "requiredAccelerator", {}},
      {"pipelineTag", kText, "pipelineTag", {}},
      {"modelServiceRefs", kText, "", kV518},
      {"extraGpuMemRequest", kInteger, "extraGpuMemRequest", {}},
      {"SAMPLE_SIZE", kInteger, "sampleSize", {}},
      {"shareMode", kText, "shareMode", {}},
      {"defaultModelServiceUuid", kText, "defaultModelServiceUuid", {}},
      {"createDate", kTime, "createDate", {}},
      {"lastOpDate", kTime, "lastOpDate", {}},
  };
}

std::vector<FieldSpec> modelCenterFields() {
  return {{"uuid", kText, "uuid", kV518},
          {"name", kText, "name", kV518},
          {"description", kText, "description", kV518},
          {"url", kText, "url", kV518},
          {"managementIp", kText, "managementIp", kV518},
          {"managementPort", kInteger, "managementPort", kV518},
          {"parameters", kText, "parameters", kV518},
          {"createDate", kTime, "createDate", kV518},
          {"lastOpDate", kTime, "lastOpDate", kV518}};
}

std::vector<FieldSpec> modelServiceFields() {
  return {{"uuid", kText, "uuid", kV518},
          {"name", kText, "name", kV518},
          {"description", kText, "description", kV518},
          {"yaml", kText, "yaml", kV518},
          {"modelCenterUuid", kText, "modelCenterUuid", kV518},
          {"requestCpu", kInteger, "requestCpu", kV518},
          {"requestMemory", kInteger, "requestMemory", kV518},
          {"installPath", kText, "installPath", kV518},
          {"startCommand", kText, "startCommand", kV518},
          {"type", kText, "type", kV518},
          {"framework", kText, "framework", kV518},
          {"vendor", kText, "vendor", kV518},
          // The models bound to the service: ModelServiceRefVO rows.
          {"modelServiceRefs", kText, "", kV518},
          {"createDate", kTime, "createDate", kV518},
          {"lastOpDate", kTime, "lastOpDate", kV518}};
}

// The fields of `specs` that release `release` has.
std::vector<QueryField> fieldsAt(const std::vector<FieldSpec>& specs, const Version& release) {
  std::vector<QueryField> fields;
  for (const FieldSpec& spec : specs) {
    if (spec.since <= release) fields.push_back(QueryField{spec.name, spec.type, spec.column, spec.since});
  }
  return fields;
}

// ModelVO's stored fields take the since-version of their column (ModelDao's table).
std::vector<FieldSpec> withModelColumnVersions(std::vector<FieldSpec> specs) {
  std::map<std::string, Version> columnSince;
  for (const ModelColumnSince& column : modelColumnHistory()) columnSince[column.name] = column.since;
  for (FieldSpec& spec : specs) {
    if (*spec.column) spec.since = columnSince.at(spec.column);
  }
  return specs;
}

QueryDescriptor query(const char* name, const char* path, const char* table, const char* resourceType,
                      const char* zh, const char* en) {
  QueryDescriptor q;
  q.name = name;
  q.path = path;
  q.table = table;
  q.resourceType = resourceType;
  q.since = kV518;
  q.descriptionZh = zh;
  q.descriptionEn = en;
  return q;
}

}  // namespace

std::vector<QueryDescriptor> aiModelQueries(const Version& pluginVersion) {
  QueryDescriptor models = query("QueryModel", "/ai/models", "ModelVO", kModelResourceType, "查询模型", "Query models");
  models.fields = fieldsAt(withModelColumnVersions(modelFields()), pluginVersion);
  models.load = [pluginVersion](soci::session& sql, const std::vector<std::string>& uuids, std::vector<json>* out) {
    *out = loadModelInventories(sql, uuids, pluginVersion);
    return Status::OK();
  };

  QueryDescriptor centers = query("QueryModelCenter", "/ai/model-centers", "ModelCenterVO",
                                  kModelCenterResourceType, "查询模型中心", "Query model centers");
  centers.fields = fieldsAt(modelCenterFields(), pluginVersion);
  centers.load = [](soci::session& sql, const std::vector<std::string>& uuids, std::vector<json>* out) {
    *out = loadModelCenterInventories(sql, uuids);
    return Status::OK();
  };

  QueryDescriptor services = query("QueryModelService", "/ai/model-services", "ModelServiceVO",
                                   kModelServiceResourceType, "查询模型服务", "Query model services");
  services.fields = fieldsAt(modelServiceFields(), pluginVersion);
  services.load = [pluginVersion](soci::session& sql, const std::vector<std::string>& uuids,
                                  std::vector<json>* out) {
    *out = loadModelServiceInventories(sql, uuids, pluginVersion);
    return Status::OK();
  };

  std::vector<QueryDescriptor> queries;
  queries.push_back(std::move(models));
  queries.push_back(std::move(centers));
  queries.push_back(std::move(services));
  return queries;
}

}  // namespace zstack::ai
