// The host's account APIs: CreateAccount (admin only), and ShareResource /
// RevokeResourceSharing (the owner or the admin), ZStack's SharedResourceVO rows that the
// visibility rule of every query and reference check reads.
#include "auth/account_apis.h"

#include <optional>

#include <soci/soci.h>

#include "auth/access_keys.h"
#include "zstack/date.h"
#include "zstack/sdk/api_builder.h"
#include "zstack/sdk/flows.h"

namespace zstack::auth {
namespace {

using nlohmann::json;

const Version kSince("5.1.8");

using sdk::Param;

Param uuidList(const char* name, const char* zh, const char* en) {
  return Param(name, ParamType::List, kSince, zh, en).max(256).elementMax(32);
}

ApiDescriptor createAccountApi() {
  return sdk::withAnswer(
      sdk::describeCreateApi(
          "CreateAccount", {"POST", "/accounts", "params"}, kAccountResourceType, kSince, "创建账户",
          "Creates an account (admin only)",
          {sdk::text("name", kSince, "账户名称", "account name").required().nonBlank().max(255),
           sdk::text("password", kSince, "密码(SHA-512十六进制)",
                     "password: the hex SHA-512 of the password, as LogInByAccount sends it")
               .required().nonBlank().max(255).secret(),
           sdk::text("type", kSince, "账户类型", "account type").max(32).values({"SystemAdmin", "Normal"}).byDefault("Normal"),
           sdk::text("description", kSince, "资源的详细描述", "description").max(2048)}),
      {{"inventory", SchemaClass{"org.zstack.header.identity.AccountInventory", {}}}});
}

json accountInventory(soci::session& sql, const std::string& uuid) {
  std::string name, type, state, description;
  std::tm created{}, updated{};
  soci::indicator descriptionSet = soci::i_null;
  sql << "SELECT name, type, state, description, createDate, lastOpDate FROM AccountVO WHERE uuid = :uuid",
      soci::use(uuid, "uuid"), soci::into(name), soci::into(type), soci::into(state),
      soci::into(description, descriptionSet), soci::into(created), soci::into(updated);
  return json{{"uuid", uuid},
              {"name", name},
              {"type", type},
              {"state", state},
              {"description", descriptionSet == soci::i_ok ? json(description) : json()},
              {"createDate", formatZStackDate(fromDbTime(created))},
              {"lastOpDate", formatZStackDate(fromDbTime(updated))}};
}

class CreateAccountFlow : public Flow {
 public:
  std::string name() const override { return "CreateAccountFlow"; }

  Status run(ApiContext& ctx) override {
    if (!ctx.caller().admin) return permissionDenied("only the admin may create accounts");
    const std::string name = sdk::textParam(ctx, "name").value_or("");
    int taken = 0;
    ctx.sql() << "SELECT COUNT(*) FROM AccountVO WHERE name = :name", soci::use(name, "name"), soci::into(taken);
    if (taken > 0) return invalidArgument("name: an account called " + name + " already exists");
    const std::string uuid = sdk::textParam(ctx, sdk::kResourceUuid).value_or(ctx.newUuid());
    // The admin account predates ResourceVO bookkeeping, so create() alone would not see it.
    int uuidTaken = 0;
    ctx.sql() << "SELECT COUNT(*) FROM AccountVO WHERE uuid = :uuid", soci::use(uuid, "uuid"), soci::into(uuidTaken);
    if (uuidTaken > 0) return operationError("resourceUuid " + uuid + " is already in use");
    if (Status status = sdk::checkCreateParams(ctx); !status.ok()) return status;
    if (Status status = ctx.resources().create(uuid, name, kAccountResourceType, ""); !status.ok()) return status;
    const std::string password = sdk::textParam(ctx, "password").value_or("");
    const std::string type = sdk::textParam(ctx, "type").value_or("Normal");
    const std::optional<std::string> given = sdk::textParam(ctx, "description");
    const std::string description = given.value_or("");
    soci::indicator descriptionSet = given ? soci::i_ok : soci::i_null;
    const std::string enabled = "Enabled";
    const std::tm now = toDbTime(ctx.now());
    ctx.sql() << "INSERT INTO AccountVO (uuid, name, password, type, state, description, createDate, lastOpDate)"
                 " VALUES (:uuid, :name, :password, :type, :state, :description, :created, :updated)",
        soci::use(uuid, "uuid"), soci::use(name, "name"), soci::use(password, "password"), soci::use(type, "type"),
        soci::use(enabled, "state"), soci::use(description, descriptionSet, "description"),
        soci::use(now, "created"), soci::use(now, "updated");
    if (Status status = ctx.resources().attachRequestTags(uuid, kAccountResourceType); !status.ok()) return status;
    if (Status status = ctx.resources().attachTagPatterns(uuid, kAccountResourceType, sdk::listParam(ctx, sdk::kTagUuids));
        !status.ok()) {
      return status;
    }
    ctx.setResult(json{{"inventory", accountInventory(ctx.sql(), uuid)}});
    return Status::OK();
  }
};

// Checks that the caller may change each resource (the owner or the admin) and that each
// receiving account exists.
Status checkSharing(ApiContext& ctx, const std::vector<std::string>& resources,
                    const std::vector<std::string>& accounts) {
  for (const std::string& uuid : resources) {
    std::string type;
    ctx.sql() << "SELECT resourceType FROM ResourceVO WHERE uuid = :uuid", soci::use(uuid, "uuid"), soci::into(type);
    if (!ctx.sql().got_data()) return resourceNotFound("resourceUuids: no resource " + uuid);
    // A key is its account's alone: shared, another account would see it in its queries.
    if (type == kAccessKeyResourceType) return invalidArgument("resourceUuids: access key " + uuid + " cannot be shared");
    if (Status status = ctx.resources().checkAccess(uuid, type, Access::Change, "resourceUuids"); !status.ok()) {
      return status;
    }
  }
  for (const std::string& account : accounts) {
    int count = 0;
    ctx.sql() << "SELECT COUNT(*) FROM AccountVO WHERE uuid = :uuid", soci::use(account, "uuid"), soci::into(count);
    if (count == 0) return resourceNotFound("accountUuids: no account " + account);
  }
  return Status::OK();
}

class ShareResourceFlow : public Flow {
 public:
  std::string name() const override { return "ShareResourceFlow"; }

  Status run(ApiContext& ctx) override {
    const std::vector<std::string> resources = sdk::listParam(ctx, "resourceUuids");
    const std::vector<std::string> accounts = sdk::listParam(ctx, "accountUuids");
    const bool toPublic = sdk::flagParam(ctx, "toPublic");
    if (!toPublic && accounts.empty()) return invalidArgument("accountUuids: name the accounts, or set toPublic");
    if (Status status = checkSharing(ctx, resources, accounts); !status.ok()) return status;
    const std::tm now = toDbTime(ctx.now());
    for (const std::string& uuid : resources) {
      if (toPublic) share(ctx, uuid, nullptr, now);
      for (const std::string& account : accounts) share(ctx, uuid, &account, now);
    }
    ctx.setResult(json::object());
    return Status::OK();
  }

 private:
  // One SharedResourceVO row, unless the same sharing exists already.
  static void share(ApiContext& ctx, const std::string& uuid, const std::string* receiver, const std::tm& now) {
    const int toPublic = receiver ? 0 : 1;
    const std::string account = receiver ? *receiver : std::string();
    soci::indicator accountSet = receiver ? soci::i_ok : soci::i_null;
    int existing = 0;
    ctx.sql() << "SELECT COUNT(*) FROM SharedResourceVO WHERE resourceUuid = :uuid AND toPublic = :public"
                 " AND (receiverAccountUuid = :receiver OR (:anyone = 1 AND receiverAccountUuid IS NULL))",
        soci::use(uuid, "uuid"), soci::use(toPublic, "public"), soci::use(account, "receiver"),
        soci::use(toPublic, "anyone"), soci::into(existing);
    if (existing > 0) return;
    std::string owner, type;
    ctx.sql() << "SELECT a.ownerAccountUuid, r.resourceType FROM ResourceVO r"
                 " JOIN AccountResourceRefVO a ON a.resourceUuid = r.uuid WHERE r.uuid = :uuid",
        soci::use(uuid, "uuid"), soci::into(owner), soci::into(type);
    ctx.sql() << "INSERT INTO SharedResourceVO (resourceUuid, ownerAccountUuid, receiverAccountUuid, resourceType,"
                 " toPublic, permission, createDate, lastOpDate)"
                 " VALUES (:uuid, :owner, :receiver, :type, :public, 1, :created, :updated)",
        soci::use(uuid, "uuid"), soci::use(owner, "owner"), soci::use(account, accountSet, "receiver"),
        soci::use(type, "type"), soci::use(toPublic, "public"), soci::use(now, "created"), soci::use(now, "updated");
  }
};

class RevokeResourceSharingFlow : public Flow {
 public:
  std::string name() const override { return "RevokeResourceSharingFlow"; }

  Status run(ApiContext& ctx) override {
    const std::vector<std::string> resources = sdk::listParam(ctx, "resourceUuids");
    const std::vector<std::string> accounts = sdk::listParam(ctx, "accountUuids");
    const bool toPublic = sdk::flagParam(ctx, "toPublic");
    const bool all = sdk::flagParam(ctx, "all");
    if (!all && !toPublic && accounts.empty()) {
      return invalidArgument("accountUuids: name the accounts, or set toPublic or all");
    }
    if (Status status = checkSharing(ctx, resources, accounts); !status.ok()) return status;
    for (const std::string& uuid : resources) {
      if (all) {
        ctx.sql() << "DELETE FROM SharedResourceVO WHERE resourceUuid = :uuid", soci::use(uuid, "uuid");
        continue;
      }
      if (toPublic) {
        ctx.sql() << "DELETE FROM SharedResourceVO WHERE resourceUuid = :uuid AND toPublic = 1", soci::use(uuid, "uuid");
      }
      for (const std::string& account : accounts) {
        ctx.sql() << "DELETE FROM SharedResourceVO WHERE resourceUuid = :uuid AND receiverAccountUuid = :account",
            soci::use(uuid, "uuid"), soci::use(account, "account");
      }
    }
    ctx.setResult(json::object());
    return Status::OK();
  }
};

ApiDescriptor shareResourceApi() {
  return sdk::describeApi(
      "ShareResource", {"PUT", "/accounts/resources/actions", "shareResource"}, "", kSince, "共享资源",
      "Shares resources with accounts, or with every account (the owner or the admin)",
      {uuidList("resourceUuids", "资源UUID列表", "the resources to share").required(),
       uuidList("accountUuids", "账户UUID列表", "the accounts to share them with"),
       Param("toPublic", ParamType::Boolean, kSince, "是否共享给所有账户", "share with every account")});
}

ApiDescriptor revokeResourceSharingApi() {
  return sdk::describeApi(
      "RevokeResourceSharing", {"PUT", "/accounts/resources/actions", "revokeResourceSharing"}, "", kSince,
      "撤销资源共享", "Revokes sharings of resources (the owner or the admin)",
      {uuidList("resourceUuids", "资源UUID列表", "the resources").required(),
       uuidList("accountUuids", "账户UUID列表", "the accounts to revoke the sharing from"),
       Param("toPublic", ParamType::Boolean, kSince, "撤销对所有账户的共享", "revoke the sharing with every account"),
       Param("all", ParamType::Boolean, kSince, "撤销全部共享", "revoke every sharing of the resources")});
}

}  // namespace

Status registerAccountApis(Registry& registry) {
  struct Entry {
    ApiDescriptor api;
    std::shared_ptr<Flow> flow;
  };
  std::vector<Entry> entries;
  entries.push_back({createAccountApi(), std::make_shared<CreateAccountFlow>()});
  entries.push_back({shareResourceApi(), std::make_shared<ShareResourceFlow>()});
  entries.push_back({revokeResourceSharingApi(), std::make_shared<RevokeResourceSharingFlow>()});
  for (Entry& entry : entries) {
    const std::string name = entry.api.name;
    if (Status status = registry.addApi(std::move(entry.api), "host"); !status.ok()) return status;
    if (Status status = registry.addFlow(FlowRegistration{name, 100, entry.flow}); !status.ok()) return status;
  }
  return Status::OK();
}

}  // namespace zstack::auth
