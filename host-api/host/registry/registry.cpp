#include "registry/registry.h"

#include <algorithm>
#include <set>

namespace zstack {

SystemTagPattern::SystemTagPattern(const std::string& format) {
  std::size_t start = 0;
  while (true) {
    const std::size_t end = format.find("::", start);
    std::string part = format.substr(start, end == std::string::npos ? end : end - start);
    Segment segment;
    if (part.size() >= 2 && part.front() == '{' && part.back() == '}') {
      segment.token = true;
      segment.text = part.substr(1, part.size() - 2);
    } else {
      segment.text = std::move(part);
    }
    if (segment.text.empty()) {  // "" or "{}": not a usable format
      segments_.clear();
      return;
    }
    segments_.push_back(std::move(segment));
    if (end == std::string::npos) break;
    start = end + 2;
  }
}

bool SystemTagPattern::match(const std::string& tag, TagTokens* tokens) const {
  if (segments_.empty()) return false;
  TagTokens captured;
  std::size_t start = 0;
  for (std::size_t i = 0; i < segments_.size(); ++i) {
    const bool last = i + 1 == segments_.size();
    std::string part;
    if (last) {
      part = tag.substr(start);
      start = tag.size();
    } else {
      const std::size_t end = tag.find("::", start);
      if (end == std::string::npos) return false;
      part = tag.substr(start, end - start);
      start = end + 2;
    }
    const Segment& segment = segments_[i];
    if (segment.token) {
      if (part.empty()) return false;
      captured[segment.text] = std::move(part);
    } else if (part != segment.text) {
      return false;
    }
  }
  if (tokens) *tokens = std::move(captured);
  return true;
}

namespace {

Status checkParamTable(const ApiDescriptor& api) {
  std::set<std::string> names;
  for (const ParamSpec& param : api.params) {
    if (param.name.empty() || !names.insert(param.name).second) {
      return internalError("API " + api.name + " declares parameter '" + param.name + "' twice or unnamed");
    }
    if (param.name == "systemTags" || param.name == "userTags") {
      return internalError("API " + api.name + ": systemTags/userTags are the host's, not a parameter");
    }
    if (param.since.empty() || param.since < api.since) {
      return internalError("API " + api.name + " parameter " + param.name + " has no valid since-version");
    }
    const bool bounded = param.type != ParamType::String && param.type != ParamType::List;
    if (!bounded && param.maxLength == 0) {
      return internalError("API " + api.name + " parameter " + param.name + " has no length bound");
    }
  }
  return Status::OK();
}

}  // namespace

Status Registry::addApi(ApiDescriptor api, const std::string& provider) {
  if (api.name.empty() || api.path.empty() || api.path.front() != '/' || api.since.empty()) {
    return internalError("an API needs a name, a path starting with '/' and a since-version");
  }
  if (apisByName_.count(api.name)) return internalError("API " + api.name + " is registered twice");
  if (findApi(api.method, api.path)) {
    return internalError("route " + api.method + " " + api.path + " is registered twice");
  }
  if (Status status = checkParamTable(api); !status.ok()) return status;
  std::string name = api.name;
  apisByName_.emplace(std::move(name), RegisteredApi{std::move(api), provider});
  return Status::OK();
}

Status Registry::addFlow(FlowRegistration flow) {
  if (flow.chain.empty() || !flow.flow) return internalError("a flow needs a chain name and a flow");
  auto& registrations = flowRegistrations_[flow.chain];
  registrations.push_back(flow);
  // Keep registration order among equal orders.
  std::stable_sort(registrations.begin(), registrations.end(),
                   [](const FlowRegistration& a, const FlowRegistration& b) { return a.order < b.order; });
  auto& chain = chains_[flow.chain];
  chain.clear();
  for (const FlowRegistration& registration : registrations) chain.push_back(registration.flow);
  return Status::OK();
}

Status Registry::addSystemTag(SystemTagFormat format) {
  SystemTagPattern pattern(format.format);
  if (format.resourceType.empty() || !pattern.valid() || !format.validate) {
    return internalError("system tag format '" + format.format + "' needs a resource type, a valid format and a validator");
  }
  auto& formats = tagFormats_[format.resourceType];
  for (const RegisteredTagFormat& existing : formats) {
    if (existing.format.format == format.format) {
      return internalError("system tag format '" + format.format + "' is registered twice");
    }
  }
  formats.push_back(RegisteredTagFormat{std::move(format), std::move(pattern)});
  return Status::OK();
}

Status Registry::addSchema(migrate::SchemaComponent component) {
  const std::string& name = component.name;
  if (name.empty() || name.find('/') != std::string::npos || name.find("..") != std::string::npos) {
    return internalError("schema component '" + name + "' is not a plain folder name");
  }
  const auto same = std::find_if(schemas_.begin(), schemas_.end(),
                                 [&](const migrate::SchemaComponent& c) { return c.name == name; });
  if (same == schemas_.end()) {
    schemas_.push_back(std::move(component));
  } else if (same->upTo != component.upTo) {
    return internalError("schema component " + name + " is declared twice with different versions");
  }
  return Status::OK();
}

const RegisteredApi* Registry::findApi(const std::string& method, const std::string& path) const {
  for (const auto& [name, api] : apisByName_) {
    if (api.descriptor.method == method && api.descriptor.path == path) return &api;
  }
  return nullptr;
}

bool Registry::hasPath(const std::string& path) const {
  for (const auto& [name, api] : apisByName_) {
    if (api.descriptor.path == path) return true;
  }
  return false;
}

const RegisteredApi* Registry::findApiByName(const std::string& name) const {
  auto it = apisByName_.find(name);
  return it == apisByName_.end() ? nullptr : &it->second;
}

std::vector<const RegisteredApi*> Registry::apis() const {
  std::vector<const RegisteredApi*> out;
  for (const auto& [name, api] : apisByName_) out.push_back(&api);
  return out;
}

const std::vector<std::shared_ptr<Flow>>& Registry::chain(const std::string& name) const {
  static const std::vector<std::shared_ptr<Flow>> kEmpty;
  auto it = chains_.find(name);
  return it == chains_.end() ? kEmpty : it->second;
}

const std::vector<RegisteredTagFormat>& Registry::tagFormats(const std::string& resourceType) const {
  static const std::vector<RegisteredTagFormat> kEmpty;
  auto it = tagFormats_.find(resourceType);
  return it == tagFormats_.end() ? kEmpty : it->second;
}

std::vector<std::string> Registry::tagResourceTypes() const {
  std::vector<std::string> types;
  for (const auto& [type, formats] : tagFormats_) types.push_back(type);
  return types;
}

void Registry::clear() {
  apisByName_.clear();
  flowRegistrations_.clear();
  chains_.clear();
  tagFormats_.clear();
  schemas_.clear();
}

}  // namespace zstack
