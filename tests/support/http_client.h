// The tests' HTTP client is the one zstack-cli uses (host-api/client/http_client.h).
#pragma once

#include "client/http_client.h"

namespace zstack::testing {

using HttpClient = zstack::client::HttpClient;

}  // namespace zstack::testing
