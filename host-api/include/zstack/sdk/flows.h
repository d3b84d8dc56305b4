// What the flows of most plugins share: typed reads of a call's parameters, the access and
// resourceUuid checks, and ready-made flows for a resource table's create, update, delete
// and inventory (ZStack's APICreateMessage handling and the inventory reply).
//
// Flows here are stateless and safe to share between the job worker threads (zstack/flow.h);
// a call's state lives in its ApiContext. DAO errors throw (soci::soci_error, or
// std::logic_error for a bug) and the host answers them; checks return Status.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "zstack/context.h"
#include "zstack/date.h"
#include "zstack/flow.h"
#include "zstack/sdk/api_builder.h"
#include "zstack/sdk/resource_table.h"
#include "zstack/sdk/table_dao.h"
#include "zstack/version.h"

namespace zstack::sdk {

// Chain positions: other plugins may insert flows between them.
inline constexpr int kValidateOrder = 100;
inline constexpr int kPersistOrder = 200;
inline constexpr int kInventoryOrder = 300;

// The validated parameters (the host checked types, presence and bounds). A null value counts
// as absent. A name the call's API does not declare throws std::logic_error: a typo would
// otherwise read as an absent parameter.
std::optional<std::string> textParam(const ApiContext& ctx, const std::string& name);
std::optional<long long> integerParam(const ApiContext& ctx, const std::string& name);
// A list parameter with duplicates dropped, first occurrence kept; [] when absent.
std::vector<std::string> listParam(const ApiContext& ctx, const std::string& name);
// A Boolean parameter: true only when given as true.
bool flagParam(const ApiContext& ctx, const std::string& name);
// Whether the call's API declares the parameter (for flows shared by several APIs).
bool declaresParam(const ApiContext& ctx, const std::string& name);
// A text parameter the API may not declare: "" when it does not, or the call omits it.
std::string optionalText(const ApiContext& ctx, const std::string& name);

// OK when `uuid` is a `resourceType` the caller may use: SYS.1003 when there is none, ID.1002
// when the caller may not (ResourceService::checkAccess, `field` named).
Status checkVisible(ApiContext& ctx, const std::string& field, const std::string& uuid, const std::string& resourceType);
// OK when the parameter `param` is absent or names a `resourceType` the caller has `access` to.
Status checkParamAccess(ApiContext& ctx, const std::string& param, const std::string& resourceType, Access access);
// What a create call's common parameters need (sdk::createApiParams): a resourceUuid that is
// free (SYS.1006), and tagUuids that are the caller's to use.
Status checkCreateParams(ApiContext& ctx);

// createDate = lastOpDate = the host's now, as the database stores it.
void stampCreated(ApiContext& ctx, Row& row);

// A validate flow: checkCreateParams.
class CheckCreateParamsFlow : public Flow {
 public:
  std::string name() const override { return "CheckCreateParamsFlow"; }
  Status run(ApiContext& ctx) override { return checkCreateParams(ctx); }
};

// A flow built for the plugin version the node runs, whose schema the database has.
class VersionedFlow : public Flow {
 protected:
  explicit VersionedFlow(Version schema) : schema_(std::move(schema)) {}
  Version schema_;
};

// A validate flow: checkParamAccess for one parameter.
class CheckAccessFlow : public Flow {
 public:
  CheckAccessFlow(std::string param, std::string resourceType, Access access)
      : param_(std::move(param)), resourceType_(std::move(resourceType)), access_(access) {}
  std::string name() const override { return "CheckAccessFlow(" + param_ + ")"; }
  Status run(ApiContext& ctx) override;

 private:
  std::string param_;
  std::string resourceType_;
  Access access_;
};

// The last flow of a chain: reads the resource back in the call's transaction and sets
// {"inventory": ...} as the result. The uuid comes from ctx.data()[dataKey].
class InventoryFlow : public Flow {
 public:
  using Loader = std::function<std::optional<nlohmann::json>(soci::session&, const std::string&)>;
  InventoryFlow(std::string name, std::string dataKey, Loader load)
      : name_(std::move(name)), dataKey_(std::move(dataKey)), load_(std::move(load)) {}
  std::string name() const override { return name_; }
  Status run(ApiContext& ctx) override;

 private:
  std::string name_;
  std::string dataKey_;
  Loader load_;
};

// What the create, update and delete flows of one resource table share.
template <class R>
struct ResourceKind {
  const ResourceTable<R>& table;
  std::string resourceType;  // "ModelCenterVO": its ResourceVO type and tag formats
  std::string dataKey;       // where the flows leave the resource's uuid for later flows
};

// A flow of one resource table, named after what it does and the resource type
// ("CreateModelVOFlow").
template <class R>
class ResourceFlow : public VersionedFlow {
 public:
  std::string name() const override { return verb_ + kind_.resourceType + "Flow"; }

 protected:
  ResourceFlow(std::string verb, ResourceKind<R> kind, Version schema)
      : VersionedFlow(std::move(schema)), kind_(std::move(kind)), verb_(std::move(verb)) {}
  TableDao<R> dao(ApiContext& ctx) const { return TableDao<R>(ctx.sql(), kind_.table, schema_); }

  ResourceKind<R> kind_;

 private:
  std::string verb_;
};

// The create step: the record from the call (ResourceTable::fromCreate), its uuid the call's
// resourceUuid or a new one, recorded as a resource owned by the caller (named by the call's
// name and shared publicly when its shareMode says so, where the API has them), inserted, with
// the call's tags and tagUuids attached. For an API made with describeCreateApi.
template <class R>
class CreateResourceFlow : public ResourceFlow<R> {
 public:
  CreateResourceFlow(ResourceKind<R> kind, Version schema) : ResourceFlow<R>("Create", std::move(kind), std::move(schema)) {}
  Status run(ApiContext& ctx) override {
    const ResourceKind<R>& kind = this->kind_;
    R record;
    if (Status s = kind.table.fromCreate(ctx, record); !s.ok()) return s;
    const std::optional<std::string> requested = textParam(ctx, kResourceUuid);
    record.uuid = requested ? *requested : ctx.newUuid();
    const std::string name = optionalText(ctx, "name");
    if (Status s = ctx.resources().create(record.uuid, name, kind.resourceType, optionalText(ctx, "shareMode"));
        !s.ok()) {
      return s;
    }
    ctx.data()[kind.dataKey] = record.uuid;
    stampCreated(ctx, record);
    this->dao(ctx).insert(record);
    if (Status s = ctx.resources().attachRequestTags(record.uuid, kind.resourceType); !s.ok()) return s;
    return ctx.resources().attachTagPatterns(record.uuid, kind.resourceType, listParam(ctx, kTagUuids));
  }

};

// The update step: the `uuid` parameter's row (a path variable of every update API) gets the
// fields and tag fields the call gives (ResourceTable::changes) in one statement; a new name
// renames the resource; the call's tags replace the resource's of the same key.
template <class R>
class UpdateResourceFlow : public ResourceFlow<R> {
 public:
  UpdateResourceFlow(ResourceKind<R> kind, Version schema) : ResourceFlow<R>("Update", std::move(kind), std::move(schema)) {}
  Status run(ApiContext& ctx) override {
    const ResourceKind<R>& kind = this->kind_;
    R record;
    std::vector<std::string> columns;
    if (Status s = kind.table.changes(ctx, record, &columns); !s.ok()) return s;
    record.uuid = textParam(ctx, "uuid").value_or("");
    record.lastOpDate = toDbTime(ctx.now());
    ctx.data()[kind.dataKey] = record.uuid;
    this->dao(ctx).update(record, columns);
    if (const auto renamed = declaresParam(ctx, "name") ? textParam(ctx, "name") : std::nullopt) {
      if (Status s = ctx.resources().rename(record.uuid, *renamed); !s.ok()) return s;
    }
    return ctx.resources().updateRequestTags(record.uuid, kind.resourceType);
  }
};

// Deletes one resource: what the host keeps of it first (its tags, sharing and ownership, and
// whatever other plugins cascade from it), then its row.
template <class R>
Status removeResource(ApiContext& ctx, TableDao<R>& dao, const std::string& uuid) {
  if (Status s = ctx.resources().remove(uuid); !s.ok()) return s;
  dao.remove(uuid);
  return Status::OK();
}

}  // namespace zstack::sdk
