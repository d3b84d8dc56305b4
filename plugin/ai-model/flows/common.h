// What the flows of the ai-model chains share: reading validated parameters, the access,
// reference and resourceUuid checks, the one create-the-resource step and the inventory flow.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "dao/records.h"
#include "zstack/context.h"
#include "zstack/flow.h"
#include "zstack/version.h"

namespace zstack::ai {

// Chain positions: other plugins may insert flows between them.
inline constexpr int kValidateOrder = 100;
inline constexpr int kPersistOrder = 200;
inline constexpr int kInventoryOrder = 300;

// The validated parameters (the host checked types, presence and bounds). A null value
// counts as absent. A name the call's API does not declare throws std::logic_error.
std::optional<std::string> textParam(const ApiContext& ctx, const char* name);
std::optional<long long> integerParam(const ApiContext& ctx, const char* name);
// A list parameter with duplicates dropped, first occurrence kept; [] when absent.
std::vector<std::string> listParam(const ApiContext& ctx, const char* name);

// OK when `uuid` is a `resourceType` the caller may use: SYS.1003 when there is none, ID.1002
// when the caller may not use it (ResourceService::checkAccess).
Status checkVisible(ApiContext& ctx, const char* field, const std::string& uuid, const char* resourceType);
// OK when the parameter `param` is absent or names a `resourceType` the caller has `access` to
// (ResourceService::checkAccess, the parameter named as the field).
Status checkParamAccess(ApiContext& ctx, const char* param, const char* resourceType, Access access);
// SYS.1006 when the call names a resourceUuid that is already taken.
Status checkResourceUuidFree(ApiContext& ctx);
// The create step of every Add API: the caller's resourceUuid or a new uuid, recorded as a
// resource of `resourceType` owned by the caller; ResourceService::create refuses a uuid in
// use (SYS.1006). Sets `uuid`.
Status createResource(ApiContext& ctx, const std::string& resourceType, const std::string& name,
                      const std::string& shareMode, std::string& uuid);
// createDate = lastOpDate = the host's now, as the database stores it.
Timestamps nowTimestamps(ApiContext& ctx);

// A flow that touches what not every release's schema has: it is built for the plugin version
// the node runs (HostContext::pluginVersion), whose schema the database has.
class VersionedFlow : public Flow {
 protected:
  explicit VersionedFlow(Version pluginVersion) : schema_(std::move(pluginVersion)) {}
  Version schema_;
};

// A validate flow: checkParamAccess for one parameter (SYS.1003 when it names no such
// resource, ID.1002 when the caller may not use or change it).
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

// The last flow of a chain: reads the created resource back in the call's transaction and
// sets {"inventory": ...} as the result. The uuid comes from ctx.data()[dataKey].
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

}  // namespace zstack::ai
