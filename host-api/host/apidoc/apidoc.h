// The API reference, generated from the registered parameter tables: the same tables the
// host validates requests with, so the reference cannot drift from the behaviour.
#pragma once

#include <string>

#include "registry/registry.h"

namespace zstack::apidoc {

enum class Language { Chinese, English };

// Markdown for every API in the layout of ZStack's API pages: login and logout, every
// registered API (URL with its path variables, headers, a body or query-string example, the
// parameter table with since-versions), and every query API (its standard parameters and
// queryable fields).
std::string render(const Registry& registry, Language language);

// A parameter's description cell: its text and its rules, e.g. "resource name (not blank; at
// most 255)". The OpenAPI document describes parameters with the same text.
std::string describeParam(const ParamSpec& spec, Language language);

}  // namespace zstack::apidoc
