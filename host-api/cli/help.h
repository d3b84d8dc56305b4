// zstack-cli's help texts. Everything about an API comes from the catalog, that is from the
// host's own parameter tables, so the help describes what the host validates.
#pragma once

#include <string>

#include "cli/catalog.h"

namespace zstack::cli {

// zstack-cli's usage: commands, options, environment, session file and exit codes.
std::string usage();
// Every API of the node with its summary.
std::string apiList(const Catalog& catalog, const std::string& endpoint);
// One API: its route, how to call it, and its parameter table (name, type, required, since,
// valid values, description); for a query, its conditions, keys and fields.
std::string apiHelp(const Api& api);

}  // namespace zstack::cli
