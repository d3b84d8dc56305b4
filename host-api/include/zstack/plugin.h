// The plugin boundary: what a plugin exports, and what the host offers it at start.
//
// A plugin is a shared library that exports two symbols through ZSTACK_PLUGIN:
//   zstack_plugin_descriptor  -> const PluginDescriptor&  (checked before anything else)
//   zstack_plugin_create      -> std::shared_ptr<Plugin>
// The host loads it with RTLD_NOW | RTLD_LOCAL, refuses a descriptor whose hostApiVersion is
// not its own, orders the plugins by the requirements their descriptors declare, then calls
// start(), in which each plugin registers everything it provides.
// Exceptions never cross this boundary: the host treats one escaping a plugin call as
// SYS.1000 (or, from start(), as a failed start).
#pragma once

#include <memory>
#include <string>

#include <boost/dll/alias.hpp>
#include <nlohmann/json.hpp>

#include "zstack/api.h"
#include "zstack/cascade.h"
#include "zstack/error.h"
#include "zstack/flow.h"
#include "zstack/query.h"
#include "zstack/tags.h"
#include "zstack/version.h"

namespace zstack {

// Bumped whenever any header under zstack/ changes incompatibly.
// 2: HostContext::pluginVersion().
// 3: query APIs (registerQuery), path variables, ResourceService access/update/delete.
// 4: plugin requirements (PluginDescriptor), cascades (registerCascade), ParamSpec::defaultValue,
//    ApiContext::api().
// 5: answers' schema classes (SchemaClass: ApiDescriptor::answer, QueryDescriptor::inventoryClass).
inline constexpr int kHostApiVersion = 5;

// Read by the host before any other code of the plugin runs, so plain data only. The host
// reads hostApiVersion first and the fields after it only when it equals its own: fields are
// added after it, under a bump of kHostApiVersion.
struct PluginDescriptor {
  const char* name;     // "ai-model"
  const char* version;  // the newest release (and ZStack API version) the library implements, "5.5.22"
  int hostApiVersion;   // kHostApiVersion as the plugin was compiled
  // The plugins this one requires, by name, ending with nullptr (null: none). The host starts
  // them before this one and stops them after it; it refuses to start without them (or skips
  // this plugin when plugin.yaml makes it `optional: true`). ZSTACK_PLUGIN_REQUIRING sets it.
  const char* const* requirements;
};

enum class LogLevel { Debug, Info, Warn, Error };

class HostContext {
 public:
  virtual ~HostContext() = default;

  // The API version the host serves (plugin.yaml's host.apiVersion); never newer than
  // pluginVersion().
  virtual const Version& apiVersion() const = 0;
  // The plugin release this management node runs: the plugin entry's `version:` in
  // plugin.yaml, else the descriptor's version; never newer than the descriptor's. The
  // plugin's schema is migrated up to this version and no further, so the plugin's code must
  // touch only the tables and columns its scripts up to this version create.
  virtual const Version& pluginVersion() const = 0;
  // This plugin's `config:` map from plugin.yaml (an empty object if none).
  virtual const nlohmann::json& config() const = 0;

  virtual Status registerApi(ApiDescriptor api) = 0;
  virtual Status registerQuery(QueryDescriptor query) = 0;
  virtual Status registerFlow(FlowRegistration flow) = 0;
  virtual Status registerSystemTag(SystemTagFormat format) = 0;
  // What to do when a resource of a type, usually another plugin's, is deleted (ZStack's
  // CascadeExtensionPoint): cascade.h.
  virtual Status registerCascade(CascadeRegistration cascade) = 0;
  // Declares a schema component whose migrations live in sql/<component>/; the host applies
  // those up to pluginVersion() before it serves any request, and refuses to start on a
  // database whose schema of the component is newer than that (no downgrades).
  virtual Status registerSchema(const std::string& component) = 0;

  // Never pass secrets here.
  virtual void log(LogLevel level, const std::string& message) = 0;
};

// start() and stop() are called once each, on the host's main thread: start() before the
// first request is served, stop() after the last one has been answered; a plugin's start()
// after, and its stop() before, those of the plugins it requires. The HostContext is
// valid during start() only: copy what is needed of it (config(), the versions). What a plugin
// registers is shared by every HTTP, job and query thread from then on, so it must be safe to
// call concurrently (flow.h, query.h, tags.h say which calls run where).
class Plugin {
 public:
  virtual ~Plugin() = default;
  virtual Status start(HostContext& host) = 0;
  // Called before the host shuts down, while the database is still open.
  virtual void stop() {}
};

}  // namespace zstack

// Exports a plugin: ZSTACK_PLUGIN("ai-model", "5.5.22", AiModelPlugin).
#define ZSTACK_PLUGIN(NAME, VERSION, CLASS) ZSTACK_PLUGIN_EXPORTS_(NAME, VERSION, CLASS, nullptr)

// Exports a plugin that requires others, named as plugin.yaml names them:
// ZSTACK_PLUGIN_REQUIRING("ai-dataset", "5.5.22", AiDatasetPlugin, "ai-model").
#define ZSTACK_PLUGIN_REQUIRING(NAME, VERSION, CLASS, ...)                \
  namespace zstack_plugin_exports {                                       \
  static const char* const requirements[] = {__VA_ARGS__, nullptr};       \
  }                                                                       \
  ZSTACK_PLUGIN_EXPORTS_(NAME, VERSION, CLASS, zstack_plugin_exports::requirements)

#define ZSTACK_PLUGIN_EXPORTS_(NAME, VERSION, CLASS, REQUIREMENTS)                                   \
  namespace zstack_plugin_exports {                                                                 \
  const ::zstack::PluginDescriptor& descriptor() {                                                  \
    static const ::zstack::PluginDescriptor d{NAME, VERSION, ::zstack::kHostApiVersion, REQUIREMENTS}; \
    return d;                                                                                       \
  }                                                                                                 \
  std::shared_ptr<::zstack::Plugin> create() { return std::make_shared<CLASS>(); }                  \
  }                                                                                                 \
  BOOST_DLL_ALIAS(zstack_plugin_exports::descriptor, zstack_plugin_descriptor)                      \
  BOOST_DLL_ALIAS(zstack_plugin_exports::create, zstack_plugin_create)
