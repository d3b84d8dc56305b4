#include "dao/model_service_dao.h"

#include "dao/sql_values.h"

namespace zstack::ai {

void ModelServiceDao::insert(const ModelServiceRecord& r) {
  dao::NullableUse<std::string> description(r.description);
  dao::NullableUse<std::string> vendor(r.vendor);
  sql_ << "INSERT INTO ModelServiceVO (uuid, name, description, yaml, modelCenterUuid, requestCpu, requestMemory,"
          " installPath, startCommand, type, framework, vendor, createDate, lastOpDate)"
          " VALUES (:uuid, :name, :description, :yaml, :modelCenterUuid, :requestCpu, :requestMemory,"
          " :installPath, :startCommand, :type, :framework, :vendor, :createDate, :lastOpDate)",
      soci::use(r.uuid, "uuid"), soci::use(r.name, "name"), dao::use(description, "description"),
      soci::use(r.yaml, "yaml"), soci::use(r.modelCenterUuid, "modelCenterUuid"),
      soci::use(r.requestCpu, "requestCpu"), soci::use(r.requestMemory, "requestMemory"),
      soci::use(r.installPath, "installPath"), soci::use(r.startCommand, "startCommand"),
      soci::use(r.type, "type"), soci::use(r.framework, "framework"), dao::use(vendor, "vendor"),
      soci::use(r.createDate, "createDate"), soci::use(r.lastOpDate, "lastOpDate");
}

std::optional<ModelServiceRecord> ModelServiceDao::find(const std::string& uuid) {
  std::vector<ModelServiceRecord> found = findMany({uuid});
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

std::vector<ModelServiceRecord> ModelServiceDao::findMany(const std::vector<std::string>& uuids) {
  std::vector<ModelServiceRecord> found;
  dao::forEachRowWithKeyIn(sql_,
                           "SELECT uuid, name, description, yaml, modelCenterUuid, requestCpu, requestMemory,"
                           " installPath, startCommand, type, framework, vendor, createDate, lastOpDate"
                           " FROM ModelServiceVO WHERE uuid IN ",
                           uuids, "", [&](const soci::row& row) {
                             dao::RowReader in(row);
                             ModelServiceRecord& r = found.emplace_back();
                             r.uuid = in.requiredText();
                             r.name = in.requiredText();
                             r.description = in.text();
                             r.yaml = in.requiredText();
                             r.modelCenterUuid = in.requiredText();
                             r.requestCpu = static_cast<int>(in.requiredInteger());
                             r.requestMemory = in.requiredInteger();
                             r.installPath = in.requiredText();
                             r.startCommand = in.requiredText();
                             r.type = in.requiredText();
                             r.framework = in.requiredText();
                             r.vendor = in.text();
                             r.createDate = in.requiredDate();
                             r.lastOpDate = in.requiredDate();
                           });
  return found;
}

std::vector<std::string> ModelServiceDao::uuidsInCenter(const std::string& modelCenterUuid) {
  return dao::uuidsWhere(sql_, "ModelServiceVO", "modelCenterUuid", modelCenterUuid);
}

void ModelServiceDao::remove(const std::string& uuid) {
  sql_ << "DELETE FROM ModelServiceVO WHERE uuid = :uuid", soci::use(uuid, "uuid");
}

}  // namespace zstack::ai
