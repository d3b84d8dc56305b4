// ModelCenterVO.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dao/records.h"

namespace soci {
class session;
}

namespace zstack::ai {

class ModelCenterDao {
 public:
  explicit ModelCenterDao(soci::session& sql) : sql_(sql) {}
  void insert(const ModelCenterRecord& record);
  std::optional<ModelCenterRecord> find(const std::string& uuid);
  // The centers among `uuids` that exist, in no particular order.
  std::vector<ModelCenterRecord> findMany(const std::vector<std::string>& uuids);

 private:
  soci::session& sql_;
};

}  // namespace zstack::ai
