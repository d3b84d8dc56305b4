// The extension-point registry: every API, flow, system-tag format and schema component the
// host and its plugins provide, keyed by name (Envoy's registry of named factories, in
// spirit). Filled while plugins start; read-only once the host serves requests.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "migrate/schema_component.h"
#include "zstack/api.h"
#include "zstack/flow.h"
#include "zstack/plugin.h"
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

struct RegisteredTagFormat {
  SystemTagFormat format;
  SystemTagPattern pattern;
};

class Registry {
 public:
  Status addApi(ApiDescriptor api, const std::string& provider);
  Status addFlow(FlowRegistration flow);
  Status addSystemTag(SystemTagFormat format);
  // A schema component to migrate, with its target (a plugin's version; none for the host's
  // own). Declaring a component again with the same target is a no-op.
  Status addSchema(migrate::SchemaComponent component);

  // The API at exactly this method and path (under /zstack/v1), or null.
  const RegisteredApi* findApi(const std::string& method, const std::string& path) const;
  // Whether any method serves this path (to tell 405 from 404).
  bool hasPath(const std::string& path) const;
  const RegisteredApi* findApiByName(const std::string& name) const;
  std::vector<const RegisteredApi*> apis() const;
  // The chain's flows in run order.
  const std::vector<std::shared_ptr<Flow>>& chain(const std::string& name) const;
  const std::vector<RegisteredTagFormat>& tagFormats(const std::string& resourceType) const;
  const std::vector<migrate::SchemaComponent>& schemaComponents() const { return schemas_; }
  std::vector<std::string> tagResourceTypes() const;

  // Drops everything a plugin gave (its code is about to be unloaded).
  void clear();

 private:
  std::map<std::string, RegisteredApi> apisByName_;
  std::map<std::string, std::vector<FlowRegistration>> flowRegistrations_;
  std::map<std::string, std::vector<std::shared_ptr<Flow>>> chains_;
  std::map<std::string, std::vector<RegisteredTagFormat>> tagFormats_;
  std::vector<migrate::SchemaComponent> schemas_;
};

}  // namespace zstack
