#include "model_rows.h"

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include <soci/soci.h>

#include "common/env.h"
#include "zstack/date.h"

namespace zstack::testing {
namespace {
constexpr std::size_t kInsertBatch = 1000;
}  // namespace

void insertModels(db::Database& database, const std::string& centerUuid,
                  const std::function<std::string(std::size_t)>& ownerOf, std::size_t count,
                  std::vector<ModelRow>* models) {
  Env& env = Env::system();
  const auto start = std::chrono::system_clock::now();
  for (std::size_t first = 0; first < count; first += kInsertBatch) {
    const std::size_t n = std::min(kInsertBatch, count - first);
    std::vector<std::string> uuids, names, owners, tagUuids, installPaths, centers(n, centerUuid);
    std::vector<std::tm> dates;
    for (std::size_t i = first; i < first + n; ++i) {
      uuids.push_back(env.newUuid());
      tagUuids.push_back(env.newUuid());
      names.push_back("bench-model-" + std::to_string(i));
      installPaths.push_back("192.168.10.12:/ai/model_center/" + names.back());
      owners.push_back(ownerOf(i));
      dates.push_back(toDbTime(start - std::chrono::seconds(count - i)));
      models->push_back(ModelRow{uuids.back(), names.back(), owners.back()});
    }
    Status status = database.write([&](soci::session& sql) {
      sql << "INSERT INTO ResourceVO (uuid, resourceName, resourceType, concreteResourceType)"
             " VALUES (:uuid, :name, 'ModelVO', 'ModelVO')",
          soci::use(uuids, "uuid"), soci::use(names, "name");
      sql << "INSERT INTO AccountResourceRefVO (resourceUuid, accountUuid, ownerAccountUuid, resourceType,"
             " concreteResourceType, type, createDate, lastOpDate)"
             " VALUES (:uuid, :account, :owner, 'ModelVO', 'ModelVO', 'Own', :created, :updated)",
          soci::use(uuids, "uuid"), soci::use(owners, "account"), soci::use(owners, "owner"),
          soci::use(dates, "created"), soci::use(dates, "updated");
      sql << "INSERT INTO ModelVO (uuid, name, description, installPath, parameters, modelCenterUuid, logo, vendor,"
             " introduction, size, version, type, minGpuMemory, versionSemver, createDate, lastOpDate)"
             " VALUES (:uuid, :name, 'This is qwen 1.5 32B ai model', :path, 'temperature=0.7', :center,"
             " 'logo base64 string', 'Alibaba', 'This is a md5 format string', 102400, 'CustomizeVersion',"
             " 'Custom', 1024, '1.0.0', :created, :updated)",
          soci::use(uuids, "uuid"), soci::use(names, "name"), soci::use(installPaths, "path"),
          soci::use(centers, "center"), soci::use(dates, "created"), soci::use(dates, "updated");
      sql << "INSERT INTO SystemTagVO (uuid, resourceUuid, resourceType, inherent, type, tag, createDate, lastOpDate)"
             " VALUES (:uuid, :resource, 'ModelVO', 0, 'System', 'minGpuMemory::1024', :created, :updated)",
          soci::use(tagUuids, "uuid"), soci::use(uuids, "resource"), soci::use(dates, "created"),
          soci::use(dates, "updated");
      return Status::OK();
    });
    if (!status.ok()) throw std::runtime_error("inserting models: " + status.error().details);
  }
}

std::string heavyQueryTarget() {
  std::string target = "/zstack/v1/ai/models?replyWithCount=true&limit=10";
  for (int condition = 0; condition < 64; ++condition) {
    target += "&q=name!?=";
    for (int value = 0; value < 150; ++value) target += (value ? ",v" : "v") + std::to_string(condition * 150 + value);
  }
  return target;
}

}  // namespace zstack::testing
