// The OpenAPI 3.0.3 description of the host's REST API, generated from the registry: the same
// parameter tables and query descriptors the host validates and answers with, so the
// document cannot drift from the behaviour. Served at GET /zstack/v1/openapi.json; zstack-cli
// learns every API from it.
//
// Besides standard OpenAPI, the document carries what a ZStack client needs to know:
//   operations  x-zstack-api (the API name), x-zstack-async, x-zstack-parameter-name,
//               x-zstack-query, x-zstack-since; PUT actions sharing one path are one operation
//               whose body is oneOf the actions' bodies, each alternative carrying the same
//               x-zstack-* keys, and the operation lists them in x-zstack-actions
//   properties  x-zstack-since, x-description-zh; in query inventories x-zstack-queryable
//               (usable in conditions and sorting); x-zstack-host-key marks the keys the
//               host reads inside every parameter object (systemTags, userTags, requestIp)
#pragma once

#include <nlohmann/json.hpp>

#include "registry/registry.h"
#include "zstack/version.h"

namespace zstack::openapi {

// Everything `apiVersion` serves: APIs, queries, parameters and fields whose since-version is
// not newer, plus the REST front's own routes (login, logout, job polls).
nlohmann::json document(const Registry& registry, const Version& apiVersion);

}  // namespace zstack::openapi
