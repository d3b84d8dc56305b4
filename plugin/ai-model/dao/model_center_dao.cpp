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

namespace {

ModelCenterRecord readCenter(const soci::row& row) {
  dao::RowReader in(row);
  ModelCenterRecord r;
  r.uuid = in.requiredText();
  r.name = in.requiredText();
  r.description = in.text();
  r.url = in.requiredText();
  r.managementIp = in.requiredText();
  r.managementPort = static_cast<int>(in.requiredInteger());
  r.parameters = in.text();
  r.createDate = in.requiredDate();
  r.lastOpDate = in.requiredDate();
  return r;
}

}  // namespace

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
                           uuids, "", [&](const soci::row& row) { found.push_back(readCenter(row)); });
  return found;
}

}  // namespace zstack::ai
