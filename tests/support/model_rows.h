// Models written straight into a host's database as AddModel leaves them (ResourceVO,
// AccountResourceRefVO, ModelVO, one system tag), a thousand per transaction in one multi-row
// INSERT per table: for tests and benchmarks that need more models than AddModel makes in good time.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "db/database.h"

namespace zstack::testing {

struct ModelRow {
  std::string uuid;
  std::string name;   // "bench-model-<i>"
  std::string owner;  // account uuid
};

// Inserts `count` models of the model center `centerUuid`, the i-th owned by ownerOf(i), created
// a second apart up to now; appends them to `models`. Throws std::runtime_error on failure.
void insertModels(db::Database& database, const std::string& centerUuid,
                  const std::function<std::string(std::size_t)>& ownerOf, std::size_t count,
                  std::vector<ModelRow>* models);

// The query of the security review's attacker, as a request target: legal, but it reads every
// model against 64 lists of 150 values (the count makes it read them all).
std::string heavyQueryTarget();

}  // namespace zstack::testing
