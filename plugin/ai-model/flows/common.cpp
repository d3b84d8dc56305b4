#include "flows/common.h"

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>

#include <soci/soci.h>

#include "api_table.h"
#include "zstack/date.h"

namespace zstack::ai {
namespace {

// The parameter names of each ai-model API, from its table.
const std::map<std::string, std::set<std::string>>& declaredParams() {
  static const std::map<std::string, std::set<std::string>> names = [] {
    std::map<std::string, std::set<std::string>> out;
    for (const ApiDescriptor& api : aiModelApis()) {
      for (const ParamSpec& spec : api.params) out[api.name].insert(spec.name);
    }
    return out;
  }();
  return names;
}

// A flow reading a name its API does not declare is a bug, thrown as one: a typo would otherwise
// read as an absent parameter.
const nlohmann::json* param(const ApiContext& ctx, const char* name) {
  const auto api = declaredParams().find(ctx.apiName());
  if (api != declaredParams().end() && !api->second.count(name)) {
    throw std::logic_error(ctx.apiName() + " has no parameter " + name);
  }
  const nlohmann::json& params = ctx.params();
  if (!params.is_object()) return nullptr;
  const auto it = params.find(name);
  return it == params.end() || it->is_null() ? nullptr : &*it;
}

}  // namespace

std::optional<std::string> textParam(const ApiContext& ctx, const char* name) {
  const nlohmann::json* value = param(ctx, name);
  if (!value || !value->is_string()) return std::nullopt;
  return value->get<std::string>();
}

std::optional<long long> integerParam(const ApiContext& ctx, const char* name) {
  const nlohmann::json* value = param(ctx, name);
  if (!value || !value->is_number_integer()) return std::nullopt;
  return value->get<long long>();
}

std::vector<std::string> listParam(const ApiContext& ctx, const char* name) {
  std::vector<std::string> out;
  const nlohmann::json* value = param(ctx, name);
  if (!value || !value->is_array()) return out;
  for (const nlohmann::json& element : *value) {
    if (!element.is_string()) continue;
    const std::string& text = element.get_ref<const std::string&>();
    if (std::find(out.begin(), out.end(), text) == out.end()) out.push_back(text);
  }
  return out;
}

Status checkVisible(ApiContext& ctx, const char* field, const std::string& uuid, const char* resourceType) {
  return ctx.resources().checkAccess(uuid, resourceType, Access::Use, field);
}

Status checkParamAccess(ApiContext& ctx, const char* param, const char* resourceType, Access access) {
  const auto uuid = textParam(ctx, param);
  return uuid ? ctx.resources().checkAccess(*uuid, resourceType, access, param) : Status::OK();
}

Status checkResourceUuidFree(ApiContext& ctx) {
  const auto requested = textParam(ctx, "resourceUuid");
  if (requested && ctx.resources().exists(*requested)) {
    return operationError("resourceUuid " + *requested + " is already in use");
  }
  return Status::OK();
}

Status createResource(ApiContext& ctx, const std::string& resourceType, const std::string& name,
                      const std::string& shareMode, std::string& uuid) {
  const auto requested = textParam(ctx, "resourceUuid");
  uuid = requested ? *requested : ctx.newUuid();
  return ctx.resources().create(uuid, name, resourceType, shareMode);
}

Timestamps nowTimestamps(ApiContext& ctx) {
  Timestamps dates;
  dates.createDate = toDbTime(ctx.now());
  dates.lastOpDate = dates.createDate;
  return dates;
}

Status CheckAccessFlow::run(ApiContext& ctx) {
  return checkParamAccess(ctx, param_.c_str(), resourceType_.c_str(), access_);
}

Status InventoryFlow::run(ApiContext& ctx) {
  const nlohmann::json& key = ctx.data()[dataKey_];
  if (!key.is_string()) return internalError(name_ + ": no " + dataKey_ + " in the flow data");
  const std::string uuid = key.get<std::string>();
  auto inventory = load_(ctx.sql(), uuid);
  if (!inventory) return internalError(name_ + ": " + dataKey_ + " " + uuid + " was not found after it was written");
  ctx.setResult({{"inventory", std::move(*inventory)}});
  return Status::OK();
}

}  // namespace zstack::ai
