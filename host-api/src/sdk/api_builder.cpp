#include "zstack/sdk/api_builder.h"

#include <utility>

namespace zstack::sdk {

Param::Param(std::string name, ParamType type, const Version& since, std::string zh, std::string en) {
  spec_.name = std::move(name);
  spec_.type = type;
  spec_.since = since;
  spec_.descriptionZh = std::move(zh);
  spec_.descriptionEn = std::move(en);
}

Param& Param::range(std::optional<long long> min, std::optional<long long> max) {
  spec_.minValue = min;
  spec_.maxValue = max;
  return *this;
}

Param text(std::string name, const Version& since, std::string zh, std::string en) {
  return Param(std::move(name), ParamType::String, since, std::move(zh), std::move(en));
}

ApiDescriptor describeApi(std::string name, Route route, std::string resourceType, const Version& since,
                          std::string zh, std::string en, std::vector<ParamSpec> params) {
  ApiDescriptor api;
  api.name = std::move(name);
  api.method = std::move(route.method);
  api.path = std::move(route.path);
  api.parameterName = std::move(route.parameterName);
  api.async = true;
  api.resourceType = std::move(resourceType);
  api.since = since;
  api.descriptionZh = std::move(zh);
  api.descriptionEn = std::move(en);
  api.params = std::move(params);
  return api;
}

std::vector<ParamSpec> createApiParams(const Version& since) {
  return {
      text(kResourceUuid, since, "资源UUID", "a caller-chosen uuid for the new resource").max(32).uuid(),
      Param(kTagUuids, ParamType::List, since, "标签UUID列表", "tag patterns to attach").max(64).elementMax(32),
  };
}

ApiDescriptor describeCreateApi(std::string name, Route route, std::string resourceType, const Version& since,
                                std::string zh, std::string en, std::vector<ParamSpec> params) {
  for (ParamSpec& common : createApiParams(since)) params.push_back(std::move(common));
  return describeApi(std::move(name), std::move(route), std::move(resourceType), since, std::move(zh),
                     std::move(en), std::move(params));
}

Param pathUuid(std::string name, const Version& since, std::string zh, std::string en) {
  return text(std::move(name), since, std::move(zh), std::move(en)).required().max(255);
}

Param deleteModeParam(const Version& since) {
  return text("deleteMode", since, "删除模式: Permissive(默认)或Enforcing, 二者效果相同",
              "Permissive (default) or Enforcing; both delete the same here")
      .values({"Permissive", "Enforcing"})
      .max(32);
}

}  // namespace zstack::sdk
