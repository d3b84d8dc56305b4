// Loading plugins: Boost.DLL, the ABI check, staged registration, and library lifetimes.
//
// Each enabled plugin's library is loaded with RTLD_NOW | RTLD_LOCAL, its descriptor read and
// its host-API version checked before any of its code runs. Plugins start after the plugins
// their descriptors require, otherwise in plugin.yaml order (loader/plugin_order.h), and stop in
// reverse; what a plugin registers is staged and reaches the Registry only if its start()
// succeeds, so a skipped optional plugin leaves nothing behind. Libraries stay loaded until
// the loader is destroyed, after the registry has dropped every object they made.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "config/config.h"
#include "registry/registry.h"

namespace zstack {

class PluginLoader {
 public:
  PluginLoader();
  ~PluginLoader();  // the registry must have been cleared by then
  PluginLoader(const PluginLoader&) = delete;
  PluginLoader& operator=(const PluginLoader&) = delete;

  // Loads the enabled plugins and checks their descriptors, and that a `version:` in
  // plugin.yaml is no newer than the library's. A failing plugin is an error naming it and
  // the reason, unless it is optional (then it is skipped with a warning). So is a plugin
  // requiring one that plugin.yaml does not enable or that was skipped (one line naming both),
  // and a requirement cycle (naming its plugins). Orders the plugins for start().
  Status load(const std::vector<PluginEntry>& plugins);
  // The newest API version every loaded plugin supports at its configured version: the
  // lowest plugin version (empty if none is loaded).
  Version newestCommonVersion() const;
  // Refuses an API version newer than a loaded plugin's configured version, naming it.
  Status checkApiVersion(const Version& apiVersion) const;
  // Starts the loaded plugins, each after those it requires, registering what they provide;
  // each plugin's schema components are registered with its version as their target. A
  // plugin requiring one that failed to start (optional, skipped) is skipped too, or refused.
  Status start(Registry& registry, const Version& apiVersion);
  // Stops the started plugins, in reverse order.
  void stop();

  std::vector<std::string> startedPlugins() const;

 private:
  struct Loaded;
  // `skipped`: the enabled plugins not loaded (optional); grows with those dropped here.
  Status dropUnmetRequirements(std::set<std::string>& skipped);
  Status orderByRequirements();

  std::vector<std::unique_ptr<Loaded>> loaded_;  // in start order once load() succeeded
};

}  // namespace zstack
