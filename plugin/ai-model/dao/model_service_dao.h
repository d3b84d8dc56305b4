// ModelServiceVO.
#pragma once

#include <optional>
#include <string>

#include "dao/records.h"

namespace soci {
class session;
}

namespace zstack::ai {

class ModelServiceDao {
 public:
  explicit ModelServiceDao(soci::session& sql) : sql_(sql) {}
  void insert(const ModelServiceRecord& record);
  std::optional<ModelServiceRecord> find(const std::string& uuid);

 private:
  soci::session& sql_;
};

}  // namespace zstack::ai
