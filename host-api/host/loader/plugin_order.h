// The start order of plugins that require each other (PluginDescriptor::requirements).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "zstack/error.h"

namespace zstack {

struct PluginRequirements {
  std::string name;
  std::vector<std::string> requirements;  // names of other entries; each must be one of them
};

// The order in which to start `plugins` (indices into it): every plugin after the plugins it
// requires, and otherwise in the given (plugin.yaml) order: each next plugin is the first
// listed whose requirements have all been placed. A requirement naming no entry is a bug of the
// caller (std::invalid_argument); a cycle is an error naming its plugins in order,
// "plugin requirements form a cycle: a requires b, b requires a".
Status startOrder(const std::vector<PluginRequirements>& plugins, std::vector<std::size_t>* order);

}  // namespace zstack
