// Async jobs: X-Job-UUID retries, results surviving a restart and a kill -9, sessions, unknown jobs.
#include <filesystem>
#include <fstream>
#include <set>

#include <unistd.h>

#include <gtest/gtest.h>

#include "host_process.h"
#include "test_util.h"

namespace zstack::it {
namespace {

class JobsTest : public SharedHostTest<JobsTest> {};

std::string locationOf(const Reply& reply) {
  const Json body = Json::parse(reply.body, nullptr, false);
  return body.is_object() && body.contains("location") && body["location"].is_string() ? body["location"].get<std::string>()
                                                                                       : std::string();
}

TEST_F(JobsTest, RetryWithTheSameJobUuidAndBodyIsTheSameJob) {
  const std::string jobUuid = "a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5";
  const std::string body = Json{{"param", HostProcess::modelParam(center_, "retried")}}.dump();
  Reply first = host_->post("/ai/models", body, std::nullopt, {{"X-Job-UUID", jobUuid}});
  ASSERT_EQ(first.status, 202) << describe(first);
  const std::string location = locationOf(first);
  EXPECT_EQ(location, host_->baseUrl() + "/zstack/v1/api-jobs/" + jobUuid);
  Reply second = host_->post("/ai/models", body, std::nullopt, {{"X-Job-UUID", jobUuid}});
  ASSERT_EQ(second.status, 202) << describe(second);
  EXPECT_EQ(locationOf(second), location);
  Reply done = host_->waitJob(location);
  ASSERT_EQ(done.status, 200) << describe(done);
  // A retry after the job finished is still the same job.
  Reply third = host_->post("/ai/models", body, std::nullopt, {{"X-Job-UUID", jobUuid}});
  EXPECT_EQ(third.status, 202) << describe(third);
  EXPECT_EQ(locationOf(third), location);
  EXPECT_EQ(host_->count("SELECT COUNT(*) FROM ModelVO WHERE name = 'retried'"), 1);
  EXPECT_EQ(host_->count("SELECT COUNT(*) FROM AsyncRestVO WHERE uuid = " + quoted(jobUuid)), 1);
}

TEST_F(JobsTest, SameJobUuidWithAnotherBodyIs409) {
  const std::string jobUuid = "b0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5";
  Reply first = host_->post("/ai/models", Json{{"param", HostProcess::modelParam(center_, "conflict-a")}}.dump(),
                            std::nullopt, {{"X-Job-UUID", jobUuid}});
  ASSERT_EQ(first.status, 202) << describe(first);
  Reply other = host_->post("/ai/models", Json{{"param", HostProcess::modelParam(center_, "conflict-b")}}.dump(),
                            std::nullopt, {{"X-Job-UUID", jobUuid}});
  EXPECT_EQ(other.status, 409) << describe(other);
  EXPECT_TRUE(isErrorBody(other));
  EXPECT_EQ(host_->waitJob(locationOf(first)).status, 200);
  EXPECT_EQ(host_->count("SELECT COUNT(*) FROM ModelVO WHERE name = 'conflict-b'"), 0);
  EXPECT_EQ(host_->count("SELECT COUNT(*) FROM ModelVO WHERE name = 'conflict-a'"), 1);
}

TEST_F(JobsTest, LogoutEndsTheSession) {
  const std::string mine = host_->login();
  Reply ok = host_->addModel(HostProcess::modelParam(center_, "before-logout"));
  ASSERT_EQ(ok.status, 200) << describe(ok);
  Reply logout = host_->request("DELETE", "/accounts/sessions/" + mine, "", std::string());
  EXPECT_EQ(logout.status, 200) << describe(logout);
  EXPECT_EQ(Json::parse(logout.body, nullptr, false), Json::object()) << logout.body;
  Reply after = host_->post("/ai/models", Json{{"param", HostProcess::modelParam(center_, "after-logout")}}.dump(), mine);
  EXPECT_TRUE(isError(after, 401, "ID.1001"));
  EXPECT_EQ(host_->count("SELECT COUNT(*) FROM ModelVO WHERE name = 'after-logout'"), 0);
  host_->login();  // a fresh session for the other tests
}

TEST_F(JobsTest, UnknownJobIs404) {
  Reply reply = host_->request("GET", "/api-jobs/0123456789abcdef0123456789abcdef");
  EXPECT_TRUE(isError(reply, 404, "SYS.1003"));
  Reply malformed = host_->request("GET", "/api-jobs/not-a-job");
  EXPECT_EQ(malformed.status, 404) << describe(malformed);
  EXPECT_TRUE(isErrorBody(malformed));
}

TEST_F(JobsTest, PollingNeedsASession) {
  Reply accepted = host_->post("/ai/models", Json{{"param", HostProcess::modelParam(center_, "poll-auth")}}.dump());
  ASSERT_EQ(accepted.status, 202) << describe(accepted);
  Reply anonymous = host_->request("GET", targetOf(locationOf(accepted)), "", std::string());
  EXPECT_TRUE(isError(anonymous, 401, "ID.1001"));
  EXPECT_EQ(host_->waitJob(locationOf(accepted)).status, 200);
}

TEST(JobsRestartTest, FinishedJobSurvivesARestart) {
  HostProcess host;
  ASSERT_NO_THROW(host.start());
  const std::string center = host.addModelCenter();
  Reply accepted = host.post("/ai/models", Json{{"param", HostProcess::modelParam(center, "persisted")}}.dump());
  ASSERT_EQ(accepted.status, 202) << describe(accepted);
  const std::string location = locationOf(accepted);
  Reply done = host.waitJob(location);
  ASSERT_EQ(done.status, 200) << describe(done);
  const std::string oldSession = host.session();

  EXPECT_EQ(host.stop(), 0) << host.log();
  ASSERT_NO_THROW(host.start());
  // Sessions live in the database, as in ZStack: the old one still works.
  Reply withOldSession = host.waitJob(location, oldSession);
  EXPECT_EQ(withOldSession.status, 200) << describe(withOldSession);
  host.login();
  Reply again = host.waitJob(location);
  ASSERT_EQ(again.status, 200) << describe(again);
  EXPECT_EQ(inventoryOf(again), inventoryOf(done));
  EXPECT_EQ(host.count("SELECT COUNT(*) FROM ModelVO"), 1);
}

TEST(JobsRestartTest, JobsInterruptedByAStopAreFailedAtTheNextStart) {
  HostProcess host;
  ASSERT_NO_THROW(host.start());
  EXPECT_EQ(host.stop(), 0);
  // What a crash mid-job leaves behind: jobs recorded as Processing that no host runs. One of
  // the crashed previous run of this node (same host name and port), one recorded before
  // management nodes were tracked.
  char hostName[256] = {};
  ASSERT_EQ(::gethostname(hostName, sizeof(hostName) - 1), 0);
  const std::string previousRun = "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf";
  host.execute("INSERT INTO ManagementNodeVO (uuid, hostName, port, version, joinDate, heartBeat) VALUES ('" +
               previousRun + "', '" + hostName + "', " + std::to_string(host.port()) +
               ", '5.5.22', '2026-01-01 00:00:00', '2037-01-01 00:00:00')");
  const std::string ofPreviousRun = "c0c1c2d3e4f5a6b7c8d9e0f1a2b3c4d5";
  const std::string untracked = "d0c1c2d3e4f5a6b7c8d9e0f1a2b3c4d5";
  for (const auto& [job, node] : {std::pair{ofPreviousRun, "'" + previousRun + "'"}, std::pair{untracked, std::string("NULL")}}) {
    host.execute("INSERT INTO AsyncRestVO (uuid, apiName, accountUuid, requestHash, requestData, state, result,"
                 " createDate, lastOpDate, managementNodeUuid) VALUES ('" + job + "', 'AddModel',"
                 " '36c27e8ff05c4780bf6d2fa65700f22e', 'h', NULL, 'Processing', NULL, '2026-01-01 00:00:00',"
                 " '2026-01-01 00:00:00', " + node + ")");
  }
  ASSERT_NO_THROW(host.start());
  EXPECT_NE(host.log().find("management node " + previousRun + " is gone"), std::string::npos) << host.log();
  EXPECT_EQ(host.count("SELECT COUNT(*) FROM ManagementNodeVO WHERE uuid = '" + previousRun + "'"), 0);
  host.login();
  for (const std::string& job : {ofPreviousRun, untracked}) {
    Reply reply = host.request("GET", "/zstack/v1/api-jobs/" + job);
    EXPECT_TRUE(isError(reply, 503, "SYS.1000", "stopped before the job finished")) << describe(reply);
  }
}

TEST(JobsRestartTest, AnsweredModelsSurviveKill9) {
  HostProcess host;
  ASSERT_NO_THROW(host.start());
  const std::string center = host.addModelCenter();
  std::vector<std::string> uuids;
  for (int i = 0; i < 50; ++i) {
    Reply reply = host.post("/ai/models", Json{{"param", HostProcess::modelParam(center, "durable-" + std::to_string(i))}}.dump(),
                            std::nullopt, {{"Prefer", "wait=10"}});
    ASSERT_EQ(reply.status, 200) << i << ": " << describe(reply);
    uuids.push_back(inventoryOf(reply).value("uuid", ""));
  }
  host.kill9();
  ASSERT_NO_THROW(host.start());
  std::string list;
  for (const std::string& uuid : uuids) list += (list.empty() ? "" : ",") + quoted(uuid);
  EXPECT_EQ(host.count("SELECT COUNT(*) FROM ModelVO WHERE uuid IN (" + list + ")"), 50);
  EXPECT_EQ(host.count("SELECT COUNT(*) FROM ResourceVO WHERE uuid IN (" + list + ")"), 50);
  // The host serves again after the crash.
  host.login();
  EXPECT_EQ(host.addModel(HostProcess::modelParam(center, "after-crash")).status, 200);
}

}  // namespace
}  // namespace zstack::it

namespace zstack::it {
namespace {

TEST(AdminAccountTest, GeneratedPasswordIsPrintedOnceAndKeptInAPrivateFile) {
  HostOptions options;
  options.adminPassword.clear();
  HostProcess host(options);
  ASSERT_NO_THROW(host.start());
  const std::filesystem::path file = host.dir() / "zstack-admin-password";
  ASSERT_TRUE(std::filesystem::exists(file)) << host.log();
  EXPECT_EQ(std::filesystem::status(file).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  std::string password;
  std::ifstream(file) >> password;
  EXPECT_GE(password.size(), 16u);
  EXPECT_NE(host.log().find("Created account 'admin' with password " + password), std::string::npos);
  EXPECT_NO_THROW(host.login(password));
  EXPECT_THROW(host.login("password"), std::runtime_error) << "no fixed default password";
  // Created once: a restart neither prints nor changes it.
  EXPECT_EQ(host.stop(), 0);
  ASSERT_NO_THROW(host.start());
  EXPECT_EQ(host.log().find("Created account 'admin'", host.log().find("Created account 'admin'") + 1), std::string::npos);
  EXPECT_NO_THROW(host.login(password));
}

}  // namespace
}  // namespace zstack::it
