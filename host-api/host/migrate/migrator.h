// Versioned schema upgrades, Flyway-style.
//
// Each component's scripts live in <sqlRoot>/<component>/V<version>__<what>.sql; a dialect
// variant V<version>__<what>.<sqlite|postgresql|mysql>.sql replaces the neutral file on that
// database. Applied scripts are recorded in schema_history (component, version, script,
// checksum, execution time, success). migrate() applies the pending scripts of each
// component in version order, up to the component's target (SchemaComponent::upTo), each in
// its own transaction, holding a database-wide lock so only one host migrates at a time. It
// refuses, with a one-line reason and before applying anything: a database whose recorded
// version of a component is newer than the newest script (code older than the schema) or
// newer than the component's target (a downgrade), an applied script whose file changed
// since (checksum), and a recorded failure.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "db/database.h"
#include "migrate/schema_component.h"
#include "zstack/error.h"
#include "zstack/version.h"

namespace zstack::migrate {

struct AppliedScript {
  std::string component;
  Version version;
  std::string script;
};

// Applies pending scripts. `applied`, if given, receives what this call applied.
Status migrate(db::Database& database, const std::filesystem::path& sqlRoot,
               const std::vector<SchemaComponent>& components,
               std::vector<AppliedScript>* applied = nullptr);

}  // namespace zstack::migrate
