// System-tag formats and their validators.
//
// A system tag is "key::value" (ZStack's format). A format such as "minGpuMemory::{bytes}"
// matches tags whose literal parts are equal and captures each {token}; the last token takes
// the rest of the tag. A tag that matches no format registered for the resource type is
// refused with SYS.1007 "no system tag matches <tag>".
#pragma once

#include <functional>
#include <map>
#include <string>

#include "zstack/error.h"

namespace zstack {

using TagTokens = std::map<std::string, std::string>;

struct SystemTagFormat {
  std::string resourceType;  // "ModelVO"
  std::string format;        // "minGpuMemory::{bytes}"
  // Checks the captured tokens; returns SYS.1007 naming the tag and the rule on failure.
  // Called on the job worker threads, concurrently for different calls.
  std::function<Status(const std::string& tag, const TagTokens& tokens)> validate;
  std::string descriptionEn;
};

}  // namespace zstack
