#include "tags/tags.h"

#include <algorithm>

namespace zstack::tags {
namespace {

Status checkBounds(const char* field, const std::vector<std::string>& tags) {
  if (tags.size() > kMaxTagsPerCall) {
    return invalidArgument(std::string(field) + " has " + std::to_string(tags.size()) + " tags, more than the maximum " +
                           std::to_string(kMaxTagsPerCall));
  }
  for (const std::string& tag : tags) {
    if (tag.empty()) return invalidArgument(std::string(field) + " contains an empty tag");
    if (tag.size() > kMaxTagLength) {
      return invalidArgument(std::string(field) + " contains a tag longer than " + std::to_string(kMaxTagLength) + " bytes");
    }
  }
  return Status::OK();
}

void appendUnique(std::vector<std::string>& out, const std::string& tag) {
  if (std::find(out.begin(), out.end(), tag) == out.end()) out.push_back(tag);
}

}  // namespace

Status validateRequestTags(const Registry& registry, const std::string& resourceType,
                           const std::vector<std::string>& systemTags,
                           const std::vector<std::string>& userTags, RequestTags* out) {
  if (Status status = checkBounds("systemTags", systemTags); !status.ok()) return status;
  if (Status status = checkBounds("userTags", userTags); !status.ok()) return status;
  RequestTags result;
  const auto& formats = registry.tagFormats(resourceType);
  for (const std::string& tag : systemTags) {
    if (tag.rfind(kEphemeralPrefix, 0) == 0) continue;
    const RegisteredTagFormat* matched = nullptr;
    TagTokens tokens;
    for (const RegisteredTagFormat& format : formats) {
      if (format.pattern.match(tag, &tokens)) {
        matched = &format;
        break;
      }
    }
    if (!matched) return invalidArgument("no system tag matches " + tag);
    Status status;
    try {
      status = matched->format.validate(tag, tokens);
    } catch (const std::exception& e) {
      status = internalError("validator of system tag format " + matched->format.format + " failed: " + e.what());
    }
    if (!status.ok()) return status;
    appendUnique(result.system, tag);
  }
  for (const std::string& tag : userTags) appendUnique(result.user, tag);
  *out = std::move(result);
  return Status::OK();
}

}  // namespace zstack::tags
