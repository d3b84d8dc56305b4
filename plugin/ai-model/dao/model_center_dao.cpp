#include "dao/model_center_dao.h"

#include "dao/sql_values.h"

namespace zstack::ai {

void ModelCenterDao::insert(const ModelCenterRecord& r) {
  dao::NullableUse<std::string> description(r.description);
  dao::NullableUse<std::string> parameters(r.parameters);
  sql_ << "INSERT INTO ModelCenterVO (uuid, name, description, url, managementIp, managementPort, parameters,"
          " createDate, lastOpDate) VALUES (:uuid, :name, :description, :url, :managementIp, :managementPort,"
          " :parameters, :createDate, :lastOpDate)",
      soci::use(r.uuid, "uuid"), soci::use(r.name, "name"), dao::use(description, "description"),
      soci::use(r.url, "url"), soci::use(r.managementIp, "managementIp"),
      soci::use(r.managementPort, "managementPort"), dao::use(parameters, "parameters"),
      soci::use(r.createDate, "createDate"), soci::use(r.lastOpDate, "lastOpDate");
}

std::optional<ModelCenterRecord> ModelCenterDao::find(const std::string& uuid) {
  std::vector<ModelCenterRecord> found = findMany({uuid});
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

std::vector<ModelCenterRecord> ModelCenterDao::findMany(const std::vector<std::string>& uuids) {
  std::vector<ModelCenterRecord> found;
  dao::forEachRowWithKeyIn(sql_,
                           "SELECT uuid, name, description, url, managementIp, managementPort, parameters, createDate,"
                           " lastOpDate FROM ModelCenterVO WHERE uuid IN ",
                           uuids, "", [&](const soci::row& row) {
                             dao::RowReader in(row);
                             ModelCenterRecord& r = found.emplace_back();
                             r.uuid = in.requiredText();
                             r.name = in.requiredText();
                             r.description = in.text();
                             r.url = in.requiredText();
                             r.managementIp = in.requiredText();
                             r.managementPort = static_cast<int>(in.requiredInteger());
                             r.parameters = in.text();
                             r.createDate = in.requiredDate();
                             r.lastOpDate = in.requiredDate();
                           });
  return found;
}

void ModelCenterDao::update(const ModelCenterChanges& c) {
  dao::NullableUse<std::string> name(c.name);
  dao::NullableUse<std::string> description(c.description);
  dao::NullableUse<std::string> url(c.url);
  dao::NullableUse<std::string> managementIp(c.managementIp);
  dao::NullableUse<int> managementPort(c.managementPort);
  dao::NullableUse<std::string> parameters(c.parameters);
  // COALESCE keeps a column whose new value is NULL (not given).
  sql_ << "UPDATE ModelCenterVO SET name = COALESCE(:name, name), description = COALESCE(:description, description),"
          " url = COALESCE(:url, url), managementIp = COALESCE(:managementIp, managementIp),"
          " managementPort = COALESCE(:managementPort, managementPort),"
          " parameters = COALESCE(:parameters, parameters), lastOpDate = :lastOpDate WHERE uuid = :uuid",
      dao::use(name, "name"), dao::use(description, "description"), dao::use(url, "url"),
      dao::use(managementIp, "managementIp"), dao::use(managementPort, "managementPort"),
      dao::use(parameters, "parameters"), soci::use(c.lastOpDate, "lastOpDate"), soci::use(c.uuid, "uuid");
}

void ModelCenterDao::remove(const std::string& uuid) {
  sql_ << "DELETE FROM ModelCenterVO WHERE uuid = :uuid", soci::use(uuid, "uuid");
}

}  // namespace zstack::ai
