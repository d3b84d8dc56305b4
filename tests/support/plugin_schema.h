// A plugin's schema for its unit tests, applied the way the host applies it: the host's own
// migrator on a SQLite file, so that the tests split and order scripts exactly as production
// does.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "zstack/version.h"

namespace zstack::testing {

// Applies `component`'s scripts under the source tree's sql/ (up to `upTo`, all when empty) to
// the SQLite database `file`, created if need be. Returns the versions applied; throws
// std::runtime_error with the migrator's reason when it refuses.
std::vector<Version> applyPluginSchema(const std::filesystem::path& file, const std::string& component,
                                       const std::optional<Version>& upTo = std::nullopt);

}  // namespace zstack::testing
