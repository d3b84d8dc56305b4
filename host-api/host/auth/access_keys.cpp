#include "auth/access_keys.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include <soci/soci.h>

#include "auth/access_key_signature.h"
#include "common/digest.h"
#include "common/log.h"
#include "zstack/sdk/api_builder.h"
#include "zstack/sdk/flows.h"
#include "zstack/sdk/table_dao.h"

namespace zstack::auth {
namespace {

using nlohmann::json;

const Version kAccessKeysSince("5.1.8");

constexpr char kChangeAccessKeyState[] = "ChangeAccessKeyState";
constexpr char kDeleteAccessKey[] = "DeleteAccessKey";
// ctx.data() key holding the key's uuid for the inventory flow.
constexpr char kAccessKeyUuidKey[] = "accessKeyUuid";
constexpr char kIdColumn[] = "AccessKeyID";
constexpr char kSecretColumn[] = "AccessKeySecret";
// What CreateAccessKey generates when the call names no id or secret (ZStack's lengths).
constexpr std::size_t kGeneratedIdLength = 20;
constexpr std::size_t kGeneratedSecretLength = 40;
// The SDK's minLength of both.
constexpr std::size_t kMinGivenLength = 10;

struct AccessKeyRecord : sdk::Row {
  std::string accountUuid;
  std::string userUuid;
  std::optional<std::string> description;
  std::string accessKeyId;
  std::string secret;  // sealed (HostKey::seal) once the create flow has it
  std::string state;
};

const sdk::ResourceTable<AccessKeyRecord>& accessKeyTable() {
  using F = sdk::Field<AccessKeyRecord>;
  using A = AccessKeyRecord;
  static const sdk::ResourceTable<AccessKeyRecord> table(
      "AccessKeyVO", "org.zstack.accessKey.AccessKeyInventory", kAccessKeysSince,
      {
          F("description", &A::description, kAccessKeysSince).param("资源的详细描述", "description").max(2048),
          F("accountUuid", &A::accountUuid, kAccessKeysSince)
              .param("账户UUID", "the account the key acts for: the caller's own (the admin may name any)")
              .required().max(32),
          F("userUuid", &A::userUuid, kAccessKeysSince)
              .param("用户UUID", "the user the key acts for; this node's only user of an account is the account itself")
              .required().max(32),
          F(kIdColumn, &A::accessKeyId, kAccessKeysSince)
              .param("AccessKey ID", "the key's id, 10 to 20 of [A-Za-z0-9_.-]; absent: 20 random [A-Za-z0-9]")
              .max(20),
          F(kSecretColumn, &A::secret, kAccessKeysSince)
              .param("AccessKey Secret", "the key's secret, 10 to 40 characters; absent: 40 random [A-Za-z0-9]. "
                                         "Answered by this call only")
              .max(40).secret(),
          F("state", &A::state, kAccessKeysSince).byDefault("Enabled").holds("org.zstack.accessKey.AccessKeyState"),
      });
  return table;
}

sdk::TableDao<AccessKeyRecord> accessKeyDao(soci::session& sql) { return {sql, accessKeyTable(), kAccessKeysSince}; }

std::optional<json> loadAccessKey(soci::session& sql, const std::string& uuid) { return accessKeyDao(sql).inventory(uuid); }

bool isIdCharacter(unsigned char c) { return std::isalnum(c) || c == '_' || c == '.' || c == '-'; }

// The account named is the caller's, or any existing one for the admin; userUuid is the
// account's; a given id or secret is long enough and the id is free.
class ValidateAccessKeyFlow : public Flow {
 public:
  std::string name() const override { return "ValidateAccessKeyFlow"; }
  Status run(ApiContext& ctx) override {
    const std::string account = sdk::textParam(ctx, "accountUuid").value_or("");
    if (!ctx.caller().admin && account != ctx.caller().accountUuid) {
      return permissionDenied("accountUuid: an account may create access keys for itself only");
    }
    int accounts = 0;
    ctx.sql() << "SELECT COUNT(*) FROM AccountVO WHERE uuid = :uuid", soci::use(account, "uuid"), soci::into(accounts);
    if (accounts == 0) return resourceNotFound("accountUuid: no account " + account);
    if (sdk::textParam(ctx, "userUuid").value_or("") != account) {
      return invalidArgument("userUuid: this node has no users besides the accounts; give the account's uuid, " + account);
    }
    if (const auto id = sdk::textParam(ctx, kIdColumn)) {
      if (id->size() < kMinGivenLength || !std::all_of(id->begin(), id->end(), isIdCharacter)) {
        return invalidArgument("AccessKeyID: must be 10 to 20 of [A-Za-z0-9_.-]");
      }
      int taken = 0;
      ctx.sql() << "SELECT COUNT(*) FROM AccessKeyVO WHERE AccessKeyID = :id", soci::use(*id, "id"), soci::into(taken);
      if (taken > 0) return operationError("AccessKeyID: an access key with this id already exists");
    }
    // The host checked the most characters; the fewest count bytes here, which a UTF-8 text of
    // 10 characters has at least.
    if (const auto secret = sdk::textParam(ctx, kSecretColumn); secret && secret->size() < kMinGivenLength) {
      return invalidArgument("AccessKeySecret: must be 10 to 40 characters");
    }
    return sdk::checkCreateParams(ctx);
  }
};

// Creates the key as a resource owned by its account, its secret sealed; the result is the
// inventory with the secret, the only answer that ever holds it.
class CreateAccessKeyFlow : public Flow {
 public:
  explicit CreateAccessKeyFlow(std::shared_ptr<const HostKey> hostKey) : hostKey_(std::move(hostKey)) {}
  std::string name() const override { return "CreateAccessKeyFlow"; }
  Status run(ApiContext& ctx) override {
    if (!hostKey_) return internalError("this program holds no host key to seal access-key secrets with");
    const sdk::ResourceTable<AccessKeyRecord>& table = accessKeyTable();
    AccessKeyRecord record;
    if (Status s = table.fromCreate(ctx, record); !s.ok()) return s;
    if (record.accessKeyId.empty()) record.accessKeyId = randomAlphanumeric(kGeneratedIdLength);
    const std::string secret = record.secret.empty() ? randomAlphanumeric(kGeneratedSecretLength) : record.secret;
    record.secret = hostKey_->seal(secret, record.accessKeyId);
    record.uuid = sdk::textParam(ctx, sdk::kResourceUuid).value_or(ctx.newUuid());
    if (Status s = ctx.resources().create(record.uuid, record.accessKeyId, kAccessKeyResourceType, ""); !s.ok()) {
      return s;
    }
    // The admin may create a key for another account, which then owns it: it sees, disables and
    // deletes it as its own.
    if (record.accountUuid != ctx.caller().accountUuid) {
      ctx.sql() << "UPDATE AccountResourceRefVO SET accountUuid = :account, ownerAccountUuid = :owner"
                   " WHERE resourceUuid = :uuid",
          soci::use(record.accountUuid, "account"), soci::use(record.accountUuid, "owner"),
          soci::use(record.uuid, "uuid");
    }
    sdk::stampCreated(ctx, record);
    accessKeyDao(ctx.sql()).insert(record);
    if (Status s = ctx.resources().attachRequestTags(record.uuid, kAccessKeyResourceType); !s.ok()) return s;
    if (Status s = ctx.resources().attachTagPatterns(record.uuid, kAccessKeyResourceType,
                                                     sdk::listParam(ctx, sdk::kTagUuids));
        !s.ok()) {
      return s;
    }
    json inventory = table.inventory(record);
    inventory[kSecretColumn] = secret;
    ctx.setResult(json{{"inventory", std::move(inventory)}});
    return Status::OK();
  }

 private:
  std::shared_ptr<const HostKey> hostKey_;
};

class ChangeAccessKeyStateFlow : public Flow {
 public:
  std::string name() const override { return "ChangeAccessKeyStateFlow"; }
  Status run(ApiContext& ctx) override {
    AccessKeyRecord record;
    record.uuid = sdk::textParam(ctx, "uuid").value_or("");
    record.state = sdk::textParam(ctx, "stateEvent").value_or("") == "enable" ? "Enabled" : "Disabled";
    record.lastOpDate = toDbTime(ctx.now());
    accessKeyDao(ctx.sql()).update(record, {"state"});
    ctx.data()[kAccessKeyUuidKey] = record.uuid;
    return Status::OK();
  }
};

class DeleteAccessKeyFlow : public Flow {
 public:
  std::string name() const override { return "DeleteAccessKeyFlow"; }
  Status run(ApiContext& ctx) override {
    sdk::TableDao<AccessKeyRecord> keys = accessKeyDao(ctx.sql());
    if (Status s = sdk::removeResource(ctx, keys, sdk::textParam(ctx, "uuid").value_or("")); !s.ok()) return s;
    ctx.setResult(json::object());
    return Status::OK();
  }
};

std::vector<ApiDescriptor> accessKeyApis() {
  const auto uuid = [] { return sdk::pathUuid("uuid", kAccessKeysSince, "AccessKey的UUID", "the access key"); };
  const sdk::ResourceTable<AccessKeyRecord>& table = accessKeyTable();
  return {
      sdk::withAnswer(sdk::describeCreateApi(kCreateAccessKey, {"POST", "/accesskeys", "params"}, kAccessKeyResourceType,
                                             kAccessKeysSince, "创建AccessKey",
                                             "Creates an access key; the answer is the only one that holds its secret",
                                             table.createParams()),
                      table.inventoryAnswer()),
      sdk::withAnswer(
          sdk::describeApi(kChangeAccessKeyState, {"PUT", "/accesskeys/{uuid}/actions", "changeAccessKeyState"}, "",
                           kAccessKeysSince, "改变AccessKey的状态", "Enables or disables an access key",
                           {uuid(), sdk::text("stateEvent", kAccessKeysSince, "状态事件", "enable or disable the key")
                                        .required().max(16).values({"enable", "disable"})}),
          table.inventoryAnswer()),
      sdk::describeApi(kDeleteAccessKey, {"DELETE", "/accesskeys/{uuid}", ""}, "", kAccessKeysSince, "删除AccessKey",
                       "Deletes an access key; requests signed with it are refused from then on",
                       {uuid(), sdk::deleteModeParam(kAccessKeysSince)}),
  };
}

QueryDescriptor accessKeyQuery() {
  QueryDescriptor query = accessKeyTable().query("QueryAccessKey", "/accesskeys", kAccessKeyResourceType, kAccessKeysSince,
                                                 "查询AccessKey", "Query access keys (never their secrets)", kAccessKeysSince);
  query.load = [](soci::session& sql, const std::vector<std::string>& uuids, std::vector<json>* out) {
    *out = accessKeyDao(sql).inventories(uuids);
    return Status::OK();
  };
  return query;
}

std::vector<FlowRegistration> accessKeyFlows(std::shared_ptr<const HostKey> hostKey) {
  const auto change = std::make_shared<sdk::CheckAccessFlow>("uuid", kAccessKeyResourceType, Access::Change);
  return {
      {kCreateAccessKey, sdk::kValidateOrder, std::make_shared<ValidateAccessKeyFlow>()},
      {kCreateAccessKey, sdk::kPersistOrder, std::make_shared<CreateAccessKeyFlow>(std::move(hostKey))},
      {kChangeAccessKeyState, sdk::kValidateOrder, change},
      {kChangeAccessKeyState, sdk::kPersistOrder, std::make_shared<ChangeAccessKeyStateFlow>()},
      {kChangeAccessKeyState, sdk::kInventoryOrder,
       std::make_shared<sdk::InventoryFlow>("AccessKeyInventoryFlow", kAccessKeyUuidKey, loadAccessKey)},
      {kDeleteAccessKey, sdk::kValidateOrder, change},
      {kDeleteAccessKey, sdk::kPersistOrder, std::make_shared<DeleteAccessKeyFlow>()},
  };
}

Status invalidKey() {
  return makeError(codes::kInvalidSession, "the access key does not exist, is disabled, or the signature is wrong");
}

}  // namespace

Status registerAccessKeyApis(Registry& registry, std::shared_ptr<const HostKey> hostKey) {
  for (ApiDescriptor& api : accessKeyApis()) {
    if (Status s = registry.addApi(std::move(api), "host"); !s.ok()) return s;
  }
  if (Status s = registry.addQuery(accessKeyQuery(), "host"); !s.ok()) return s;
  for (FlowRegistration& flow : accessKeyFlows(std::move(hostKey))) {
    if (Status s = registry.addFlow(std::move(flow)); !s.ok()) return s;
  }
  return Status::OK();
}

AccessKeyAuthenticator::AccessKeyAuthenticator(db::Database& database, Env& env, std::shared_ptr<const HostKey> hostKey,
                                               AccessKeyOptions options)
    : database_(database), env_(env), hostKey_(std::move(hostKey)), options_(options) {}

Status AccessKeyAuthenticator::authenticate(const SignedRequest& request, Caller* caller, std::string* accessKeyUuid) {
  std::string id;
  std::string signature;
  if (Status s = parseAccessKeyCredential(request.credential, &id, &signature); !s.ok()) return s;
  if (!request.date) return invalidArgument("'Date' must be included in request header");
  std::chrono::system_clock::time_point date;
  if (Status s = parseRequestDate(*request.date, &date); !s.ok()) return s;
  const auto skew = date - env_.now();
  if (skew > options_.maxClockSkew || -skew > options_.maxClockSkew) {
    return invalidArgument("requestTimeTooSkewed: the 'Date' header is more than " +
                           std::to_string(options_.maxClockSkew.count()) + " s from this node's clock");
  }

  std::string sealed, state, type;
  Caller found;
  bool exists = false;
  Status status = database_.read([&](soci::session& sql) {
    sql << "SELECT k.uuid, k.accountUuid, k.userUuid, k.AccessKeySecret, k.state, a.type FROM AccessKeyVO k"
           " JOIN AccountVO a ON a.uuid = k.accountUuid WHERE k.AccessKeyID = :id",
        soci::use(id, "id"), soci::into(*accessKeyUuid), soci::into(found.accountUuid), soci::into(found.userUuid),
        soci::into(sealed), soci::into(state), soci::into(type);
    exists = sql.got_data();
    return Status::OK();
  });
  if (!status.ok()) return status;
  const std::string keyName = "access key " + log::quote(id, kMaxAccessKeyIdLength);
  if (!exists || state != "Enabled") {
    log::throttled(LogLevel::Warn, "access-key-refused", "refused a request signed with " + keyName +
                                                              (exists ? ", which is disabled" : ", which does not exist"));
    return invalidKey();
  }
  std::string secret;
  if (Status s = hostKey_ ? hostKey_->open(sealed, id, &secret) : internalError("no host key"); !s.ok()) {
    log::throttled(LogLevel::Error, "access-key-unsealed",
                   "cannot open the secret of " + keyName + " with this node's host key (host.accessKeys.keyFile):"
                   " is it the file the other nodes of this database use?");
    return s;
  }
  const std::string expected =
      accessKeySignature(secret, accessKeyStringToSign(request.method, *request.date, request.path));
  if (!constantTimeEquals(expected, signature)) {
    log::throttled(LogLevel::Warn, "access-key-refused", "refused a request signed with " + keyName + ": wrong signature");
    return invalidKey();
  }
  found.admin = type == "SystemAdmin";
  *caller = std::move(found);
  return Status::OK();
}

}  // namespace zstack::auth
