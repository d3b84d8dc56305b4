#include "resources/resource_service.h"

#include <soci/soci.h>

#include "zstack/date.h"

namespace zstack {

TransactionResources::TransactionResources(soci::session& sql, const Caller& caller, Env& env,
                                           const tags::RequestTags& tags)
    : sql_(sql), caller_(caller), env_(env), tags_(tags) {}

bool TransactionResources::exists(const std::string& uuid) {
  int count = 0;
  sql_ << "SELECT COUNT(*) FROM ResourceVO WHERE uuid = :uuid", soci::use(uuid, "uuid"), soci::into(count);
  return count > 0;
}

bool TransactionResources::visible(const std::string& uuid, const std::string& resourceType) {
  int count = 0;
  const int admin = caller_.admin ? 1 : 0;
  // Owned by the caller, shared with it or with everyone, or the caller is the admin.
  sql_ << "SELECT COUNT(*) FROM ResourceVO r WHERE r.uuid = :uuid AND r.resourceType = :type AND ("
          " :admin = 1"
          " OR EXISTS (SELECT 1 FROM AccountResourceRefVO a WHERE a.resourceUuid = r.uuid AND a.accountUuid = :account)"
          " OR EXISTS (SELECT 1 FROM SharedResourceVO s WHERE s.resourceUuid = r.uuid"
          "            AND (s.toPublic = 1 OR s.receiverAccountUuid = :receiver)))",
      soci::use(uuid, "uuid"), soci::use(resourceType, "type"), soci::use(admin, "admin"),
      soci::use(caller_.accountUuid, "account"), soci::use(caller_.accountUuid, "receiver"), soci::into(count);
  return count > 0;
}

Status TransactionResources::create(const std::string& uuid, const std::string& name,
                                    const std::string& resourceType, const std::string& shareMode) {
  auto inUse = [&] { return operationError("resourceUuid " + uuid + " is already in use"); };
  if (exists(uuid)) return inUse();
  const std::tm now = toDbTime(env_.now());
  const std::string own = "Own";
  try {
    sql_ << "INSERT INTO ResourceVO (uuid, resourceName, resourceType, concreteResourceType)"
            " VALUES (:uuid, :name, :type, :concreteType)",
        soci::use(uuid, "uuid"), soci::use(name, "name"), soci::use(resourceType, "type"),
        soci::use(resourceType, "concreteType");
  } catch (const soci::soci_error& e) {
    // Another management node created the same uuid after the check above (PostgreSQL and
    // MariaDB make this insert wait for that node's commit, then refuse it).
    if (e.get_error_category() == soci::soci_error::constraint_violation) return inUse();
    // SOCI's MySQL backend leaves the category unknown; there a failed statement leaves the
    // transaction usable, so look again.
    if (sql_.get_backend_name() == "mysql" && exists(uuid)) return inUse();
    throw;
  }
  sql_ << "INSERT INTO AccountResourceRefVO (resourceUuid, accountUuid, ownerAccountUuid, resourceType,"
          " concreteResourceType, type, createDate, lastOpDate)"
          " VALUES (:uuid, :account, :owner, :type, :concreteType, :own, :created, :updated)",
      soci::use(uuid, "uuid"), soci::use(caller_.accountUuid, "account"), soci::use(caller_.accountUuid, "owner"),
      soci::use(resourceType, "type"), soci::use(resourceType, "concreteType"), soci::use(own, "own"),
      soci::use(now, "created"), soci::use(now, "updated");
  if (shareMode == "Public") {
    sql_ << "INSERT INTO SharedResourceVO (resourceUuid, ownerAccountUuid, receiverAccountUuid, resourceType,"
            " toPublic, permission, createDate, lastOpDate)"
            " VALUES (:uuid, :account, NULL, :type, 1, 1, :created, :updated)",
        soci::use(uuid, "uuid"), soci::use(caller_.accountUuid, "account"), soci::use(resourceType, "type"),
        soci::use(now, "created"), soci::use(now, "updated");
  }
  return Status::OK();
}

Status TransactionResources::attachRequestTags(const std::string& resourceUuid, const std::string& resourceType) {
  const std::tm now = toDbTime(env_.now());
  const std::string system = "System";
  for (const std::string& tag : tags_.system) {
    const std::string uuid = env_.newUuid();
    sql_ << "INSERT INTO SystemTagVO (uuid, resourceUuid, resourceType, inherent, type, tag, createDate, lastOpDate)"
            " VALUES (:uuid, :resource, :type, 0, :kind, :tag, :created, :updated)",
        soci::use(uuid, "uuid"), soci::use(resourceUuid, "resource"), soci::use(resourceType, "type"),
        soci::use(system, "kind"), soci::use(tag, "tag"), soci::use(now, "created"), soci::use(now, "updated");
  }
  for (const std::string& tag : tags_.user) {
    if (Status status = insertUserTag(resourceUuid, resourceType, tag, nullptr); !status.ok()) return status;
  }
  return Status::OK();
}

Status TransactionResources::attachTagPatterns(const std::string& resourceUuid, const std::string& resourceType,
                                               const std::vector<std::string>& tagPatternUuids) {
  for (const std::string& patternUuid : tagPatternUuids) {
    if (!visible(patternUuid, "TagPatternVO")) {
      return resourceNotFound("tagUuids: no tag " + patternUuid);
    }
    std::string value;
    sql_ << "SELECT value FROM TagPatternVO WHERE uuid = :uuid", soci::use(patternUuid, "uuid"), soci::into(value);
    if (Status status = insertUserTag(resourceUuid, resourceType, value, &patternUuid); !status.ok()) return status;
  }
  return Status::OK();
}

Status TransactionResources::insertUserTag(const std::string& resourceUuid, const std::string& resourceType,
                                           const std::string& tag, const std::string* tagPatternUuid) {
  const std::tm now = toDbTime(env_.now());
  const std::string uuid = env_.newUuid();
  const std::string simple = "Simple";
  const std::string pattern = tagPatternUuid ? *tagPatternUuid : std::string();
  soci::indicator patternIndicator = tagPatternUuid ? soci::i_ok : soci::i_null;
  sql_ << "INSERT INTO UserTagVO (uuid, resourceUuid, resourceType, type, tag, tagPatternUuid, createDate, lastOpDate)"
          " VALUES (:uuid, :resource, :type, :kind, :tag, :pattern, :created, :updated)",
      soci::use(uuid, "uuid"), soci::use(resourceUuid, "resource"), soci::use(resourceType, "type"),
      soci::use(simple, "kind"), soci::use(tag, "tag"), soci::use(pattern, patternIndicator, "pattern"),
      soci::use(now, "created"), soci::use(now, "updated");
  return Status::OK();
}

}  // namespace zstack
