#include "zstack/sdk/flows.h"

#include <algorithm>
#include <stdexcept>

#include <soci/soci.h>

#include "zstack/date.h"

namespace zstack::sdk {
namespace {

const nlohmann::json* param(const ApiContext& ctx, const std::string& name) {
  if (!declaresParam(ctx, name)) throw std::logic_error(ctx.apiName() + " has no parameter " + name);
  const nlohmann::json& params = ctx.params();
  if (!params.is_object()) return nullptr;
  const auto it = params.find(name);
  return it == params.end() || it->is_null() ? nullptr : &*it;
}

}  // namespace

bool declaresParam(const ApiContext& ctx, const std::string& name) {
  const std::vector<ParamSpec>& declared = ctx.api().params;
  return std::any_of(declared.begin(), declared.end(), [&](const ParamSpec& spec) { return spec.name == name; });
}

std::string optionalText(const ApiContext& ctx, const std::string& name) {
  return declaresParam(ctx, name) ? textParam(ctx, name).value_or("") : "";
}

std::optional<std::string> textParam(const ApiContext& ctx, const std::string& name) {
  const nlohmann::json* value = param(ctx, name);
  if (!value || !value->is_string()) return std::nullopt;
  return value->get<std::string>();
}

std::optional<long long> integerParam(const ApiContext& ctx, const std::string& name) {
  const nlohmann::json* value = param(ctx, name);
  if (!value || !value->is_number_integer()) return std::nullopt;
  return value->get<long long>();
}

std::vector<std::string> listParam(const ApiContext& ctx, const std::string& name) {
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

bool flagParam(const ApiContext& ctx, const std::string& name) {
  const nlohmann::json* value = param(ctx, name);
  return value && value->is_boolean() && value->get<bool>();
}

Status checkVisible(ApiContext& ctx, const std::string& field, const std::string& uuid,
                    const std::string& resourceType) {
  return ctx.resources().checkAccess(uuid, resourceType, Access::Use, field);
}

Status checkParamAccess(ApiContext& ctx, const std::string& param, const std::string& resourceType, Access access) {
  const auto uuid = textParam(ctx, param);
  return uuid ? ctx.resources().checkAccess(*uuid, resourceType, access, param) : Status::OK();
}

Status checkCreateParams(ApiContext& ctx) {
  for (const std::string& tag : listParam(ctx, kTagUuids)) {
    if (Status s = checkVisible(ctx, kTagUuids, tag, "TagPatternVO"); !s.ok()) return s;
  }
  const auto requested = textParam(ctx, kResourceUuid);
  if (requested && ctx.resources().exists(*requested)) {
    return operationError("resourceUuid " + *requested + " is already in use");
  }
  return Status::OK();
}

void stampCreated(ApiContext& ctx, Row& row) {
  row.createDate = toDbTime(ctx.now());
  row.lastOpDate = row.createDate;
}

Status CheckAccessFlow::run(ApiContext& ctx) { return checkParamAccess(ctx, param_, resourceType_, access_); }

Status InventoryFlow::run(ApiContext& ctx) {
  const nlohmann::json& key = ctx.data()[dataKey_];
  if (!key.is_string()) return internalError(name_ + ": no " + dataKey_ + " in the flow data");
  const std::string uuid = key.get<std::string>();
  auto inventory = load_(ctx.sql(), uuid);
  if (!inventory) return internalError(name_ + ": " + dataKey_ + " " + uuid + " was not found after it was written");
  ctx.setResult({{"inventory", std::move(*inventory)}});
  return Status::OK();
}

}  // namespace zstack::sdk
