// One schema component the migrator keeps current, and how far. Header-only, so that the
// Registry can carry what plugins declare without depending on the database.
#pragma once

#include <optional>
#include <string>

#include "zstack/version.h"

namespace zstack::migrate {

struct SchemaComponent {
  std::string name;  // the scripts' folder, <sqlRoot>/<name>/
  // Apply the scripts up to and including this version; empty: all of them.
  std::optional<Version> upTo = std::nullopt;
  // What sets upTo, as the refusal of a newer database names it, e.g. "plugin ai-model 5.4.6
  // in plugin.yaml"; empty: "V<upTo>".
  std::string upToSource = {};
};

}  // namespace zstack::migrate
