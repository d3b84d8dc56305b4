#include "resources/resource_service.h"

#include <algorithm>

#include <soci/soci.h>

#include "common/log.h"
#include "db/database.h"
#include "zstack/date.h"

namespace zstack {

TransactionResources::TransactionResources(soci::session& sql, const Caller& caller, Env& env,
                                           const tags::RequestTags& tags, const Registry& registry, ApiContext& call)
    : sql_(sql), caller_(caller), env_(env), tags_(tags), registry_(registry), call_(call) {}

bool TransactionResources::exists(const std::string& uuid) {
  int count = 0;
  sql_ << "SELECT COUNT(*) FROM ResourceVO WHERE uuid = :uuid", soci::use(uuid, "uuid"), soci::into(count);
  return count > 0;
}

Status TransactionResources::checkAccess(const std::string& uuid, const std::string& resourceType, Access access,
                                         const std::string& field) {
  int found = 0;
  int owned = 0;
  int shared = 0;
  // One round trip: whether the resource exists as this type, whether the caller owns it,
  // and whether it is shared with the caller's account or with every account.
  sql_ << "SELECT (SELECT COUNT(*) FROM ResourceVO r WHERE r.uuid = :uuid AND r.resourceType = :type),"
          " (SELECT COUNT(*) FROM AccountResourceRefVO a WHERE a.resourceUuid = :ownedUuid AND a.accountUuid = :account),"
          " (SELECT COUNT(*) FROM SharedResourceVO s WHERE s.resourceUuid = :sharedUuid"
          "   AND (s.toPublic = 1 OR s.receiverAccountUuid = :receiver))",
      soci::use(uuid, "uuid"), soci::use(resourceType, "type"), soci::use(uuid, "ownedUuid"),
      soci::use(caller_.accountUuid, "account"), soci::use(uuid, "sharedUuid"),
      soci::use(caller_.accountUuid, "receiver"), soci::into(found), soci::into(owned), soci::into(shared);
  if (found == 0) return resourceNotFound(field + ": no " + resourceType + " " + uuid);
  if (caller_.admin || owned > 0) return Status::OK();
  if (access == Access::Use && shared > 0) return Status::OK();
  return permissionDenied(field + ": account " + caller_.accountUuid + " may not " +
                          (access == Access::Use ? "use " : "change ") + resourceType + " " + uuid);
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
  for (const std::string& tag : tags_.system) {
    if (Status status = insertSystemTag(resourceUuid, resourceType, tag); !status.ok()) return status;
  }
  for (const std::string& tag : tags_.user) {
    if (Status status = insertUserTag(resourceUuid, resourceType, tag, nullptr); !status.ok()) return status;
  }
  return Status::OK();
}

Status TransactionResources::attachTagPatterns(const std::string& resourceUuid, const std::string& resourceType,
                                               const std::vector<std::string>& tagPatternUuids) {
  for (const std::string& patternUuid : tagPatternUuids) {
    if (Status status = checkAccess(patternUuid, "TagPatternVO", Access::Use, "tagUuids"); !status.ok()) {
      return status;
    }
    std::string value;
    sql_ << "SELECT value FROM TagPatternVO WHERE uuid = :uuid", soci::use(patternUuid, "uuid"), soci::into(value);
    if (Status status = insertUserTag(resourceUuid, resourceType, value, &patternUuid); !status.ok()) return status;
  }
  return Status::OK();
}

Status TransactionResources::updateRequestTags(const std::string& resourceUuid, const std::string& resourceType) {
  for (const std::string& tag : tags_.system) {
    // The key is the text before the first "::"; "%" and "_" in it are LIKE wildcards, so
    // compare the prefix exactly instead.
    const std::string prefix = tag.substr(0, tag.find("::")) + "::";
    std::vector<std::string> uuids(64);
    std::vector<std::string> existing(64);
    std::vector<std::string> stale;
    soci::statement st = (sql_.prepare << "SELECT uuid, tag FROM SystemTagVO WHERE resourceUuid = :resource",
                          soci::use(resourceUuid, "resource"), soci::into(uuids), soci::into(existing));
    st.execute();
    while (st.fetch()) {
      for (std::size_t i = 0; i < uuids.size(); ++i) {
        if (existing[i].compare(0, prefix.size(), prefix) == 0) stale.push_back(uuids[i]);
      }
      uuids.resize(64);
      existing.resize(64);
    }
    for (const std::string& uuid : stale) {
      sql_ << "DELETE FROM SystemTagVO WHERE uuid = :uuid", soci::use(uuid, "uuid");
    }
    if (Status status = insertSystemTag(resourceUuid, resourceType, tag); !status.ok()) return status;
  }
  for (const std::string& tag : tags_.user) {
    int present = 0;
    sql_ << "SELECT COUNT(*) FROM UserTagVO WHERE resourceUuid = :resource AND tag = :tag",
        soci::use(resourceUuid, "resource"), soci::use(tag, "tag"), soci::into(present);
    if (present > 0) continue;
    if (Status status = insertUserTag(resourceUuid, resourceType, tag, nullptr); !status.ok()) return status;
  }
  return Status::OK();
}

Status TransactionResources::rename(const std::string& uuid, const std::string& name) {
  sql_ << "UPDATE ResourceVO SET resourceName = :name WHERE uuid = :uuid", soci::use(name, "name"),
      soci::use(uuid, "uuid");
  return Status::OK();
}

Status TransactionResources::remove(const std::string& uuid) {
  if (Status status = runCascades(uuid); !status.ok()) {
    if (cascadeFailure_.ok()) cascadeFailure_ = status;
    return status;
  }
  // Explicit deletes rather than the foreign keys' cascades: the result must not depend on a
  // backend enforcing them.
  for (const char* statement : {"DELETE FROM SystemTagVO WHERE resourceUuid = :uuid",
                                "DELETE FROM UserTagVO WHERE resourceUuid = :uuid",
                                "DELETE FROM SharedResourceVO WHERE resourceUuid = :uuid",
                                "DELETE FROM AccountResourceRefVO WHERE resourceUuid = :uuid",
                                "DELETE FROM ResourceVO WHERE uuid = :uuid"}) {
    sql_ << statement, soci::use(uuid, "uuid");
  }
  return Status::OK();
}

Status TransactionResources::runCascades(const std::string& uuid) {
  std::string type;
  soci::indicator typeIndicator = soci::i_null;
  sql_ << "SELECT resourceType FROM ResourceVO WHERE uuid = :uuid", soci::use(uuid, "uuid"),
      soci::into(type, typeIndicator);
  if (!sql_.got_data() || typeIndicator != soci::i_ok) return Status::OK();
  const std::vector<RegisteredCascade>& cascades = registry_.cascades(type);
  if (cascades.empty()) return Status::OK();
  auto chain = [&] {
    std::string text;
    for (const std::string& outer : removing_) text += outer + " -> ";
    return text + uuid;
  };
  if (std::find(removing_.begin(), removing_.end(), uuid) != removing_.end()) {
    log::throttled(LogLevel::Error, "cascade-guard",
                   "cascades of " + call_.apiName() + " remove " + type + " " + uuid + " again while its cascades run: " + chain());
    return internalError("the cascades of " + call_.apiName() + " remove " + type + " " + uuid +
                         " again while removing it (" + chain() + "), so the call changed nothing");
  }
  if (removing_.size() >= static_cast<std::size_t>(kMaxCascadeDepth)) {
    log::throttled(LogLevel::Error, "cascade-guard",
                   "cascades of " + call_.apiName() + " nest deeper than " + std::to_string(kMaxCascadeDepth) + ": " + chain());
    return internalError("the cascades of " + call_.apiName() + " nest deeper than " +
                         std::to_string(kMaxCascadeDepth) + " removals, so the call changed nothing");
  }
  removing_.push_back(uuid);
  Status result;
  for (const RegisteredCascade& registered : cascades) {
    const CascadeRegistration& cascade = registered.cascade;
    try {
      result = cascade.handler(call_, uuid);
    } catch (const std::exception& e) {
      log::throttled(LogLevel::Error, "cascade-exception",
                     "cascade " + cascade.name + " (" + registered.provider + ") of " + type + " " + uuid + " in " +
                         call_.apiName() + " threw: " + db::describeException(e));
      result = internalError("a step of " + call_.apiName() +
                             " failed, so the call changed nothing; the management node's log has the cause");
    } catch (...) {
      log::throttled(LogLevel::Error, "cascade-exception",
                     "cascade " + cascade.name + " (" + registered.provider + ") of " + type + " " + uuid + " in " +
                         call_.apiName() + " threw a non-standard exception");
      result = internalError("a step of " + call_.apiName() +
                             " failed, so the call changed nothing; the management node's log has the cause");
    }
    if (!result.ok()) break;
  }
  removing_.pop_back();
  return result;
}

Status TransactionResources::insertSystemTag(const std::string& resourceUuid, const std::string& resourceType,
                                             const std::string& tag) {
  const std::tm now = toDbTime(env_.now());
  const std::string uuid = env_.newUuid();
  const std::string system = "System";
  sql_ << "INSERT INTO SystemTagVO (uuid, resourceUuid, resourceType, inherent, type, tag, createDate, lastOpDate)"
          " VALUES (:uuid, :resource, :type, 0, :kind, :tag, :created, :updated)",
      soci::use(uuid, "uuid"), soci::use(resourceUuid, "resource"), soci::use(resourceType, "type"),
      soci::use(system, "kind"), soci::use(tag, "tag"), soci::use(now, "created"), soci::use(now, "updated");
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
