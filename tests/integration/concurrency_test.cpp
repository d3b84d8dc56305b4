// Many clients at once: every AddModel answered, every model written exactly once.
#include <mutex>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "host_process.h"
#include "test_util.h"

namespace zstack::it {
namespace {

TEST(ConcurrencyTest, SixteenClientsTimesTwentyFiveAddModels) {
  constexpr int kThreads = 16;
  constexpr int kPerThread = 25;
  HostProcess host;
  ASSERT_NO_THROW(host.start());
  const std::string center = host.addModelCenter();
  const std::string session = host.session();

  std::mutex mutex;
  std::vector<std::string> uuids;
  std::vector<std::string> failures;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      zstack::testing::HttpClient client("127.0.0.1", host.port());
      for (int i = 0; i < kPerThread; ++i) {
        const std::string name = "conc-" + std::to_string(t) + "-" + std::to_string(i);
        std::string failure;
        std::string uuid;
        try {
          Reply reply = client.request("POST", "/zstack/v1/ai/models",
                                       Json{{"param", HostProcess::modelParam(center, name)}}.dump(),
                                       {{"Authorization", "OAuth " + session}, {"Prefer", "wait=30"}});
          if (reply.status != 200) {
            failure = name + ": " + describe(reply);
          } else {
            const Json inv = inventoryOf(reply);
            if (inv.value("name", "") != name) failure = name + ": wrong inventory " + reply.body.substr(0, 300);
            uuid = inv.value("uuid", "");
          }
        } catch (const std::exception& e) {
          failure = name + ": " + e.what();
        }
        std::lock_guard<std::mutex> lock(mutex);
        if (!failure.empty()) failures.push_back(failure);
        if (!uuid.empty()) uuids.push_back(uuid);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  EXPECT_TRUE(failures.empty()) << failures.size() << " failed; first: " << (failures.empty() ? "" : failures.front());
  EXPECT_EQ(uuids.size(), static_cast<std::size_t>(kThreads * kPerThread));
  EXPECT_EQ(std::set<std::string>(uuids.begin(), uuids.end()).size(), uuids.size());
  EXPECT_EQ(host.count("SELECT COUNT(*) FROM ModelVO"), kThreads * kPerThread);
  EXPECT_EQ(host.count("SELECT COUNT(*) FROM ModelVO WHERE name LIKE 'conc-%'"), kThreads * kPerThread);
  EXPECT_EQ(host.count("SELECT COUNT(*) FROM ResourceVO WHERE uuid IN (SELECT uuid FROM ModelVO)"), kThreads * kPerThread);
  EXPECT_EQ(host.count("SELECT COUNT(*) FROM AccountResourceRefVO WHERE resourceUuid IN (SELECT uuid FROM ModelVO)"),
            kThreads * kPerThread);
  EXPECT_EQ(host.stop(), 0) << host.log();
}

TEST(ConcurrencyTest, SimultaneousRetriesOfOneJobUuidMakeOneModel) {
  HostProcess host;
  ASSERT_NO_THROW(host.start());
  const std::string center = host.addModelCenter();
  const std::string session = host.session();
  const std::string jobUuid = "c0ffee00c0ffee00c0ffee00c0ffee00";
  const std::string body = Json{{"param", HostProcess::modelParam(center, "raced")}}.dump();
  std::mutex mutex;
  std::vector<Reply> replies;
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      zstack::testing::HttpClient client("127.0.0.1", host.port());
      Reply reply = client.request("POST", "/zstack/v1/ai/models", body,
                                   {{"Authorization", "OAuth " + session}, {"X-Job-UUID", jobUuid}});
      std::lock_guard<std::mutex> lock(mutex);
      replies.push_back(reply);
    });
  }
  for (std::thread& thread : threads) thread.join();
  const std::string location = host.baseUrl() + "/zstack/v1/api-jobs/" + jobUuid;
  for (const Reply& reply : replies) {
    EXPECT_EQ(reply.status, 202) << describe(reply);
    EXPECT_EQ(Json::parse(reply.body, nullptr, false).value("location", ""), location) << reply.body;
  }
  EXPECT_EQ(host.waitJob(location).status, 200);
  EXPECT_EQ(host.count("SELECT COUNT(*) FROM ModelVO WHERE name = 'raced'"), 1);
  EXPECT_EQ(host.count("SELECT COUNT(*) FROM AsyncRestVO WHERE uuid = " + quoted(jobUuid)), 1);
}

}  // namespace
}  // namespace zstack::it
