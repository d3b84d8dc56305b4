#include "plugin_schema.h"

#include <memory>
#include <stdexcept>

#include "db/database.h"
#include "migrate/migrator.h"

namespace zstack::testing {

std::vector<Version> applyPluginSchema(const std::filesystem::path& file, const std::string& component,
                                       const std::optional<Version>& upTo) {
  db::DatabaseOptions options;
  options.url = "sqlite://" + std::filesystem::absolute(file).string();
  options.poolSize = 1;
  options.queryPoolSize = 1;
  // A test's database need not survive a power cut.
  options.sqliteSynchronous = "NORMAL";
  std::unique_ptr<db::Database> database;
  if (Status s = db::Database::open(options, &database); !s.ok()) throw std::runtime_error(s.error().details);
  std::vector<migrate::AppliedScript> applied;
  if (Status s = migrate::migrate(*database, ZSTACK_SOURCE_DIR "/sql", {{component, upTo, ""}}, &applied); !s.ok()) {
    throw std::runtime_error(s.error().details);
  }
  std::vector<Version> versions;
  for (const migrate::AppliedScript& script : applied) versions.push_back(script.version);
  return versions;
}

}  // namespace zstack::testing
