// Cascades: what a plugin does when a resource, usually of another plugin's type, is deleted
// (ZStack's CascadeExtensionPoint).
//
// A plugin registers a cascade at start with HostContext::registerCascade. Whenever a flow
// calls ResourceService::remove(uuid) on a resource whose ResourceVO type is the cascade's
// resourceType, the host runs the cascade's handler inside that call, in the deleting API's
// transaction, before it removes the resource's own bookkeeping (its tags, sharing, ownership
// and ResourceVO row; the deleting plugin's own row may already be gone, so do not refer to it
// with a foreign key). The deleting plugin does not know its cascades.
//
// A handler returning an error fails the whole API call: the call's flows roll back in
// reverse and its transaction rolls back, so nothing of the delete stays, whatever the
// deleting flow does with remove()'s answer. A handler may remove resources itself
// (ctx.resources().remove(uuid)), whose cascades then run in turn; the host refuses, failing
// the call, a resource removed again while its own cascades run, and cascades nested deeper
// than kMaxCascadeDepth. What a handler throws is caught, logged and answered as SYS.1000,
// like a flow's exception.
#pragma once

#include <functional>
#include <string>

#include "zstack/context.h"
#include "zstack/error.h"

namespace zstack {

inline constexpr int kMaxCascadeDepth = 16;

struct CascadeRegistration {
  // The ResourceVO.resourceType whose deletion this follows, e.g. "ModelCenterVO".
  std::string resourceType;
  // Names the cascade in the log and in refusals, e.g. "deleteDatasetsOfCenter"; unique among
  // the cascades of one resource type.
  std::string name;
  // Gets the deleting call's context and the uuid of the resource being deleted. One handler
  // serves every call: the host runs API calls on several job worker threads at once, so it
  // runs concurrently with itself, each time with another call's ApiContext (used by one
  // thread at a time). Keep a call's state in that context, never in the handler.
  std::function<Status(ApiContext& ctx, const std::string& uuid)> handler;
};

}  // namespace zstack
