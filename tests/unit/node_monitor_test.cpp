// Management nodes on one database (SQLite here): a node whose heartbeat is too old is reaped
// by a live one together with its unfinished jobs, the previous run of a node is reaped at
// once, and a node taken for dead joins again.
#include <atomic>
#include <cstdio>
#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "common/env.h"
#include "db/database.h"
#include "jobs/job_manager.h"
#include "migrate/migrator.h"
#include "nodes/node_monitor.h"
#include "temp_dir.h"

namespace zstack::nodes {
namespace {

using namespace std::chrono_literals;

// A clock the test moves by hand, and numbered uuids.
class ManualEnv : public Env {
 public:
  std::chrono::system_clock::time_point now() override { return now_; }
  std::string newUuid() override {
    char uuid[33];
    std::snprintf(uuid, sizeof(uuid), "%032x", ++next_);
    return uuid;
  }
  void advance(std::chrono::seconds by) { now_ += by; }

 private:
  std::chrono::system_clock::time_point now_ = std::chrono::system_clock::from_time_t(1795000000);
  std::atomic<unsigned> next_{0};
};

class NodeMonitorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db::DatabaseOptions options;
    options.url = "sqlite://" + (dir_.path() / "nodes.db").string();
    ASSERT_TRUE(db::Database::open(options, &db_).ok());
    Status migrated = migrate::migrate(*db_, std::string(ZSTACK_SOURCE_DIR) + "/sql", {{"host"}});
    ASSERT_TRUE(migrated.ok()) << migrated.error().details;
  }

  // A node on `port` whose thread never beats on its own (the test calls beat()).
  std::unique_ptr<NodeMonitor> node(int port) {
    NodeOptions options;
    options.hostName = "mn";
    options.port = port;
    options.version = "5.5.22";
    options.heartbeatInterval = 1h;
    options.timeout = 10s;
    return std::make_unique<NodeMonitor>(*db_, env_, options, [this](soci::session& sql, const std::string& dead) {
      jobs::JobManager::failJobsOfNode(sql, dead, env_);
      return Status::OK();
    });
  }

  void addJob(const std::string& uuid, const std::string& nodeUuid) {
    ASSERT_TRUE(db_->write([&](soci::session& sql) {
                  sql << "INSERT INTO AsyncRestVO (uuid, apiName, accountUuid, requestHash, state, createDate, lastOpDate,"
                         " managementNodeUuid) VALUES (:uuid, 'AddModel', 'a', 'h', 'Processing', '2026-01-01 00:00:00',"
                         " '2026-01-01 00:00:00', :node)",
                      soci::use(uuid, "uuid"), soci::use(nodeUuid, "node");
                  return Status::OK();
                }).ok());
  }
  std::string jobState(const std::string& uuid) {
    std::string state;
    db_->read([&](soci::session& sql) {
      sql << "SELECT state FROM AsyncRestVO WHERE uuid = :uuid", soci::use(uuid, "uuid"), soci::into(state);
      return Status::OK();
    });
    return state;
  }
  long long nodes(const std::string& uuid) {
    long long count = 0;
    db_->read([&](soci::session& sql) {
      sql << "SELECT COUNT(*) FROM ManagementNodeVO WHERE uuid = :uuid", soci::use(uuid, "uuid"), soci::into(count);
      return Status::OK();
    });
    return count;
  }

  zstack::testing::TempDir dir_{"zstack-nodes"};
  std::unique_ptr<db::Database> db_;
  ManualEnv env_;
};

TEST_F(NodeMonitorTest, LateNodeIsReapedWithItsJobsAndJoinsAgain) {
  auto a = node(8080);
  auto b = node(8081);
  ASSERT_TRUE(a->join().ok());
  ASSERT_TRUE(b->join().ok());
  addJob("job-of-a", a->uuid());
  addJob("job-of-b", b->uuid());

  env_.advance(9s);
  ASSERT_TRUE(b->beat().ok());  // A's heartbeat is 9 s old: not yet dead
  EXPECT_EQ(jobState("job-of-a"), "Processing");

  env_.advance(2s);
  ASSERT_TRUE(b->beat().ok());  // 11 s: dead
  EXPECT_EQ(jobState("job-of-a"), "Failed");
  EXPECT_EQ(jobState("job-of-b"), "Processing");
  EXPECT_EQ(nodes(a->uuid()), 0);

  // A was only late: its next heartbeat finds its row gone and joins again.
  ASSERT_TRUE(a->beat().ok());
  EXPECT_EQ(nodes(a->uuid()), 1);
  EXPECT_EQ(jobState("job-of-b"), "Processing");
}

TEST_F(NodeMonitorTest, PreviousRunOfANodeIsReapedAtJoin) {
  auto crashed = node(8080);
  ASSERT_TRUE(crashed->join().ok());
  addJob("interrupted", crashed->uuid());
  addJob("untracked", "");  // recorded before nodes were tracked
  ASSERT_TRUE(db_->write([](soci::session& sql) {
                sql << "UPDATE AsyncRestVO SET managementNodeUuid = NULL WHERE uuid = 'untracked'";
                return Status::OK();
              }).ok());

  auto restarted = node(8080);  // same host name and port, fresh heartbeat or not
  ASSERT_TRUE(restarted->join().ok());
  EXPECT_EQ(jobState("interrupted"), "Failed");
  EXPECT_EQ(jobState("untracked"), "Failed");
  EXPECT_EQ(nodes(crashed->uuid()), 0);
  EXPECT_EQ(nodes(restarted->uuid()), 1);
}

TEST_F(NodeMonitorTest, CleanStopRemovesTheNode) {
  auto a = node(8080);
  ASSERT_TRUE(a->join().ok());
  const std::string uuid = a->uuid();
  EXPECT_EQ(nodes(uuid), 1);
  a->stop();
  EXPECT_EQ(nodes(uuid), 0);
}

}  // namespace
}  // namespace zstack::nodes
