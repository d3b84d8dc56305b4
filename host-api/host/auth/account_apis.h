// The host's account APIs: CreateAccount, ShareResource and RevokeResourceSharing.
#pragma once

#include "registry/registry.h"
#include "zstack/error.h"

namespace zstack::auth {

// Accounts are resources too, so their uuids cannot collide with any other resource's.
inline constexpr char kAccountResourceType[] = "AccountVO";

Status registerAccountApis(Registry& registry);

}  // namespace zstack::auth
