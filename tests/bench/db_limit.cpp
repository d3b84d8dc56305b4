// zstack-bench-db: the database's own limit for AddModel's rows, with no HTTP and no host.
// Runs, as fast as one writer can, what one AddModel commits in the host: the job's
// acceptance (AsyncRestVO) and the call itself (ResourceVO, AccountResourceRefVO, ModelVO, a
// system tag, a user tag, the job's result): one AddModel per transaction pair, then 32 per
// pair as the host's group commit does under load. Prints AddModels per second for each.
//   zstack-bench-db DATABASE_URL SQL_DIR SECONDS [FULL|NORMAL]   (an empty database)
#include <chrono>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include <soci/soci.h>

#include "common/env.h"
#include "db/database.h"
#include "migrate/migrator.h"
#include "zstack/date.h"

using namespace zstack;

namespace {

constexpr char kAccount[] = "36c27e8ff05c4780bf6d2fa65700f22e";
constexpr char kNode[] = "0000000000000000000000000000be4c";

void acceptJob(soci::session& sql, const std::string& job, const std::string& hash, const std::tm& now) {
  const std::string account = kAccount;
  const std::string node = kNode;
  sql << "INSERT INTO AsyncRestVO (uuid, apiName, accountUuid, requestHash, requestData, state, result, createDate,"
           " lastOpDate, managementNodeUuid) VALUES (:uuid, 'AddModel', :account, :hash, NULL, 'Processing', NULL,"
           " :created, :updated, :node)",
      soci::use(job, "uuid"), soci::use(account, "account"), soci::use(hash, "hash"), soci::use(now, "created"),
      soci::use(now, "updated"), soci::use(node, "node");
}

void addModel(soci::session& sql, Env& env, const std::string& job, const std::string& model,
              const std::string& centerUuid, const std::string& name, const std::tm& now) {
  const std::string account = kAccount;
  const std::string type = "ModelVO";
  sql << "INSERT INTO ResourceVO (uuid, resourceName, resourceType, concreteResourceType)"
         " VALUES (:uuid, :name, :type, :concrete)",
      soci::use(model, "uuid"), soci::use(name, "name"), soci::use(type, "type"), soci::use(type, "concrete");
  sql << "INSERT INTO AccountResourceRefVO (resourceUuid, accountUuid, ownerAccountUuid, resourceType,"
         " concreteResourceType, type, createDate, lastOpDate)"
         " VALUES (:uuid, :account, :owner, :type, :concrete, 'Own', :created, :updated)",
      soci::use(model, "uuid"), soci::use(account, "account"), soci::use(account, "owner"), soci::use(type, "type"),
      soci::use(type, "concrete"), soci::use(now, "created"), soci::use(now, "updated");
  sql << "INSERT INTO ModelVO (uuid, name, description, installPath, parameters, modelCenterUuid, logo, vendor,"
         " introduction, size, version, type, minGpuMemory, createDate, lastOpDate)"
         " VALUES (:uuid, :name, 'This is qwen 1.5 32B ai model', '192.168.10.12:/ai/model_center/Qwen_1.5_23B',"
         " 'model parameters', :center, 'logo base64 string', 'Alibaba', 'This is a md5 format string', 102400,"
         " 'CustomizeVersion', 'Custom', 1024, :created, :updated)",
      soci::use(model, "uuid"), soci::use(name, "name"), soci::use(centerUuid, "center"), soci::use(now, "created"),
      soci::use(now, "updated");
  const std::string systemTag = env.newUuid();
  const std::string userTag = env.newUuid();
  sql << "INSERT INTO SystemTagVO (uuid, resourceUuid, resourceType, inherent, type, tag, createDate, lastOpDate)"
         " VALUES (:uuid, :resource, :type, 0, 'System', 'minGpuMemory::1024', :created, :updated)",
      soci::use(systemTag, "uuid"), soci::use(model, "resource"), soci::use(type, "type"), soci::use(now, "created"),
      soci::use(now, "updated");
  sql << "INSERT INTO UserTagVO (uuid, resourceUuid, resourceType, type, tag, tagPatternUuid, createDate, lastOpDate)"
         " VALUES (:uuid, :resource, :type, 'Simple', 'bench', NULL, :created, :updated)",
      soci::use(userTag, "uuid"), soci::use(model, "resource"), soci::use(type, "type"), soci::use(now, "created"),
      soci::use(now, "updated");
  const std::string result = "{\"inventory\":{\"uuid\":\"" + model + "\"}}";
  sql << "UPDATE AsyncRestVO SET state = 'Succeeded', result = :result, lastOpDate = :updated WHERE uuid = :uuid",
      soci::use(result, "result"), soci::use(now, "updated"), soci::use(job, "uuid");
}

// `batch` AddModels: one transaction accepting their jobs, one running them.
Status addModels(db::Database& database, Env& env, const std::string& centerUuid, int batch, long long* counter) {
  std::vector<std::pair<std::string, std::string>> ids;  // job, model
  for (int i = 0; i < batch; ++i) ids.emplace_back(env.newUuid(), env.newUuid());
  const std::tm now = toDbTime(env.now());
  Status status = database.write([&](soci::session& sql) {
    for (const auto& [job, model] : ids) acceptJob(sql, job, model, now);
    return Status::OK();
  });
  if (!status.ok()) return status;
  return database.write([&](soci::session& sql) {
    for (const auto& [job, model] : ids) {
      addModel(sql, env, job, model, centerUuid, "bench-" + std::to_string((*counter)++), now);
    }
    return Status::OK();
  });
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4 && argc != 5) {
    std::fprintf(stderr, "usage: zstack-bench-db DATABASE_URL SQL_DIR SECONDS [FULL|NORMAL]\n");
    return 2;
  }
  const int seconds = std::stoi(argv[3]);
  std::unique_ptr<db::Database> database;
  db::DatabaseOptions options;
  options.url = argv[1];
  if (argc == 5) options.sqliteSynchronous = argv[4];
  Status status = db::Database::open(options, &database);
  if (status.ok()) status = migrate::migrate(*database, argv[2], {{"host"}, {"ai-model"}});
  Env& env = Env::system();
  const std::string center = env.newUuid();
  if (status.ok()) {
    status = database->write([&](soci::session& sql) {
      const std::tm now = toDbTime(env.now());
      sql << "INSERT INTO AccountVO (uuid, name, password, type, state, createDate, lastOpDate) VALUES"
             " ('36c27e8ff05c4780bf6d2fa65700f22e', 'admin', 'x', 'SystemAdmin', 'Enabled', :created, :updated)",
          soci::use(now, "created"), soci::use(now, "updated");
      sql << "INSERT INTO ModelCenterVO (uuid, name, url, managementIp, managementPort, createDate, lastOpDate)"
             " VALUES (:uuid, 'bench', 'http://127.0.0.1:1', '127.0.0.1', 1, :created, :updated)",
          soci::use(center, "uuid"), soci::use(now, "created"), soci::use(now, "updated");
      return Status::OK();
    });
  }
  if (!status.ok()) {
    std::fprintf(stderr, "%s\n", status.error().details.c_str());
    return 1;
  }
  long long counter = 0;
  for (const int batch : {1, 32}) {
    const auto start = std::chrono::steady_clock::now();
    const auto end = start + std::chrono::seconds(seconds);
    long long done = 0;
    while (std::chrono::steady_clock::now() < end) {
      if (Status s = addModels(*database, env, center, batch, &counter); !s.ok()) {
        std::fprintf(stderr, "%s\n", s.error().details.c_str());
        return 1;
      }
      done += batch;
    }
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("  db_limit batch=%d addmodels_per_s=%.0f\n", batch, done / elapsed);
  }
  return 0;
}
