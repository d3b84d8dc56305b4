// The extension-point registry: every API, flow, system-tag format, cascade and schema component the
// host and its plugins provide, keyed by name (Envoy's registry of named factories, in
// spirit). Filled while plugins start; read-only once the host serves requests.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "migrate/schema_component.h"
#include "zstack/api.h"
#include "zstack/flow.h"
#include "zstack/plugin.h"
#include "zstack/query.h"
#include "zstack/tags.h"

namespace zstack {

struct RegisteredApi {
  ApiDescriptor descriptor;
  std::string provider;  // the plugin (or "host") that registered it
};

// A parsed system-tag format: literal and {token} segments separated by "::".
class SystemTagPattern {
 public:
  explicit SystemTagPattern(const std::string& format);
  // Captures the tokens of `tag` if it matches; the last token takes the rest of the tag.
  bool match(const std::string& tag, TagTokens* tokens) const;
  bool valid() const { return !segments_.empty(); }

 private:
  struct Segment {
    std::string text;
    bool token = false;
  };
  std::vector<Segment> segments_;
};

struct RegisteredQuery {
  QueryDescriptor descriptor;
  std::string provider;
};

// Path variables captured by a route: {"uuid": "0123..."}.
using PathVariables = std::map<std::string, std::string>;

// A path template such as "/ai/models/{uuid}/actions", split into segments.
class PathTemplate {
 public:
  explicit PathTemplate(const std::string& path);
  // Captures the variables of `path` if it matches segment by segment.
  bool match(const std::string& path, PathVariables* variables) const;
  const std::vector<std::string>& variables() const { return variableNames_; }

 private:
  std::vector<std::string> segments_;  // "{name}" for a variable
  std::vector<std::string> variableNames_;
};

struct RegisteredCascade {
  CascadeRegistration cascade;
  std::string provider;
};

struct RegisteredTagFormat {
  SystemTagFormat format;
  SystemTagPattern pattern;
  std::string provider;
};

// Not thread-safe: filled by one thread while the host starts, then only read (by any thread).
class Registry {
 public:
  // Each add checks its registration against the others and refuses a clash (an API name, a
  // route or query path, a tag format taken), naming the provider that holds it. `provider` is
  // a plugin's name, or "host".
  Status addApi(ApiDescriptor api, const std::string& provider);
  Status addQuery(QueryDescriptor query, const std::string& provider);
  Status addFlow(FlowRegistration flow);
  Status addSystemTag(SystemTagFormat format, const std::string& provider);
  // A cascade on a resource type; its name is unique among that type's cascades.
  Status addCascade(CascadeRegistration cascade, const std::string& provider);
  // A schema component to migrate, with its target (a plugin's version; none for the host's
  // own). Declaring a component again with the same target is a no-op.
  Status addSchema(migrate::SchemaComponent component);

  // The APIs whose method and path template match `path` (under /zstack/v1), with the path's
  // variables; several only for actions, which the body key tells apart.
  std::vector<const RegisteredApi*> findApis(const std::string& method, const std::string& path,
                                             PathVariables* variables) const;
  // The query at `path` ("/ai/models"), or at `path` less its last segment, which is then
  // the one uuid asked for (`uuid` set); null if none.
  const RegisteredQuery* findQuery(const std::string& path, std::string* uuid) const;
  // The methods that serve `path` (to answer 405 with Allow, not 404): its APIs' methods, and
  // GET where a query answers. Empty: nothing serves it.
  std::set<std::string> methodsAt(const std::string& path) const;
  const RegisteredApi* findApiByName(const std::string& name) const;
  std::vector<const RegisteredApi*> apis() const;
  std::vector<const RegisteredQuery*> queries() const;
  // The chain's flows in run order.
  const std::vector<std::shared_ptr<Flow>>& chain(const std::string& name) const;
  const std::vector<RegisteredTagFormat>& tagFormats(const std::string& resourceType) const;
  // The cascades to run when a resource of this type is removed, in registration order (so a
  // plugin's after those of the plugins it requires).
  const std::vector<RegisteredCascade>& cascades(const std::string& resourceType) const;
  const std::vector<migrate::SchemaComponent>& schemaComponents() const { return schemas_; }
  std::vector<std::string> tagResourceTypes() const;

  // Adds everything `other` holds, or, if any of it clashes, nothing: a plugin's registrations
  // go in together. What is already registered stays where it is (pointers to it stay valid).
  Status addAll(const Registry& other);

  // Drops everything a plugin gave (its code is about to be unloaded).
  void clear();

 private:
  Status checkNameIsFree(const std::string& name, const std::string& provider) const;
  Status addEach(const Registry& other);

  std::map<std::string, RegisteredApi> apisByName_;
  std::map<std::string, PathTemplate> templatesByName_;
  std::map<std::string, RegisteredQuery> queriesByName_;
  std::map<std::string, std::vector<FlowRegistration>> flowRegistrations_;
  std::map<std::string, std::vector<std::shared_ptr<Flow>>> chains_;
  std::map<std::string, std::vector<RegisteredTagFormat>> tagFormats_;
  std::map<std::string, std::vector<RegisteredCascade>> cascades_;
  std::vector<migrate::SchemaComponent> schemas_;
};

}  // namespace zstack
