#include "dao/model_dao.h"

#include "dao/sql_values.h"

namespace zstack::ai {
namespace {

constexpr const char* kModelColumns =
    "uuid, name, description, installPath, parameters, modelCenterUuid, logo, vendor, introduction, size, version,"
    " token, type, minGpuMemory, recommendedGpuMemory, extraGpuMemRequest, versionSemver, artifactChecksum,"
    " artifactSizeBytes, architectureType, frameworkVersion, requiredAccelerator, pipelineTag, sampleSize,"
    " recommendedGpuNum, gpuConstraintDescription, modelId, shareMode, defaultModelServiceUuid, createDate,"
    " lastOpDate";

constexpr const char* kRefColumns = "uuid, modelUuid, modelServiceUuid, createDate, lastOpDate";

ModelServiceRefRecord readRef(const soci::row& row) {
  dao::RowReader in(row);
  ModelServiceRefRecord r;
  r.uuid = in.requiredText();
  r.modelUuid = in.requiredText();
  r.modelServiceUuid = in.requiredText();
  r.createDate = in.requiredDate();
  r.lastOpDate = in.requiredDate();
  return r;
}

}  // namespace

void ModelDao::insert(const ModelRecord& r) {
  using dao::NullableUse;
  NullableUse<std::string> description(r.description), parameters(r.parameters), logo(r.logo), vendor(r.vendor),
      introduction(r.introduction), version(r.version), token(r.token), versionSemver(r.versionSemver),
      artifactChecksum(r.artifactChecksum), architectureType(r.architectureType),
      frameworkVersion(r.frameworkVersion), requiredAccelerator(r.requiredAccelerator), pipelineTag(r.pipelineTag),
      recommendedGpuNum(r.recommendedGpuNum), gpuConstraintDescription(r.gpuConstraintDescription),
      modelId(r.modelId), shareMode(r.shareMode), defaultModelServiceUuid(r.defaultModelServiceUuid);
  NullableUse<long long> minGpuMemory(r.minGpuMemory), recommendedGpuMemory(r.recommendedGpuMemory),
      extraGpuMemRequest(r.extraGpuMemRequest), artifactSizeBytes(r.artifactSizeBytes);
  NullableUse<int> sampleSize(r.sampleSize);
  sql_ << "INSERT INTO ModelVO (" << kModelColumns << ") VALUES (:uuid, :name, :description, :installPath,"
          " :parameters, :modelCenterUuid, :logo, :vendor, :introduction, :size, :version, :token, :type,"
          " :minGpuMemory, :recommendedGpuMemory, :extraGpuMemRequest, :versionSemver, :artifactChecksum,"
          " :artifactSizeBytes, :architectureType, :frameworkVersion, :requiredAccelerator, :pipelineTag,"
          " :sampleSize, :recommendedGpuNum, :gpuConstraintDescription, :modelId, :shareMode,"
          " :defaultModelServiceUuid, :createDate, :lastOpDate)",
      soci::use(r.uuid, "uuid"), soci::use(r.name, "name"), dao::use(description, "description"),
      soci::use(r.installPath, "installPath"), dao::use(parameters, "parameters"),
      soci::use(r.modelCenterUuid, "modelCenterUuid"), dao::use(logo, "logo"), dao::use(vendor, "vendor"),
      dao::use(introduction, "introduction"), soci::use(r.size, "size"), dao::use(version, "version"),
      dao::use(token, "token"), soci::use(r.type, "type"), dao::use(minGpuMemory, "minGpuMemory"),
      dao::use(recommendedGpuMemory, "recommendedGpuMemory"), dao::use(extraGpuMemRequest, "extraGpuMemRequest"),
      dao::use(versionSemver, "versionSemver"), dao::use(artifactChecksum, "artifactChecksum"),
      dao::use(artifactSizeBytes, "artifactSizeBytes"), dao::use(architectureType, "architectureType"),
      dao::use(frameworkVersion, "frameworkVersion"), dao::use(requiredAccelerator, "requiredAccelerator"),
      dao::use(pipelineTag, "pipelineTag"), dao::use(sampleSize, "sampleSize"),
      dao::use(recommendedGpuNum, "recommendedGpuNum"), dao::use(gpuConstraintDescription, "gpuConstraintDescription"),
      dao::use(modelId, "modelId"), dao::use(shareMode, "shareMode"),
      dao::use(defaultModelServiceUuid, "defaultModelServiceUuid"), soci::use(r.createDate, "createDate"),
      soci::use(r.lastOpDate, "lastOpDate");
}

std::optional<ModelRecord> ModelDao::find(const std::string& uuid) {
  soci::row row;
  sql_ << "SELECT " << kModelColumns << " FROM ModelVO WHERE uuid = :uuid", soci::use(uuid, "uuid"),
      soci::into(row);
  if (!sql_.got_data()) return std::nullopt;
  dao::RowReader in(row);
  ModelRecord r;
  r.uuid = in.requiredText();
  r.name = in.requiredText();
  r.description = in.text();
  r.installPath = in.requiredText();
  r.parameters = in.text();
  r.modelCenterUuid = in.requiredText();
  r.logo = in.text();
  r.vendor = in.text();
  r.introduction = in.text();
  r.size = in.integer().value_or(0);
  r.version = in.text();
  r.token = in.text();
  r.type = in.requiredText();
  r.minGpuMemory = in.integer();
  r.recommendedGpuMemory = in.integer();
  r.extraGpuMemRequest = in.integer();
  r.versionSemver = in.text();
  r.artifactChecksum = in.text();
  r.artifactSizeBytes = in.integer();
  r.architectureType = in.text();
  r.frameworkVersion = in.text();
  r.requiredAccelerator = in.text();
  r.pipelineTag = in.text();
  if (const OptLong sampleSize = in.integer()) r.sampleSize = static_cast<int>(*sampleSize);
  r.recommendedGpuNum = in.text();
  r.gpuConstraintDescription = in.text();
  r.modelId = in.text();
  r.shareMode = in.text();
  r.defaultModelServiceUuid = in.text();
  r.createDate = in.requiredDate();
  r.lastOpDate = in.requiredDate();
  return r;
}

void ModelDao::insertServiceRef(const ModelServiceRefRecord& r) {
  sql_ << "INSERT INTO ModelServiceRefVO (" << kRefColumns
       << ") VALUES (:uuid, :modelUuid, :modelServiceUuid, :createDate, :lastOpDate)",
      soci::use(r.uuid, "uuid"), soci::use(r.modelUuid, "modelUuid"),
      soci::use(r.modelServiceUuid, "modelServiceUuid"), soci::use(r.createDate, "createDate"),
      soci::use(r.lastOpDate, "lastOpDate");
}

std::vector<ModelServiceRefRecord> ModelDao::serviceRefs(const std::string& modelUuid) {
  std::vector<ModelServiceRefRecord> refs;
  soci::rowset<soci::row> rows = (sql_.prepare << "SELECT " << kRefColumns
                                               << " FROM ModelServiceRefVO WHERE modelUuid = :modelUuid"
                                                  " ORDER BY createDate, modelServiceUuid",
                                  soci::use(modelUuid, "modelUuid"));
  for (const soci::row& row : rows) refs.push_back(readRef(row));
  return refs;
}

std::vector<std::string> ModelDao::familySemvers(const ModelRecord& model) {
  // The family key: the modelId, or the name of models without one.
  const std::string& key = model.modelId ? *model.modelId : model.name;
  const char* match = model.modelId ? " AND modelId = :familyKey" : " AND modelId IS NULL AND name = :familyKey";
  std::vector<std::string> versions;
  soci::rowset<std::string> rows =
      (sql_.prepare << "SELECT versionSemver FROM ModelVO WHERE modelCenterUuid = :modelCenterUuid"
                       " AND versionSemver IS NOT NULL"
                    << match,
       soci::use(model.modelCenterUuid, "modelCenterUuid"), soci::use(key, "familyKey"));
  for (const std::string& version : rows) versions.push_back(version);
  return versions;
}

}  // namespace zstack::ai
