// The APIs the REST front answers itself rather than through the registry and a job: login
// and logout, the two calls that need no session. Their parameter tables live here so that the API reference, the OpenAPI
// document and zstack-cli describe them like any registered API.
#pragma once

#include <vector>

#include "zstack/api.h"

namespace zstack {

// PUT /accounts/login, parameterName logInByAccount: accountName, password (the SHA-512 hex).
ApiDescriptor logInByAccountApi();
// DELETE /accounts/sessions/{sessionUuid}.
ApiDescriptor logOutApi();
// Both, in that order.
std::vector<ApiDescriptor> fixedApis();

}  // namespace zstack
