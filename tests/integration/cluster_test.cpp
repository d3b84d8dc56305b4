// Several management nodes on one database (PostgreSQL or MariaDB: ctest runs this suite on
// those two only): sessions and jobs are shared, races between nodes have one winner, schema
// upgrades from nodes starting together apply each script once, and the jobs of a node killed
// with kill -9 are failed by the node that notices.
#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "host_process.h"
#include "test_util.h"

namespace zstack::it {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using std::chrono::steady_clock;

// Fast heartbeats, so that a dead node is noticed within seconds.
HostOptions clusterOptions(const std::string& databaseUrl = "") {
  HostOptions options;
  options.hostKeys = {{"heartbeat", "{interval: 1, timeout: 3}"}};
  options.databaseUrl = databaseUrl;
  return options;
}

// `count` hosts on one database; the first owns it.
std::vector<std::unique_ptr<HostProcess>> makeCluster(int count) {
  std::vector<std::unique_ptr<HostProcess>> hosts;
  hosts.push_back(std::make_unique<HostProcess>(clusterOptions()));
  for (int i = 1; i < count; ++i) hosts.push_back(std::make_unique<HostProcess>(clusterOptions(hosts[0]->databaseUrl())));
  return hosts;
}

// Starts every host at the same moment (each start() on a thread of its own).
void startTogether(std::vector<std::unique_ptr<HostProcess>>& hosts) {
  std::vector<std::thread> threads;
  std::mutex mutex;
  std::vector<std::string> failures;
  for (auto& host : hosts) {
    threads.emplace_back([&, h = host.get()] {
      try {
        h->start();
      } catch (const std::exception& e) {
        std::lock_guard<std::mutex> lock(mutex);
        failures.push_back(e.what());
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const std::string& failure : failures) ADD_FAILURE() << failure;
}

std::string jobUuidOf(const Reply& reply) {
  const std::string location = Json::parse(reply.body, nullptr, false).value("location", "");
  return location.substr(location.rfind('/') + 1);
}

// Polls GET /api-jobs/{uuid} on `host` until it answers anything but 202.
Reply pollJob(HostProcess& host, const std::string& jobUuid, const std::string& session, seconds limit = seconds(30)) {
  const auto deadline = steady_clock::now() + limit;
  Reply reply;
  do {
    reply = host.request("GET", "/zstack/v1/api-jobs/" + jobUuid, "", session);
    if (reply.status != 202) return reply;
    std::this_thread::sleep_for(milliseconds(50));
  } while (steady_clock::now() < deadline);
  return reply;
}

TEST(ClusterTest, UpgradesFromThreeNodesStartingTogetherApplyEachScriptOnce) {
  auto hosts = makeCluster(3);
  startTogether(hosts);
  for (auto& host : hosts) ASSERT_TRUE(host->running()) << host->log();
  HostProcess& a = *hosts[0];
  // Every script once, each recorded as a success, whichever node applied it.
  const long long scripts = a.count("SELECT COUNT(*) FROM schema_history");
  EXPECT_GT(scripts, 2);
  EXPECT_EQ(a.count("SELECT COUNT(*) FROM schema_history WHERE success = 1"), scripts);
  EXPECT_EQ(a.count("SELECT COUNT(DISTINCT script) FROM schema_history"), scripts);
  std::size_t applied = 0;
  for (auto& host : hosts) {
    const std::string log = host->log();
    for (std::size_t at = log.find(" applied "); at != std::string::npos; at = log.find(" applied ", at + 1)) ++applied;
  }
  EXPECT_EQ(static_cast<long long>(applied), scripts);
  EXPECT_EQ(a.count("SELECT COUNT(*) FROM ManagementNodeVO"), 3);
  // One admin account, though three nodes started on an empty database.
  EXPECT_EQ(a.count("SELECT COUNT(*) FROM AccountVO WHERE name = 'admin'"), 1);
}

TEST(ClusterTest, SessionsAndJobsAreSharedBetweenNodes) {
  auto hosts = makeCluster(2);
  startTogether(hosts);
  HostProcess& a = *hosts[0];
  HostProcess& b = *hosts[1];
  const std::string session = a.login();
  const std::string center = b.addModelCenter();  // b logs in on its own
  // A session from node A works on node B, and a job started on A is polled on B.
  Reply accepted = a.post("/ai/models", Json{{"param", HostProcess::modelParam(center, "shared")}}.dump(), session);
  ASSERT_EQ(accepted.status, 202) << describe(accepted);
  Reply done = pollJob(b, jobUuidOf(accepted), session);
  ASSERT_EQ(done.status, 200) << describe(done);
  EXPECT_EQ(inventoryOf(done).value("name", ""), "shared");
  // Logging out on B ends the session on A too (after A's short recheck cache).
  EXPECT_EQ(b.request("DELETE", "/zstack/v1/accounts/sessions/" + session, "", session).status, 200);
  std::this_thread::sleep_for(milliseconds(2500));
  Reply refused = a.post("/ai/models", Json{{"param", HostProcess::modelParam(center, "after-logout")}}.dump(), session);
  EXPECT_TRUE(isError(refused, 401, "ID.1001", "")) << describe(refused);
}

TEST(ClusterTest, OneJobUuidSentToTwoNodesAtOnceMakesOneModel) {
  auto hosts = makeCluster(2);
  startTogether(hosts);
  const std::string session = hosts[0]->login();
  const std::string center = hosts[0]->addModelCenter();
  for (int round = 0; round < 5; ++round) {
    const std::string jobUuid = "c0ffee00c0ffee00c0ffee00c0ffee0" + std::to_string(round);
    const std::string name = "raced-" + std::to_string(round);
    const std::string body = Json{{"param", HostProcess::modelParam(center, name)}}.dump();
    std::vector<Reply> replies(4);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&, t] {
        zstack::testing::HttpClient client("127.0.0.1", hosts[t % 2]->port());
        replies[t] = client.request("POST", "/zstack/v1/ai/models", body,
                                    {{"Authorization", "OAuth " + session}, {"X-Job-UUID", jobUuid}});
      });
    }
    for (std::thread& thread : threads) thread.join();
    for (const Reply& reply : replies) {
      EXPECT_EQ(reply.status, 202) << describe(reply);
      EXPECT_EQ(jobUuidOf(reply), jobUuid) << reply.body;
    }
    for (auto& host : hosts) EXPECT_EQ(pollJob(*host, jobUuid, session).status, 200);
    EXPECT_EQ(hosts[0]->count("SELECT COUNT(*) FROM ModelVO WHERE name = " + quoted(name)), 1);
    EXPECT_EQ(hosts[0]->count("SELECT COUNT(*) FROM AsyncRestVO WHERE uuid = " + quoted(jobUuid)), 1);
  }
}

TEST(ClusterTest, OneResourceUuidSentToTwoNodesAtOnceHasOneWinner) {
  auto hosts = makeCluster(2);
  startTogether(hosts);
  const std::string session = hosts[0]->login();
  const std::string center = hosts[0]->addModelCenter();
  for (int round = 0; round < 5; ++round) {
    const std::string resourceUuid = "babe0000babe0000babe0000babe000" + std::to_string(round);
    std::vector<Reply> replies(2);
    std::vector<std::thread> threads;
    for (int t = 0; t < 2; ++t) {
      threads.emplace_back([&, t] {
        Json param = HostProcess::modelParam(center, "contended-" + std::to_string(round) + "-" + std::to_string(t));
        param["resourceUuid"] = resourceUuid;
        zstack::testing::HttpClient client("127.0.0.1", hosts[t]->port());
        replies[t] = client.request("POST", "/zstack/v1/ai/models", Json{{"param", param}}.dump(),
                                    {{"Authorization", "OAuth " + session}, {"Prefer", "wait=10"}});
        if (replies[t].status == 202) replies[t] = pollJob(*hosts[t], jobUuidOf(replies[t]), session);
      });
    }
    for (std::thread& thread : threads) thread.join();
    int succeeded = 0;
    for (const Reply& reply : replies) {
      if (reply.status == 200) {
        ++succeeded;
        EXPECT_EQ(inventoryOf(reply).value("uuid", ""), resourceUuid);
      } else {
        EXPECT_TRUE(isError(reply, 503, "SYS.1006", "resourceUuid " + resourceUuid + " is already in use"))
            << describe(reply);
      }
    }
    EXPECT_EQ(succeeded, 1) << "round " << round;
    EXPECT_EQ(hosts[0]->count("SELECT COUNT(*) FROM ModelVO WHERE uuid = " + quoted(resourceUuid)), 1);
    EXPECT_EQ(hosts[0]->count("SELECT COUNT(*) FROM ResourceVO WHERE uuid = " + quoted(resourceUuid)), 1);
  }
}

TEST(ClusterTest, NodeKilledUnderLoadLosesNoAnsweredModelAndItsJobsAreFailedByAnother) {
  auto hosts = makeCluster(2);
  startTogether(hosts);
  HostProcess& victim = *hosts[0];
  HostProcess& survivor = *hosts[1];
  const std::string session = victim.login();
  const std::string center = victim.addModelCenter();

  std::mutex mutex;
  std::set<std::string> answered;   // models whose AddModel answered 200
  std::vector<std::string> accepted;  // jobs answered 202, result unknown
  std::atomic<bool> killed{false};
  std::vector<std::thread> clients;
  for (int t = 0; t < 6; ++t) {
    clients.emplace_back([&, t] {
      zstack::testing::HttpClient client("127.0.0.1", victim.port());
      for (int i = 0; i < 2000 && !killed; ++i) {
        const std::string name = "load-" + std::to_string(t) + "-" + std::to_string(i);
        // Half wait for the result, half take the 202 and poll later.
        Headers headers = {{"Authorization", "OAuth " + session}};
        if (t % 2 == 0) headers.emplace_back("Prefer", "wait=10");
        Reply reply;
        try {
          reply = client.request("POST", "/zstack/v1/ai/models",
                                 Json{{"param", HostProcess::modelParam(center, name)}}.dump(), headers);
        } catch (const std::exception&) {
          return;  // the node died under this request
        }
        std::lock_guard<std::mutex> lock(mutex);
        if (reply.status == 200) answered.insert(inventoryOf(reply).value("uuid", ""));
        if (reply.status == 202) accepted.push_back(jobUuidOf(reply));
      }
    });
  }
  std::this_thread::sleep_for(milliseconds(1500));
  victim.kill9();
  killed = true;
  for (std::thread& client : clients) client.join();
  ASSERT_GT(answered.size(), 10u);
  ASSERT_GT(accepted.size(), 10u);

  // Every answered model is in the database.
  for (const std::string& uuid : answered) {
    EXPECT_EQ(survivor.count("SELECT COUNT(*) FROM ModelVO WHERE uuid = " + quoted(uuid)), 1) << uuid;
  }
  // The survivor notices within its heartbeat timeout: no job stays Processing, each either
  // made its model or failed saying its node stopped, and made nothing.
  const auto deadline = steady_clock::now() + seconds(20);
  while (survivor.count("SELECT COUNT(*) FROM AsyncRestVO WHERE state = 'Processing'") > 0 && steady_clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(200));
  }
  EXPECT_EQ(survivor.count("SELECT COUNT(*) FROM AsyncRestVO WHERE state = 'Processing'"), 0) << survivor.log();
  EXPECT_NE(survivor.log().find("is gone"), std::string::npos) << survivor.log();
  int failed = 0;
  for (const std::string& job : accepted) {
    Reply reply = pollJob(survivor, job, session, seconds(5));
    if (reply.status == 200) {
      EXPECT_EQ(survivor.count("SELECT COUNT(*) FROM ModelVO WHERE uuid = " + quoted(inventoryOf(reply).value("uuid", ""))), 1);
    } else {
      ++failed;
      EXPECT_TRUE(isError(reply, 503, "SYS.1000", "stopped before the job finished")) << describe(reply);
    }
  }
  // Models exist only for jobs that succeeded.
  EXPECT_EQ(survivor.count("SELECT COUNT(*) FROM ModelVO WHERE name LIKE 'load-%'"),
            survivor.count("SELECT COUNT(*) FROM AsyncRestVO WHERE apiName = 'AddModel' AND state = 'Succeeded'"));
  RecordProperty("failedJobs", failed);

  // The killed node comes back and works on.
  ASSERT_NO_THROW(victim.start());
  EXPECT_EQ(victim.addModel(HostProcess::modelParam(center, "after-restart")).status, 200);
}

TEST(ClusterTest, FrozenNodeIsTakenForDeadAndItsLateJobRollsBack) {
  // Node A runs AddModel with the test extension, which holds a "slow-extension" job for 3 s
  // after the model was written in the job's transaction.
  HostOptions withExtension = clusterOptions();
  PluginSpec extension;
  extension.name = "test-extension";
  extension.library = pluginLibrary("zstack-test-extension");
  extension.config = Json{{"slowMs", 3000}};
  withExtension.plugins.push_back(extension);
  HostProcess a(withExtension);
  HostProcess b(clusterOptions(a.databaseUrl()));
  ASSERT_NO_THROW(a.start());
  ASSERT_NO_THROW(b.start());
  const std::string session = a.login();
  const std::string center = a.addModelCenter();
  Reply accepted = a.post("/ai/models", Json{{"param", HostProcess::modelParam(center, "slow-extension-1")}}.dump(), session);
  ASSERT_EQ(accepted.status, 202) << describe(accepted);
  const std::string job = jobUuidOf(accepted);

  // A freezes mid-job; B takes it for dead after the heartbeat timeout and fails the job.
  std::this_thread::sleep_for(milliseconds(500));
  a.freeze();
  Reply failed = pollJob(b, job, session, seconds(20));
  EXPECT_TRUE(isError(failed, 503, "SYS.1000", "stopped before the job finished")) << describe(failed);

  // A thaws and finishes the job: its result finds the job failed, so its writes roll back
  // and the failure the pollers saw stays true.
  a.thaw();
  Reply onA = pollJob(a, job, session);
  const auto deadline = steady_clock::now() + seconds(10);
  while (onA.body.find("took this one for dead") == std::string::npos && steady_clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(200));
    onA = a.request("GET", "/zstack/v1/api-jobs/" + job, "", session);
  }
  EXPECT_TRUE(isError(onA, 503, "SYS.1000", "another management node took this one for dead and failed the job"))
      << describe(onA);
  EXPECT_EQ(a.count("SELECT COUNT(*) FROM ModelVO WHERE name = 'slow-extension-1'"), 0);
  EXPECT_EQ(a.count("SELECT COUNT(*) FROM AsyncRestVO WHERE uuid = " + quoted(job) + " AND state = 'Failed'"), 1);
  EXPECT_TRUE(isError(pollJob(b, job, session), 503, "SYS.1000", "stopped before the job finished"));
  // A joined again and works on.
  EXPECT_NE(a.log().find("taken for dead by another node; joining again"), std::string::npos) << a.log();
  EXPECT_EQ(a.addModel(HostProcess::modelParam(center, "after-thaw")).status, 200);
}

}  // namespace
}  // namespace zstack::it
