// ModelCenterVO.
#pragma once

#include <ctime>
#include <optional>
#include <string>
#include <vector>

#include "dao/records.h"

namespace soci {
class session;
}

namespace zstack::ai {

// What an UpdateModelCenter changes: fields left empty keep their value.
struct ModelCenterChanges {
  std::string uuid;
  OptText name;
  OptText description;
  OptText url;
  OptText managementIp;
  std::optional<int> managementPort;
  OptText parameters;
  std::tm lastOpDate{};
};

class ModelCenterDao {
 public:
  explicit ModelCenterDao(soci::session& sql) : sql_(sql) {}
  void insert(const ModelCenterRecord& record);
  std::optional<ModelCenterRecord> find(const std::string& uuid);
  // The centers among `uuids` that exist, in no particular order.
  std::vector<ModelCenterRecord> findMany(const std::vector<std::string>& uuids);
  // One statement, so that concurrent updates of different fields both stay.
  void update(const ModelCenterChanges& changes);
  // Deletes the row; the caller deletes the center's models and model services first.
  void remove(const std::string& uuid);

 private:
  soci::session& sql_;
};

}  // namespace zstack::ai
