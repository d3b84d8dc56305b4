// What the fuzz targets share: the host's registry as zstack-mn builds it (the host's own APIs
// and the ai-model plugin, loaded from its built .so by the real PluginLoader), scratch
// folders outside the source tree, and SQLite databases migrated with the real sql/ scripts.
//
// Each target builds what it needs once, in LLVMFuzzerInitialize, and keeps it to the end of the
// process; a set-up that fails, and every bug a target detects itself, end the process through
// die() so that libFuzzer saves the input.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "db/database.h"
#include "bootstrap/bootstrap.h"
#include "registry/registry.h"
#include "zstack/version.h"

namespace zstack::fuzz {

// Writes `what` to stderr and aborts (libFuzzer reports the crash and saves the input).
[[noreturn]] void die(const std::string& what);

// Only errors reach the log: a warning per refused request would be most of the run time.
void quietLog();

// A target's state, made once in LLVMFuzzerInitialize (with the log quieted) and destroyed at
// exit, once libFuzzer is done: its threads stopped, its plugin unloaded, its scratch folders
// removed.
template <typename T>
T& keepUntilExit() {
  static T* state = nullptr;
  quietLog();
  state = new T();
  std::atexit([] {
    delete state;
    state = nullptr;
  });
  return *state;
}

// Dies unless a refusal renders as the REST front answers it (errorBody): JSON, whatever client
// text its details quote.
void checkRenders(const Status& status);

// ZSTACK_FUZZ_TRACE=1: the targets say what each input did (to check what a seed reaches).
bool tracing();
void trace(const std::string& what, const Status& status);

// A fresh folder under TMPDIR (or /tmp), removed with its contents when destroyed.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& prefix);
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// The registry zstack-mn serves with the ai-model plugin (zstack::Bootstrap), at the plugin's
// API version.
class HostRegistry {
 public:
  HostRegistry();  // dies when the plugin does not load or start

  const Registry& registry() const { return bootstrap_.registry(); }
  const Version& apiVersion() const { return bootstrap_.apiVersion(); }

 private:
  Bootstrap bootstrap_;
};

// SQLite in `dir` with the registry's schema components migrated from the source tree's sql/
// (as zstack-mn migrates at start). Durability is no concern here: synchronous=OFF.
std::unique_ptr<db::Database> openMigratedDatabase(const Registry& registry, const std::filesystem::path& dir);

}  // namespace zstack::fuzz
