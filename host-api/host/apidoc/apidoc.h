// The API reference, generated from the registered parameter tables: the same tables the
// host validates requests with, so the reference cannot drift from the behaviour.
#pragma once

#include <string>

#include "registry/registry.h"

namespace zstack::apidoc {

enum class Language { Chinese, English };

// Markdown for every registered API, in the layout of ZStack's API pages: the URL, the
// headers, a body example, and the parameter table with since-versions.
std::string render(const Registry& registry, Language language);

}  // namespace zstack::apidoc
