#include "fuzz_host.h"

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <vector>

#include <unistd.h>

#include "common/error_json.h"
#include "common/log.h"
#include "migrate/migrator.h"

namespace zstack::fuzz {

void die(const std::string& what) {
  std::fprintf(stderr, "fuzz target: %s\n", what.c_str());
  std::fflush(stderr);
  std::abort();
}

void quietLog() { log::setLevel(LogLevel::Error); }

void checkRenders(const Status& status) {
  if (status.ok()) return;
  try {
    if (!nlohmann::json::accept(errorBody(status.error()))) die("the error body of " + status.error().details + " is not JSON");
  } catch (const std::exception& e) {
    die("rendering the error " + status.error().code + " failed: " + e.what());
  }
}

bool tracing() {
  static const bool on = [] {
    const char* value = std::getenv("ZSTACK_FUZZ_TRACE");
    return value && std::string(value) == "1";
  }();
  return on;
}

void trace(const std::string& what, const Status& status) {
  std::fprintf(stderr, "%s: %s\n", what.c_str(),
               status.ok() ? "OK" : (status.error().code + " " + status.error().details.substr(0, 300)).c_str());
}

ScratchDir::ScratchDir(const std::string& prefix) {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/" + prefix + "-XXXXXX";
  if (!::mkdtemp(pattern.data())) die("cannot make a scratch folder " + pattern);
  path_ = pattern;
}

ScratchDir::~ScratchDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

HostRegistry::HostRegistry() {
  PluginEntry aiModel;
  aiModel.name = "ai-model";
  aiModel.library = ZSTACK_AI_MODEL_SO;
  if (Status status = bootstrap_.start({aiModel}, Version()); !status.ok()) {
    die("starting the ai-model plugin: " + status.error().details);
  }
}

std::unique_ptr<db::Database> openMigratedDatabase(const Registry& registry, const std::filesystem::path& dir) {
  db::DatabaseOptions options;
  options.url = "sqlite://" + (dir / "zstack.db").string();
  options.poolSize = 2;
  options.sqliteSynchronous = "OFF";
  std::unique_ptr<db::Database> database;
  if (Status status = db::Database::open(options, &database); !status.ok()) die(status.error().details);
  if (Status status = migrate::migrate(*database, std::filesystem::path(ZSTACK_SOURCE_DIR) / "sql",
                                       registry.schemaComponents());
      !status.ok()) {
    die("migrating " + options.url + ": " + status.error().details);
  }
  return database;
}

}  // namespace zstack::fuzz
