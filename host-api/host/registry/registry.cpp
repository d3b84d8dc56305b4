#include "registry/registry.h"

#include <algorithm>
#include <cctype>
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

std::vector<std::string> splitPath(const std::string& path) {
  std::vector<std::string> segments;
  std::size_t start = 1;  // paths start with '/'
  while (start <= path.size()) {
    const std::size_t end = path.find('/', start);
    segments.push_back(path.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return segments;
}

bool isVariable(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// Table and column names go into SQL text, so they must be plain identifiers.
bool isIdentifier(const std::string& name) {
  return !name.empty() && name.size() <= 64 &&
         std::all_of(name.begin(), name.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }) &&
         !std::isdigit(static_cast<unsigned char>(name.front()));
}

Status checkRoute(const ApiDescriptor& api, const PathTemplate& route) {
  static const std::set<std::string> kMethods = {"POST", "PUT", "GET", "DELETE"};
  if (!kMethods.count(api.method)) return internalError("API " + api.name + " has an unknown method " + api.method);
  const bool bodyMethod = api.method == "POST" || api.method == "PUT";
  if (bodyMethod == api.parameterName.empty()) {
    return internalError("API " + api.name + ": POST and PUT APIs name a parameterName, GET and DELETE ones do not");
  }
  for (const std::string& variable : route.variables()) {
    const bool declared = std::any_of(api.params.begin(), api.params.end(), [&](const ParamSpec& p) {
      return p.name == variable && p.type == ParamType::String && p.required;
    });
    if (!declared) {
      return internalError("API " + api.name + ": path variable {" + variable + "} is not a required String parameter");
    }
  }
  return Status::OK();
}

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

PathTemplate::PathTemplate(const std::string& path) : segments_(splitPath(path)) {
  for (const std::string& segment : segments_) {
    if (isVariable(segment)) variableNames_.push_back(segment.substr(1, segment.size() - 2));
  }
}

bool PathTemplate::match(const std::string& path, PathVariables* variables) const {
  if (path.empty() || path.front() != '/') return false;
  const std::vector<std::string> parts = splitPath(path);
  if (parts.size() != segments_.size()) return false;
  PathVariables captured;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (isVariable(segments_[i])) {
      if (parts[i].empty()) return false;
      captured[segments_[i].substr(1, segments_[i].size() - 2)] = parts[i];
    } else if (parts[i] != segments_[i]) {
      return false;
    }
  }
  if (variables) *variables = std::move(captured);
  return true;
}

Status Registry::addApi(ApiDescriptor api, const std::string& provider) {
  if (api.name.empty() || api.path.empty() || api.path.front() != '/' || api.since.empty()) {
    return internalError("an API needs a name, a path starting with '/' and a since-version");
  }
  if (Status status = checkNameIsFree(api.name, provider); !status.ok()) return status;
  PathTemplate route(api.path);
  if (Status status = checkRoute(api, route); !status.ok()) return status;
  for (const auto& [name, other] : apisByName_) {
    const ApiDescriptor& o = other.descriptor;
    // Only actions share a route: PUT APIs told apart by their body key.
    if (o.method == api.method && o.path == api.path &&
        (api.method != "PUT" || o.parameterName == api.parameterName)) {
      return internalError("route " + api.method + " " + api.path + " of API " + api.name + " (" + provider +
                           ") is taken by API " + name + " (" + other.provider + ")");
    }
  }
  if (Status status = checkParamTable(api); !status.ok()) return status;
  std::string name = api.name;
  templatesByName_.emplace(name, std::move(route));
  apisByName_.emplace(std::move(name), RegisteredApi{std::move(api), provider});
  return Status::OK();
}

Status Registry::addQuery(QueryDescriptor query, const std::string& provider) {
  if (query.name.empty() || query.path.empty() || query.path.front() != '/' || query.since.empty() || !query.load) {
    return internalError("a query needs a name, a path starting with '/', a since-version and a loader");
  }
  if (Status status = checkNameIsFree(query.name, provider); !status.ok()) return status;
  if (!isIdentifier(query.table) || !isIdentifier(query.visibilityColumn)) {
    return internalError("query " + query.name + ": table and visibility column must be plain identifiers");
  }
  std::set<std::string> names;
  for (const QueryField& field : query.fields) {
    if (!names.insert(field.name).second || field.since.empty() ||
        (!field.column.empty() && !isIdentifier(field.column))) {
      return internalError("query " + query.name + ": field '" + field.name +
                           "' is declared twice, has no since-version or a column that is not an identifier");
    }
  }
  for (const auto& [name, other] : queriesByName_) {
    if (other.descriptor.path == query.path) {
      return internalError("query path " + query.path + " of " + query.name + " (" + provider + ") is taken by " +
                           name + " (" + other.provider + ")");
    }
  }
  std::string name = query.name;
  queriesByName_.emplace(std::move(name), RegisteredQuery{std::move(query), provider});
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

Status Registry::addSystemTag(SystemTagFormat format, const std::string& provider) {
  SystemTagPattern pattern(format.format);
  if (format.resourceType.empty() || !pattern.valid() || !format.validate) {
    return internalError("system tag format '" + format.format + "' needs a resource type, a valid format and a validator");
  }
  auto& formats = tagFormats_[format.resourceType];
  for (const RegisteredTagFormat& existing : formats) {
    if (existing.format.format == format.format) {
      return internalError("system tag format '" + format.format + "' of " + format.resourceType + " (" + provider +
                           ") is taken (" + existing.provider + ")");
    }
  }
  formats.push_back(RegisteredTagFormat{std::move(format), std::move(pattern), provider});
  return Status::OK();
}

Status Registry::addCascade(CascadeRegistration cascade, const std::string& provider) {
  if (cascade.resourceType.empty() || cascade.name.empty() || !cascade.handler) {
    return internalError("a cascade needs a resource type, a name and a handler");
  }
  auto& cascades = cascades_[cascade.resourceType];
  for (const RegisteredCascade& existing : cascades) {
    if (existing.cascade.name == cascade.name) {
      return internalError("cascade " + cascade.name + " on " + cascade.resourceType + " (" + provider +
                           ") is taken (" + existing.provider + ")");
    }
  }
  cascades.push_back(RegisteredCascade{std::move(cascade), provider});
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

std::vector<const RegisteredApi*> Registry::findApis(const std::string& method, const std::string& path,
                                                     PathVariables* variables) const {
  std::vector<const RegisteredApi*> found;
  for (const auto& [name, api] : apisByName_) {
    if (api.descriptor.method == method && templatesByName_.at(name).match(path, variables)) found.push_back(&api);
  }
  return found;
}

const RegisteredQuery* Registry::findQuery(const std::string& path, std::string* uuid) const {
  const std::size_t slash = path.rfind('/');
  for (const auto& [name, query] : queriesByName_) {
    if (query.descriptor.path == path) {
      uuid->clear();
      return &query;
    }
    if (slash != std::string::npos && slash > 0 && slash + 1 < path.size() &&
        path.compare(0, slash, query.descriptor.path) == 0 && query.descriptor.path.size() == slash) {
      *uuid = path.substr(slash + 1);
      return &query;
    }
  }
  return nullptr;
}

std::set<std::string> Registry::methodsAt(const std::string& path) const {
  std::set<std::string> methods;
  for (const auto& [name, route] : templatesByName_) {
    if (route.match(path, nullptr)) methods.insert(apisByName_.at(name).descriptor.method);
  }
  std::string uuid;
  if (findQuery(path, &uuid)) methods.insert("GET");
  return methods;
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

std::vector<const RegisteredQuery*> Registry::queries() const {
  std::vector<const RegisteredQuery*> out;
  for (const auto& [name, query] : queriesByName_) out.push_back(&query);
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

const std::vector<RegisteredCascade>& Registry::cascades(const std::string& resourceType) const {
  static const std::vector<RegisteredCascade> kEmpty;
  auto it = cascades_.find(resourceType);
  return it == cascades_.end() ? kEmpty : it->second;
}

std::vector<std::string> Registry::tagResourceTypes() const {
  std::vector<std::string> types;
  for (const auto& [type, formats] : tagFormats_) types.push_back(type);
  return types;
}

Status Registry::checkNameIsFree(const std::string& name, const std::string& provider) const {
  const auto api = apisByName_.find(name);
  const auto query = queriesByName_.find(name);
  if (api == apisByName_.end() && query == queriesByName_.end()) return Status::OK();
  const std::string& holder = api != apisByName_.end() ? api->second.provider : query->second.provider;
  return internalError("API " + name + " (" + provider + ") is taken (" + holder + ")");
}

Status Registry::addAll(const Registry& other) {
  // Everything goes into a copy first: a clash found halfway leaves this registry untouched.
  Registry trial = *this;
  if (Status status = trial.addEach(other); !status.ok()) return status;
  return addEach(other);
}

Status Registry::addEach(const Registry& other) {
  for (const auto& [name, api] : other.apisByName_) {
    if (Status status = addApi(api.descriptor, api.provider); !status.ok()) return status;
  }
  for (const auto& [name, query] : other.queriesByName_) {
    if (Status status = addQuery(query.descriptor, query.provider); !status.ok()) return status;
  }
  for (const auto& [chain, registrations] : other.flowRegistrations_) {
    for (const FlowRegistration& flow : registrations) {
      if (Status status = addFlow(flow); !status.ok()) return status;
    }
  }
  for (const migrate::SchemaComponent& component : other.schemas_) {
    if (Status status = addSchema(component); !status.ok()) return status;
  }
  for (const auto& [type, formats] : other.tagFormats_) {
    for (const RegisteredTagFormat& format : formats) {
      if (Status status = addSystemTag(format.format, format.provider); !status.ok()) return status;
    }
  }
  for (const auto& [type, cascades] : other.cascades_) {
    for (const RegisteredCascade& cascade : cascades) {
      if (Status status = addCascade(cascade.cascade, cascade.provider); !status.ok()) return status;
    }
  }
  return Status::OK();
}

void Registry::clear() {
  apisByName_.clear();
  templatesByName_.clear();
  queriesByName_.clear();
  flowRegistrations_.clear();
  chains_.clear();
  tagFormats_.clear();
  cascades_.clear();
  schemas_.clear();
}

}  // namespace zstack
