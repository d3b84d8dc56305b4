// What a flow sees of one API call: its validated parameters, the caller, and the database
// transaction the whole call commits in.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "zstack/api.h"
#include "zstack/error.h"
#include "zstack/version.h"

namespace soci {
class session;
}

namespace zstack {

// The account an API call acts for.
struct Caller {
  std::string accountUuid;
  std::string userUuid;
  std::string sessionUuid;
  bool admin = false;
};

enum class SqlDialect { SQLite, PostgreSQL, MySQL };

// What a caller wants to do with a resource. Use: read it or refer to it (the owner, the
// admin, and accounts it is shared with or, shared publicly, every account). Change: update
// or delete it, or change what it is bound to (the owner and the admin only).
enum class Access { Use, Change };

// Host services bound to the API's transaction: ownership and tags, ZStack's
// ResourceVO / AccountResourceRefVO / SystemTagVO / UserTagVO bookkeeping.
class ResourceService {
 public:
  virtual ~ResourceService() = default;
  // Whether any resource of any type already has this uuid.
  virtual bool exists(const std::string& uuid) = 0;
  // OK when `uuid` is a resource of `resourceType` the caller has `access` to. SYS.1003
  // "<field>: no <resourceType> <uuid>" when there is no such resource; ID.1002 naming the
  // field and uuid when it exists but the caller may not use (or change) it.
  virtual Status checkAccess(const std::string& uuid, const std::string& resourceType, Access access,
                             const std::string& field) = 0;
  // Records a new resource (ResourceVO) owned by the caller's account (AccountResourceRefVO).
  // shareMode "Public" makes it visible to every account. SYS.1006 if the uuid is taken.
  virtual Status create(const std::string& uuid, const std::string& name,
                        const std::string& resourceType, const std::string& shareMode) = 0;
  // Stores the call's systemTags (ephemeral:: ones excepted) and userTags on the resource.
  virtual Status attachRequestTags(const std::string& resourceUuid,
                                   const std::string& resourceType) = 0;
  // For an update: stores the call's tags on an existing resource. A system tag replaces the
  // resource's system tags of the same key (the text before its first "::"); a user tag the
  // resource already has is not added twice.
  virtual Status updateRequestTags(const std::string& resourceUuid,
                                   const std::string& resourceType) = 0;
  // Keeps ResourceVO's name in step with a renamed resource.
  virtual Status rename(const std::string& uuid, const std::string& name) = 0;
  // For a delete: removes everything the host keeps of the resource (system and user tags,
  // sharing, ownership, the ResourceVO row). The plugin deletes its own rows. First runs the
  // cascades other plugins registered for the resource's type (cascade.h); an error from one
  // is the answer, and fails the call whatever the caller does with it.
  virtual Status remove(const std::string& uuid) = 0;
  // Attaches tag patterns (TagPatternVO uuids) as user tags linked to the pattern.
  // SYS.1003 naming the uuid if one does not exist or is not visible to the caller.
  virtual Status attachTagPatterns(const std::string& resourceUuid,
                                   const std::string& resourceType,
                                   const std::vector<std::string>& tagPatternUuids) = 0;
};

class ApiContext {
 public:
  virtual ~ApiContext() = default;

  virtual const std::string& apiName() const = 0;
  // The descriptor of the API being called (its parameter table among it).
  virtual const ApiDescriptor& api() const = 0;
  // The host's API version.
  virtual const Version& apiVersion() const = 0;
  // The validated parameter object: every key is a declared parameter of the API's table.
  virtual const nlohmann::json& params() const = 0;
  virtual const std::vector<std::string>& systemTags() const = 0;
  virtual const std::vector<std::string>& userTags() const = 0;
  virtual const Caller& caller() const = 0;

  // The transaction of this call: everything written through it commits with the job's
  // result, or not at all.
  virtual soci::session& sql() = 0;
  virtual SqlDialect dialect() const = 0;
  virtual ResourceService& resources() = 0;

  // Scratch data the flows of one chain hand each other (ZStack's flow data map).
  virtual nlohmann::json& data() = 0;

  // The call's result object, e.g. {"inventory": {...}}. Secret fields must not be in it.
  virtual void setResult(nlohmann::json result) = 0;

  // Env seams: the host's clock and uuid source, replaceable in tests.
  virtual std::string newUuid() = 0;
  virtual std::chrono::system_clock::time_point now() = 0;
};

}  // namespace zstack
