// A faulty world under load, on the embedded database: the disk fills up, the filesystem turns
// read-only, the database file is deleted. Clients get clear 503s, the log says why, nothing
// that was acknowledged is lost, and the host recovers when it can.
//
// SQLite only, and as root: the tests mount a small tmpfs, and ext4 on a loop device.
#include <sys/mount.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include "common/digest.h"
#include "host_process.h"
#include "temp_dir.h"
#include "test_util.h"

namespace zstack::it {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// Runs `command` with its output discarded; its exit code.
int shell(const std::string& command) { return std::system(("{ " + command + "; } >/dev/null 2>&1").c_str()); }

// What `command` prints, its last newline removed.
std::string output(const std::string& command) {
  std::string text;
  if (FILE* pipe = ::popen(command.c_str(), "r")) {
    char buffer[256];
    while (std::fgets(buffer, sizeof buffer, pipe)) text += buffer;
    ::pclose(pipe);
  }
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

// A 503 a client can act on: SYS.1000 in words that name no file, no SQL and no cause.
::testing::AssertionResult isClearUnavailable(const Reply& reply) {
  Json error;
  if (reply.status != 503 || !isErrorBody(reply, &error) || error["code"] != "SYS.1000") {
    return ::testing::AssertionFailure() << "not a 503 SYS.1000: " << describe(reply);
  }
  for (const char* leak : {"/tmp", ".db", "disk", "SQL", "sqlite", "readonly", "read-only", "I/O"}) {
    if (reply.body.find(leak) != std::string::npos) {
      return ::testing::AssertionFailure() << "the answer tells '" << leak << "': " << describe(reply);
    }
  }
  return ::testing::AssertionSuccess();
}

// Four clients adding models with logos of `logoBytes` as fast as the host takes them, each
// answer recorded with the time its request was sent.
class Load {
 public:
  struct Answer {
    Clock::time_point sent;
    Reply reply;
  };

  Load(HostProcess& host, const std::string& center, std::size_t logoBytes) {
    const std::string session = host.session();
    for (int client = 0; client < 4; ++client) {
      threads_.emplace_back([this, &host, center, session, client, logoBytes] {
        zstack::testing::HttpClient http("127.0.0.1", host.port());
        for (int i = 0; !stop_; ++i) {
          Json param = HostProcess::modelParam(center, "load-" + std::to_string(client) + "-" + std::to_string(i));
          param["logo"] = std::string(logoBytes, 'L');
          const Clock::time_point sent = Clock::now();
          Reply reply;
          try {
            reply = http.request("POST", "/zstack/v1/ai/models", Json{{"param", param}}.dump(),
                                 {{"Authorization", "OAuth " + session}, {"Prefer", "wait=10"}});
          } catch (const std::exception&) {
            reply.status = -1;  // the connection failed
          }
          std::lock_guard lock(mutex_);
          answers_.push_back(Answer{sent, std::move(reply)});
        }
      });
    }
  }
  ~Load() { stop(); }

  void stop() {
    stop_ = true;
    for (std::thread& thread : threads_) {
      if (thread.joinable()) thread.join();
    }
  }

  // Waits (up to `timeout`) for an answer with `status` to a request sent after `since`.
  bool waitFor(int status, Clock::time_point since, std::chrono::seconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline) {
      {
        std::lock_guard lock(mutex_);
        for (const Answer& answer : answers_) {
          if (answer.sent >= since && answer.reply.status == status) return true;
        }
      }
      std::this_thread::sleep_for(50ms);
    }
    return false;
  }

  std::vector<Answer> answers() {
    std::lock_guard lock(mutex_);
    return answers_;
  }

  // The uuids of the models whose AddModel answered success.
  std::vector<std::string> acknowledged() {
    std::vector<std::string> uuids;
    for (const Answer& answer : answers()) {
      if (answer.reply.status == 200) uuids.push_back(inventoryOf(answer.reply)["uuid"]);
    }
    return uuids;
  }

 private:
  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  std::vector<Answer> answers_;
  std::vector<std::thread> threads_;
};

// Every answer was a success or a clear 503.
void expectSuccessesAndClearRefusals(const std::vector<Load::Answer>& answers) {
  int refused = 0;
  for (const Load::Answer& answer : answers) {
    if (answer.reply.status == 200) continue;
    ++refused;
    EXPECT_TRUE(isClearUnavailable(answer.reply));
  }
  EXPECT_GT(refused, 0) << "the fault never reached a client";
}

// Each acknowledged model is in the database.
void expectNothingAcknowledgedLost(const HostProcess& host, const std::vector<std::string>& acknowledged) {
  ASSERT_FALSE(acknowledged.empty());
  for (const std::string& uuid : acknowledged) {
    EXPECT_EQ(host.count("SELECT COUNT(*) FROM ModelVO WHERE uuid = " + quoted(uuid)), 1) << "lost model " << uuid;
  }
}

class FaultsTest : public ::testing::Test {
 protected:
  void TearDown() override {
    if (!mounted_.empty()) ::umount2(mounted_.c_str(), MNT_DETACH);
  }
  // A host whose database is in `folder`.
  std::unique_ptr<HostProcess> hostIn(const std::filesystem::path& folder) {
    HostOptions options;
    options.databaseUrl = "sqlite://" + (folder / "zstack.db").string();
    return std::make_unique<HostProcess>(options);
  }

  zstack::testing::TempDir dir_{"zstack-faults"};
  std::string mounted_;
};

TEST_F(FaultsTest, DiskFullUnderLoad) {
  const std::filesystem::path fs = dir_.path() / "fs";
  std::filesystem::create_directories(fs);
  ASSERT_EQ(::mount("tmpfs", fs.c_str(), "tmpfs", 0, "size=16m"), 0) << "mounting a tmpfs needs root: " << strerror(errno);
  mounted_ = fs.string();
  auto host = hostIn(fs);
  host->start();
  const std::string center = host->addModelCenter("full");
  ASSERT_EQ(shell("dd if=/dev/zero of=" + (fs / "filler").string() + " bs=1M count=4"), 0);

  Load load(*host, center, 32 * 1024);
  const Clock::time_point started = Clock::now();
  ASSERT_TRUE(load.waitFor(503, started, 60s)) << "the disk never filled up";
  // A login on the full disk: a clear 503 too, not the database's path and message.
  Reply login = host->client().request(
      "PUT", "/zstack/v1/accounts/login",
      Json{{"logInByAccount", {{"accountName", "admin"}, {"password", zstack::sha512Hex("password")}}}}.dump());
  EXPECT_TRUE(login.status == 200 || isClearUnavailable(login)) << describe(login);
  std::this_thread::sleep_for(1s);

  // Space returns: the host serves again without a restart.
  std::filesystem::remove(fs / "filler");
  const Clock::time_point freed = Clock::now();
  EXPECT_TRUE(load.waitFor(200, freed, 30s)) << "the host did not recover once space returned";
  load.stop();

  expectSuccessesAndClearRefusals(load.answers());
  const std::string log = host->log();
  EXPECT_NE(log.find("ERROR"), std::string::npos);
  EXPECT_NE(log.find("(its filesystem has no space left)"), std::string::npos) << "the log does not say why";
  EXPECT_NE(log.find("database or disk is full"), std::string::npos);
  EXPECT_EQ(host->stop(), 0);
  expectNothingAcknowledgedLost(*host, load.acknowledged());
}

// The filesystem turns read-only under the host, as ext4 does on a disk error (errors=remount-ro;
// its trigger_fs_error knob makes the same error on purpose). The operator repairs it and restarts
// the host: every model it acknowledged is there. Three errors in a row, each repaired: a commit
// racing the error is the case that loses writes (docs/operations.md), and each round is a
// chance for that race.
TEST_F(FaultsTest, FilesystemTurnsReadOnlyUnderLoad) {
  const std::filesystem::path image = dir_.path() / "disk.img";
  const std::filesystem::path fs = dir_.path() / "fs";
  std::filesystem::create_directories(fs);
  ASSERT_EQ(shell("truncate -s 512M " + image.string() + " && mkfs.ext4 -q -F " + image.string()), 0) << "needs e2fsprogs";
  auto mountImage = [&] {
    ASSERT_EQ(shell("mount -o loop,errors=remount-ro " + image.string() + " " + fs.string()), 0)
        << "mounting a loop device needs root";
    mounted_ = fs.string();
  };
  mountImage();
  auto host = hostIn(fs);
  host->start();
  const std::string center = host->addModelCenter("read-only");

  std::vector<std::string> acknowledged;
  for (int round = 0; round < 3; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    const std::string device = output("losetup -j " + image.string() + " | cut -d: -f1 | xargs -r basename");
    ASSERT_FALSE(device.empty()) << "no loop device for " << image;
    const std::size_t logStart = host->log().size();
    Load load(*host, center, 1024);
    ASSERT_TRUE(load.waitFor(200, Clock::now(), 30s));
    std::this_thread::sleep_for(300ms);
    {
      std::ofstream knob("/sys/fs/ext4/" + device + "/trigger_fs_error");
      knob << "1\n";
      ASSERT_TRUE(knob.flush()) << "cannot write ext4's trigger_fs_error of " << device;
    }
    EXPECT_TRUE(load.waitFor(503, Clock::now(), 30s)) << "writes on a read-only filesystem were not refused";
    std::this_thread::sleep_for(1s);
    load.stop();

    expectSuccessesAndClearRefusals(load.answers());
    const std::string log = host->log().substr(logStart);
    EXPECT_NE(log.find("ERROR"), std::string::npos);
    EXPECT_NE(log.find("(its filesystem is read-only)"), std::string::npos) << "the log does not say why";
    host->stop();

    // The operator's repair: unmount, check, mount again; then the host starts on it.
    ASSERT_EQ(::umount2(fs.c_str(), 0), 0) << strerror(errno);
    mounted_.clear();
    shell("e2fsck -fy " + image.string());
    mountImage();
    host->start();
    const std::vector<std::string> now = load.acknowledged();
    acknowledged.insert(acknowledged.end(), now.begin(), now.end());
    expectNothingAcknowledgedLost(*host, acknowledged);
    Reply again = host->addModel(HostProcess::modelParam(center, "after-repair-" + std::to_string(round)));
    EXPECT_EQ(again.status, 200) << describe(again);
  }
}

// The database files deleted while the host runs: it notices, refuses every write from then on
// (nothing more is acknowledged into the deleted file) and logs why.
TEST_F(FaultsTest, DatabaseDeletedUnderLoad) {
  auto host = hostIn(dir_.path());
  host->start();
  const std::string center = host->addModelCenter("deleted");
  Load load(*host, center, 1024);
  ASSERT_TRUE(load.waitFor(200, Clock::now(), 30s));
  std::this_thread::sleep_for(500ms);
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(dir_.path() / (std::string("zstack.db") + suffix));
  const Clock::time_point deleted = Clock::now();
  EXPECT_TRUE(load.waitFor(503, deleted, 30s));
  std::this_thread::sleep_for(1s);
  load.stop();

  for (const Load::Answer& answer : load.answers()) {
    if (answer.sent < deleted) continue;
    EXPECT_NE(answer.reply.status, 200) << "acknowledged into the deleted file: " << describe(answer.reply);
    if (answer.reply.status != 200) {
      EXPECT_TRUE(isClearUnavailable(answer.reply));
    }
  }
  EXPECT_NE(host->log().find("was deleted or replaced while the node ran"), std::string::npos) << host->log();
  // Reads still answer; writes stay refused.
  EXPECT_TRUE(isClearUnavailable(host->addModel(HostProcess::modelParam(center, "late"))));
}

// A failed login is a read: guesses go on being answered while another process holds the
// database's write lock (before, each took the one SQLite write transaction).
TEST_F(FaultsTest, FailedLoginsTakeNoWriteTransaction) {
  auto host = hostIn(dir_.path());
  host->start();
  soci::session locker(soci::sqlite3, "db=" + (dir_.path() / "zstack.db").string());
  locker << "BEGIN IMMEDIATE";
  for (int i = 0; i < 5; ++i) {
    const Clock::time_point sent = Clock::now();
    Reply wrong = host->client().request(
        "PUT", "/zstack/v1/accounts/login",
        Json{{"logInByAccount", {{"accountName", "admin"}, {"password", zstack::sha512Hex("wrong")}}}}.dump());
    EXPECT_TRUE(isError(wrong, 401, "ID.1000")) << describe(wrong);
    EXPECT_LT(Clock::now() - sent, 2s) << "a failed login waited for the write lock";
  }
  locker << "ROLLBACK";
}

}  // namespace
}  // namespace zstack::it
