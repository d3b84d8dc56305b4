// ModelServiceVO.
#pragma once

#include <optional>
#include <string>
#include <vector>

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
  // The services among `uuids` that exist, in no particular order.
  std::vector<ModelServiceRecord> findMany(const std::vector<std::string>& uuids);
  // The uuids of the model services of a model center.
  std::vector<std::string> uuidsInCenter(const std::string& modelCenterUuid);
  // Deletes the row; the caller unbinds the models first (ModelDao::unbindService).
  void remove(const std::string& uuid);

 private:
  soci::session& sql_;
};

}  // namespace zstack::ai
