#include "model_rows.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <ctime>
#include <stdexcept>
#include <string_view>

#include <soci/soci.h>

#include "common/env.h"
#include "zstack/date.h"

namespace zstack::testing {
namespace {
constexpr std::size_t kInsertBatch = 1000;

// A value of this file's own making as an SQL literal. One multi-row INSERT per table and batch:
// SOCI runs a bulk bind on PostgreSQL and MariaDB as one round trip per row (80,000 for 20,000
// models), a multi-row VALUES list as one.
std::string literal(const std::string& value) {
  for (const char c : value) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && std::string_view(" :/._-").find(c) == std::string_view::npos) {
      throw std::logic_error("model_rows: '" + value + "' is not a plain literal");
    }
  }
  return "'" + value + "'";
}

// SOCI's text form of a timestamp, which all three backends store.
std::string literal(const std::tm& date) {
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &date);
  return literal(std::string(text));
}

struct Batch {
  std::string resources, refs, models, tags;
  void add(std::string& values, const std::string& row) { values += (values.empty() ? "(" : ",(") + row + ")"; }
};
}  // namespace

void insertModels(db::Database& database, const std::string& centerUuid,
                  const std::function<std::string(std::size_t)>& ownerOf, std::size_t count,
                  std::vector<ModelRow>* models) {
  Env& env = Env::system();
  const auto start = std::chrono::system_clock::now();
  const std::string center = literal(centerUuid);
  for (std::size_t first = 0; first < count; first += kInsertBatch) {
    Batch batch;
    for (std::size_t i = first; i < std::min(count, first + kInsertBatch); ++i) {
      const ModelRow row{env.newUuid(), "bench-model-" + std::to_string(i), ownerOf(i)};
      const std::string uuid = literal(row.uuid), name = literal(row.name), owner = literal(row.owner);
      const std::string date = literal(toDbTime(start - std::chrono::seconds(count - i)));
      batch.add(batch.resources, uuid + "," + name + ",'ModelVO','ModelVO'");
      batch.add(batch.refs, uuid + "," + owner + "," + owner + ",'ModelVO','ModelVO','Own'," + date + "," + date);
      batch.add(batch.models, uuid + "," + name + ",'This is qwen 1.5 32B ai model'," +
                                  literal("192.168.10.12:/ai/model_center/" + row.name) + ",'temperature=0.7'," +
                                  center + ",'logo base64 string','Alibaba','This is a md5 format string',102400," +
                                  "'CustomizeVersion','Custom',1024,'1.0.0'," + date + "," + date);
      batch.add(batch.tags, literal(env.newUuid()) + "," + uuid + ",'ModelVO',0,'System','minGpuMemory::1024'," + date +
                                "," + date);
      models->push_back(row);
    }
    Status status = database.write([&](soci::session& sql) {
      sql << "INSERT INTO ResourceVO (uuid, resourceName, resourceType, concreteResourceType) VALUES " + batch.resources;
      sql << "INSERT INTO AccountResourceRefVO (resourceUuid, accountUuid, ownerAccountUuid, resourceType,"
             " concreteResourceType, type, createDate, lastOpDate) VALUES " + batch.refs;
      sql << "INSERT INTO ModelVO (uuid, name, description, installPath, parameters, modelCenterUuid, logo, vendor,"
             " introduction, size, version, type, minGpuMemory, versionSemver, createDate, lastOpDate) VALUES " +
                 batch.models;
      sql << "INSERT INTO SystemTagVO (uuid, resourceUuid, resourceType, inherent, type, tag, createDate, lastOpDate)"
             " VALUES " + batch.tags;
      return Status::OK();
    });
    if (!status.ok()) throw std::runtime_error("inserting models: " + status.error().details);
  }
}

std::string heavyQueryTarget() {
  std::string target = "/zstack/v1/ai/models?replyWithCount=true&limit=10";
  for (int condition = 0; condition < 64; ++condition) {
    target += "&q=name!?=";
    for (int value = 0; value < 150; ++value) target += (value ? ",v" : "v") + std::to_string(condition * 150 + value);
  }
  return target;
}

}  // namespace zstack::testing
