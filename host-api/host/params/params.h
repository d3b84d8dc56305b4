// Checking an API's parameters against its ParamSpec table, in ZStack's two stages.
//
// checkTypes() runs while the HTTP request is read: a value of the wrong JSON type is a bad
// request (400) and no job is created. validate() runs inside the job: presence, lengths,
// valid values, uuid forms, number ranges, unknown parameters and since-versions, each a
// SYS.1007 naming the parameter, surfacing as the job's failed result like ZStack does.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "zstack/api.h"
#include "zstack/error.h"
#include "zstack/version.h"

namespace zstack::params {

// Keys the host accepts inside any parameter object besides the API's table: the tags (which
// the host takes out) and the SDKs' requestIp (kept for the audit log only).
bool isHostKey(const std::string& key);

// `object` is the parameter object (the value under the API's parameterName).
Status checkTypes(const ApiDescriptor& api, const nlohmann::json& object);

// Checks every rule of the table and the since-versions against `apiVersion`. Null values
// count as absent. Assumes checkTypes() passed.
Status validate(const ApiDescriptor& api, const Version& apiVersion, const nlohmann::json& object);

// SYS.1007 when an API of no resource type (whose ApiDescriptor::resourceType is empty) is
// given tags: the SDKs' actions all have systemTags and userTags, which such an API takes empty.
Status checkTagsTaken(const ApiDescriptor& api, const std::vector<std::string>& systemTags,
                      const std::vector<std::string>& userTags);

// Length in Unicode code points of UTF-8 text (what ZStack's maxLength counts).
std::size_t codePointCount(const std::string& utf8);

}  // namespace zstack::params
