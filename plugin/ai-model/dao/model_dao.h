// ModelVO and ModelServiceRefVO.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dao/records.h"

namespace soci {
class session;
}

namespace zstack::ai {

class ModelDao {
 public:
  explicit ModelDao(soci::session& sql) : sql_(sql) {}

  void insert(const ModelRecord& record);
  std::optional<ModelRecord> find(const std::string& uuid);

  void insertServiceRef(const ModelServiceRefRecord& ref);
  std::vector<ModelServiceRefRecord> serviceRefs(const std::string& modelUuid);

  // The versionSemver of every model in `modelCenterUuid` of the same family as `model`:
  // the same modelId, or (when the model has none) no modelId and the same name. Models
  // without a versionSemver are left out; `model` itself is included if it has one.
  std::vector<std::string> familySemvers(const ModelRecord& model);

 private:
  soci::session& sql_;
};

}  // namespace zstack::ai
