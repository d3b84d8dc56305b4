#include "loader/plugin_loader.h"

#include <boost/dll/import.hpp>
#include <boost/dll/shared_library.hpp>

#include <dlfcn.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "common/log.h"
#include "loader/plugin_order.h"
#include "zstack/plugin.h"

namespace zstack {
namespace {

// Collects one plugin's registrations until its start() has succeeded.
class StagingContext : public HostContext {
 public:
  StagingContext(const Version& apiVersion, const Version& pluginVersion, std::string versionSource,
                 const nlohmann::json& config, std::string plugin)
      : apiVersion_(apiVersion), pluginVersion_(pluginVersion), versionSource_(std::move(versionSource)),
        config_(config), plugin_(std::move(plugin)) {}

  const Version& apiVersion() const override { return apiVersion_; }
  const Version& pluginVersion() const override { return pluginVersion_; }
  const nlohmann::json& config() const override { return config_; }
  Status registerApi(ApiDescriptor api) override { return stage(staged_.addApi(std::move(api), plugin_)); }
  Status registerQuery(QueryDescriptor query) override { return stage(staged_.addQuery(std::move(query), plugin_)); }
  Status registerFlow(FlowRegistration flow) override { return stage(staged_.addFlow(std::move(flow))); }
  Status registerSystemTag(SystemTagFormat format) override {
    return stage(staged_.addSystemTag(std::move(format), plugin_));
  }
  Status registerCascade(CascadeRegistration cascade) override {
    return stage(staged_.addCascade(std::move(cascade), plugin_));
  }
  // The plugin's schema follows its version: migrated up to it, never down.
  Status registerSchema(const std::string& component) override {
    return stage(staged_.addSchema({component, pluginVersion_, versionSource_}));
  }
  void log(LogLevel level, const std::string& message) override { log::write(level, "[" + plugin_ + "] " + message); }

  // Adds what was staged to the registry, all of it or (on a clash with what others
  // registered) none of it, so that a plugin skipped leaves no code of its library behind.
  Status commit(Registry& registry) {
    if (!firstError_.ok()) return firstError_;
    return registry.addAll(staged_);
  }

 private:
  Status stage(Status status) {
    if (!status.ok() && firstError_.ok()) firstError_ = status;
    return status;
  }

  const Version& apiVersion_;
  const Version& pluginVersion_;
  std::string versionSource_;
  const nlohmann::json& config_;
  std::string plugin_;
  Registry staged_;
  Status firstError_;
};

// Boost.DLL reports a failed dlopen() with a generic error code and consumes dlerror(); the
// loader's own words ("invalid ELF header", "undefined symbol: ...") are what an operator needs,
// so ask dlopen() once more, on this failure path only.
std::string dynamicLoaderReason(const std::filesystem::path& library, const boost::system::error_code& ec) {
  if (void* handle = ::dlopen(library.c_str(), RTLD_NOW | RTLD_LOCAL)) {
    ::dlclose(handle);
    return ec.message();
  }
  const char* reason = ::dlerror();
  return reason ? reason : ec.message();
}

// A descriptor's requirements end with nullptr; more than this many is a descriptor without it.
constexpr std::size_t kMaxRequirements = 64;

Status readRequirements(const PluginDescriptor& d, std::vector<std::string>* out) {
  if (!d.requirements) return Status::OK();
  for (std::size_t i = 0; d.requirements[i]; ++i) {
    if (i == kMaxRequirements) {
      return internalError("its descriptor lists more than " + std::to_string(kMaxRequirements) +
                           " requirements (is the list not ended with nullptr?)");
    }
    std::string name = d.requirements[i];
    if (name.empty()) return internalError("its descriptor requires a plugin with an empty name");
    if (std::find(out->begin(), out->end(), name) == out->end()) out->push_back(std::move(name));
  }
  return Status::OK();
}

}  // namespace

struct PluginLoader::Loaded {
  PluginEntry entry;
  boost::dll::shared_library library;
  Version libraryVersion;  // the descriptor's
  Version version;         // the release this node runs: plugin.yaml's, else the library's
  std::vector<std::string> requirements;  // the descriptor's, by plugin.yaml name
  std::shared_ptr<Plugin> plugin;  // set once started
  bool stopped = false;

  // "plugin ai-model 5.4.6 in plugin.yaml", or "plugin ai-model 5.5.22" when the version is
  // the library's own: what the API version and the schema are held to, as refusals name it.
  std::string versionSource() const {
    return "plugin " + entry.name + " " + version.str() + (entry.version ? " in plugin.yaml" : "");
  }
};

PluginLoader::PluginLoader() = default;

PluginLoader::~PluginLoader() {
  stop();
  // Plugin objects go before the libraries whose code they are; libraries unload in reverse
  // start order, a plugin's before those of the plugins it requires.
  for (auto it = loaded_.rbegin(); it != loaded_.rend(); ++it) (*it)->plugin.reset();
  while (!loaded_.empty()) loaded_.pop_back();
}

Status PluginLoader::load(const std::vector<PluginEntry>& plugins) {
  std::set<std::string> skipped;  // enabled, optional, and not loaded
  for (const PluginEntry& entry : plugins) {
    if (!entry.enabled) {
      log::info("plugin " + entry.name + " is disabled in plugin.yaml; not loading it");
      continue;
    }
    auto loaded = std::make_unique<Loaded>();
    loaded->entry = entry;
    Status status;
    try {
      boost::system::error_code ec;
      std::error_code exists;
      if (!std::filesystem::is_regular_file(entry.library, exists)) {
        throw std::runtime_error("library " + entry.library.string() + " does not exist");
      }
      loaded->library.load(entry.library.string(),
                           boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local, ec);
      if (ec) {
        status = internalError("cannot load " + entry.library.string() + ": " + dynamicLoaderReason(entry.library, ec));
      } else if (!loaded->library.has("zstack_plugin_descriptor") || !loaded->library.has("zstack_plugin_create")) {
        status = internalError(entry.library.string() + " is not a zstack plugin (no zstack_plugin_descriptor/zstack_plugin_create)");
      } else {
        auto descriptor = loaded->library.get_alias<const PluginDescriptor&()>("zstack_plugin_descriptor");
        const PluginDescriptor& d = descriptor();
        if (d.hostApiVersion != kHostApiVersion) {
          status = internalError("built against host API version " + std::to_string(d.hostApiVersion) +
                                 ", this host has version " + std::to_string(kHostApiVersion));
        } else if (!Version::parse(d.version ? d.version : "")) {
          status = internalError("its descriptor has no valid version");
        } else if (entry.version && *entry.version > Version(d.version)) {
          status = internalError("version " + entry.version->str() + " in plugin.yaml is newer than its library " +
                                 entry.library.string() + " (" + d.version + ")");
        } else if (status = readRequirements(d, &loaded->requirements); status.ok()) {
          loaded->libraryVersion = Version(d.version);
          loaded->version = entry.version ? *entry.version : loaded->libraryVersion;
          if (entry.name != d.name) {
            log::warn("plugin.yaml names plugin '" + entry.name + "' but its library calls itself '" + d.name + "'");
          }
        }
      }
    } catch (const std::exception& e) {
      status = internalError(e.what());
    }
    if (!status.ok()) {
      const std::string reason = "plugin " + entry.name + ": " + status.error().details;
      if (!entry.optional) return internalError(reason);
      log::warn(reason + " (optional: skipped)");
      skipped.insert(entry.name);
      continue;
    }
    log::info("loaded plugin " + entry.name + " " + loaded->version.str() +
              (entry.version ? " (library " + loaded->libraryVersion.str() + ")" : std::string()) + " from " +
              entry.library.string());
    loaded_.push_back(std::move(loaded));
  }
  if (Status status = dropUnmetRequirements(skipped); !status.ok()) return status;
  return orderByRequirements();
}

Status PluginLoader::dropUnmetRequirements(std::set<std::string>& skipped) {
  auto isLoaded = [this](const std::string& name) {
    return std::any_of(loaded_.begin(), loaded_.end(), [&](const auto& loaded) { return loaded->entry.name == name; });
  };
  // One plugin at a time, until none lacks a requirement: a plugin skipped here may be what
  // another one requires.
  while (true) {
    auto lacking = loaded_.end();
    std::string missing;
    for (auto it = loaded_.begin(); it != loaded_.end() && lacking == loaded_.end(); ++it) {
      for (const std::string& required : (*it)->requirements) {
        if (isLoaded(required)) continue;
        lacking = it;
        missing = required;
        break;
      }
    }
    if (lacking == loaded_.end()) return Status::OK();
    const PluginEntry& entry = (*lacking)->entry;
    const std::string line = "plugin " + entry.name + " requires " + missing + ", which " +
                             (skipped.count(missing) ? "was skipped" : "plugin.yaml does not enable");
    if (!entry.optional) return internalError(line);
    log::warn(line + " (optional: skipped)");
    skipped.insert(entry.name);
    loaded_.erase(lacking);
  }
}

Status PluginLoader::orderByRequirements() {
  std::vector<PluginRequirements> graph;
  for (const auto& loaded : loaded_) graph.push_back({loaded->entry.name, loaded->requirements});
  std::vector<std::size_t> order;
  if (Status status = startOrder(graph, &order); !status.ok()) return internalError(status.error().details);
  std::vector<std::unique_ptr<Loaded>> ordered;
  for (std::size_t index : order) ordered.push_back(std::move(loaded_[index]));
  loaded_ = std::move(ordered);
  return Status::OK();
}

Version PluginLoader::newestCommonVersion() const {
  Version newest;
  for (const auto& loaded : loaded_) {
    if (newest.empty() || loaded->version < newest) newest = loaded->version;
  }
  return newest;
}

Status PluginLoader::checkApiVersion(const Version& apiVersion) const {
  for (const auto& loaded : loaded_) {
    if (loaded->version < apiVersion) {
      return invalidArgument("API version " + apiVersion.str() + " is newer than " + loaded->versionSource() +
                             ": refusing to start");
    }
  }
  return Status::OK();
}

Status PluginLoader::start(Registry& registry, const Version& apiVersion) {
  for (auto it = loaded_.begin(); it != loaded_.end();) {
    Loaded& loaded = **it;
    // The plugins it requires come before it (load() ordered them); one that failed to start
    // and was skipped (optional) takes this one with it.
    const auto gone = std::find_if(loaded.requirements.begin(), loaded.requirements.end(), [&](const std::string& name) {
      return std::none_of(loaded_.begin(), it, [&](const auto& started) { return started->entry.name == name; });
    });
    if (gone != loaded.requirements.end()) {
      const std::string line = "plugin " + loaded.entry.name + " requires " + *gone + ", which was skipped";
      if (!loaded.entry.optional) return internalError(line);
      log::warn(line + " (optional: skipped)");
      it = loaded_.erase(it);
      continue;
    }
    std::shared_ptr<Plugin> plugin;
    Status status;
    {
      // What is staged holds objects of the plugin's code, so it goes at the end of this block,
      // before the library of a plugin that failed may be unloaded below.
      StagingContext context(apiVersion, loaded.version, loaded.versionSource(), loaded.entry.config,
                             loaded.entry.name);
      try {
        auto create = loaded.library.get_alias<std::shared_ptr<Plugin>()>("zstack_plugin_create");
        plugin = create();
        status = plugin ? plugin->start(context) : internalError("its factory returned no plugin");
        if (status.ok()) status = context.commit(registry);
      } catch (const std::exception& e) {
        status = internalError(std::string("start threw: ") + e.what());
      } catch (...) {
        status = internalError("start threw a non-standard exception");
      }
    }
    if (!status.ok()) {
      const std::string reason = "plugin " + loaded.entry.name + " failed to start: " + status.error().details;
      plugin.reset();
      // A Status the plugin made is freed by its code (the shared_ptr's control block): drop it
      // before the library may be unloaded below.
      status = Status::OK();
      if (!loaded.entry.optional) return internalError(reason);
      log::warn(reason + " (optional: skipped)");
      it = loaded_.erase(it);
      continue;
    }
    loaded.plugin = std::move(plugin);
    log::info("started plugin " + loaded.entry.name);
    ++it;
  }
  return Status::OK();
}

void PluginLoader::stop() {
  for (auto it = loaded_.rbegin(); it != loaded_.rend(); ++it) {
    Loaded& loaded = **it;
    if (!loaded.plugin || loaded.stopped) continue;
    loaded.stopped = true;
    try {
      loaded.plugin->stop();
    } catch (const std::exception& e) {
      log::error("plugin " + loaded.entry.name + " failed to stop: " + e.what());
      continue;
    }
    log::info("stopped plugin " + loaded.entry.name);
  }
}

std::vector<std::string> PluginLoader::startedPlugins() const {
  std::vector<std::string> names;
  for (const auto& loaded : loaded_) {
    if (loaded->plugin) names.push_back(loaded->entry.name);
  }
  return names;
}

}  // namespace zstack
