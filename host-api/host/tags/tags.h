// The tag manager: checks a call's system and user tags, and serves CreateTag (tag patterns).
#pragma once

#include <string>
#include <vector>

#include "registry/registry.h"
#include "zstack/error.h"

namespace zstack::tags {

// Bounds on what one call may carry.
inline constexpr std::size_t kMaxTagsPerCall = 256;
inline constexpr std::size_t kMaxTagLength = 2048;
// Tags with this prefix steer one call and are never stored.
inline constexpr char kEphemeralPrefix[] = "ephemeral::";

struct RequestTags {
  std::vector<std::string> system;  // to store: validated, ephemeral ones removed, no duplicates
  std::vector<std::string> user;    // to store: no duplicates
};

// Every system tag must match a format registered for `resourceType` and pass its validator
// (SYS.1007 "no system tag matches <tag>" otherwise); user tags are free text within bounds.
Status validateRequestTags(const Registry& registry, const std::string& resourceType,
                           const std::vector<std::string>& systemTags,
                           const std::vector<std::string>& userTags, RequestTags* out);

// The host's tag queries: QueryTag (GET /tags, TagPatternVO), QuerySystemTag
// (GET /system-tags) and QueryUserTag (GET /user-tags), tags visible with their resource.
std::vector<QueryDescriptor> tagQueries();

// Registers the host's own tag APIs (CreateTag and the tag queries) and CreateTag's flow.
Status registerTagApis(Registry& registry);

}  // namespace zstack::tags
