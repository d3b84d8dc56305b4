// Ids that grant access come from the CSPRNG: 10,000 session uuids from real logins share no
// prefix, are not time-ordered, pass a bit-frequency test at every bit, and tell nothing of the
// resource uuids made between them.
#include <algorithm>
#include <array>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "auth/sessions.h"
#include "common/digest.h"
#include "common/env.h"
#include "db/database.h"
#include "migrate/migrator.h"
#include "temp_dir.h"

namespace zstack {
namespace {

constexpr int kSessions = 10000;

// How many uuids share their first 8 hex characters with an earlier one. For 10,000 random
// 32-bit prefixes about 0.012 are expected; time-ordered uuids share nearly all of them.
int sharedPrefixes(const std::vector<std::string>& uuids) {
  std::map<std::string, int> seen;
  int shared = 0;
  for (const std::string& uuid : uuids) {
    if (seen[uuid.substr(0, 8)]++ > 0) ++shared;
  }
  return shared;
}

int hexValue(char c) { return c <= '9' ? c - '0' : c - 'a' + 10; }

// The ones at each of the 128 bit positions. For random bits each count is binomial
// (n = 10,000, p = 1/2): mean 5,000, standard deviation 50.
std::array<int, 128> onesPerBit(const std::vector<std::string>& uuids) {
  std::array<int, 128> ones{};
  for (const std::string& uuid : uuids) {
    for (int digit = 0; digit < 32; ++digit) {
      const int value = hexValue(uuid[digit]);
      for (int bit = 0; bit < 4; ++bit) ones[digit * 4 + bit] += (value >> (3 - bit)) & 1;
    }
  }
  return ones;
}

class SecretIdsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db::DatabaseOptions options;
    options.url = "sqlite://" + (dir_.path() / "ids.db").string();
    options.sqliteSynchronous = "NORMAL";  // the ids are under test, not durability
    ASSERT_TRUE(db::Database::open(options, &db_).ok());
    Status migrated = migrate::migrate(*db_, std::string(ZSTACK_SOURCE_DIR) + "/sql", {{"host"}});
    ASSERT_TRUE(migrated.ok()) << migrated.error().details;
  }

  testing::TempDir dir_{"zstack-ids"};
  std::unique_ptr<db::Database> db_;
};

TEST_F(SecretIdsTest, SessionUuidsFromLoginsAreIndependentRandomBits) {
  auth::SessionOptions options;
  options.maxConcurrent = kSessions + 1;
  auth::SessionManager sessions(*db_, Env::system(), options);
  bool created = false;
  ASSERT_TRUE(sessions.ensureAdmin("password", &created).ok());
  const std::string password = sha512Hex("password");
  std::vector<std::string> sessionUuids;
  std::vector<std::string> resourceUuids;
  for (int i = 0; i < kSessions; ++i) {
    auth::SessionInventory session;
    std::chrono::seconds retryAfter{0};
    Status status = sessions.login("admin", password, "127.0.0.1", std::nullopt, &session, &retryAfter);
    ASSERT_TRUE(status.ok()) << status.error().details;
    ASSERT_TRUE(isZStackUuid(session.uuid)) << session.uuid;
    sessionUuids.push_back(session.uuid);
    resourceUuids.push_back(Env::system().newUuid());
  }

  std::vector<std::string> sorted = sessionUuids;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(std::unique(sorted.begin(), sorted.end()), sorted.end()) << "a session uuid repeated";

  EXPECT_LE(sharedPrefixes(sessionUuids), 2) << "session uuids share 8-hex prefixes";
  // Not time-ordered: in random order about half the neighbours ascend (sd 50).
  int ascending = 0;
  for (std::size_t i = 1; i < sessionUuids.size(); ++i) ascending += sessionUuids[i - 1] < sessionUuids[i];
  EXPECT_NEAR(ascending, kSessions / 2, 250);

  // Every bit position within five standard deviations of one half: no fixed version or
  // variant bits, no bias.
  const std::array<int, 128> ones = onesPerBit(sessionUuids);
  for (int bit = 0; bit < 128; ++bit) EXPECT_NEAR(ones[bit], kSessions / 2, 250) << "bit " << bit;

  // Unrelated to the resource uuids made in between: no shared prefixes beyond chance.
  std::vector<std::string> both = sessionUuids;
  both.insert(both.end(), resourceUuids.begin(), resourceUuids.end());
  EXPECT_LE(sharedPrefixes(both) - sharedPrefixes(resourceUuids), 3);
}

TEST(ResourceUuidTest, TimeOrderedWithRandomBitsFromTheCsprng) {
  std::vector<std::string> uuids;
  for (int i = 0; i < kSessions; ++i) uuids.push_back(Env::system().newUuid());
  // Time-ordered to the millisecond: the 48-bit time prefix never goes back.
  for (std::size_t i = 1; i < uuids.size(); ++i) ASSERT_LE(uuids[i - 1].substr(0, 12), uuids[i].substr(0, 12));
  // Version 7 and the RFC 4122 variant; the 74 random bits pass the bit-frequency test.
  const std::array<int, 128> ones = onesPerBit(uuids);
  for (const std::string& uuid : uuids) {
    ASSERT_EQ(uuid[12], '7') << uuid;
    ASSERT_TRUE(uuid[16] >= '8' && uuid[16] <= 'b') << uuid;
  }
  for (int bit = 52; bit < 64; ++bit) EXPECT_NEAR(ones[bit], kSessions / 2, 250) << "bit " << bit;
  for (int bit = 66; bit < 128; ++bit) EXPECT_NEAR(ones[bit], kSessions / 2, 250) << "bit " << bit;
}

}  // namespace
}  // namespace zstack
