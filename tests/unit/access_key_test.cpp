// Access keys' tricky parts: the Date header as the SDK writes it (zones, weekdays, bounds), the
// Authorization credential, the string to sign and its HMAC, and the host key that seals the
// secrets (AES-256-GCM) with its file's rules.
#include <sys/stat.h>

#include <chrono>
#include <array>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>

#include <gtest/gtest.h>

#include "auth/access_key_signature.h"
#include "auth/host_key.h"
#include "common/digest.h"
#include "temp_dir.h"

namespace zstack::auth {
namespace {

using std::chrono::system_clock;
using zstack::testing::TempDir;

// 2026-12-01 23:55:00 UTC, a Tuesday.
const system_clock::time_point kInstant = system_clock::time_point(std::chrono::seconds(1796169300));

system_clock::time_point parsed(const std::string& text) {
  system_clock::time_point out;
  const Status status = parseRequestDate(text, &out);
  EXPECT_TRUE(status.ok()) << text << ": " << status.error().details;
  return out;
}

std::string refusal(const std::string& text) {
  system_clock::time_point out;
  const Status status = parseRequestDate(text, &out);
  return status.ok() ? "accepted" : status.error().code + " " + status.error().details;
}

TEST(RequestDateTest, ReadsTheSdkFormatInUtcAndItsAliases) {
  for (const char* zone : {"UTC", "Z", "GMT", "UT", "Etc/UTC", "Etc/GMT", "utc", "UTC+00:00", "+00:00"}) {
    EXPECT_EQ(parsed(std::string("Tue, 01 Dec 2026 23:55:00 ") + zone), kInstant) << zone;
  }
  // parseCaseInsensitive: the SDK's formatter reads any case.
  EXPECT_EQ(parsed("TUE, 01 DEC 2026 23:55:00 utc"), kInstant);
}

TEST(RequestDateTest, ReadsOffsetsAndTzDatabaseZones) {
  // The same instant in Shanghai (UTC+8, no DST): the next day's morning.
  EXPECT_EQ(parsed("Wed, 02 Dec 2026 07:55:00 +08:00"), kInstant);
  EXPECT_EQ(parsed("Wed, 02 Dec 2026 07:55:00 +0800"), kInstant);
  EXPECT_EQ(parsed("Wed, 02 Dec 2026 07:55:00 GMT+08:00"), kInstant);
  EXPECT_EQ(parsed("Wed, 02 Dec 2026 07:55:00 GMT+8"), kInstant);  // Java's sign, not POSIX's
  EXPECT_EQ(parsed("Tue, 01 Dec 2026 15:55:00 Etc/GMT+8"), kInstant);  // the tz database's: UTC-8
  EXPECT_EQ(parsed("Tue, 01 Dec 2026 18:55:00 -05:00"), kInstant);
  ASSERT_TRUE(std::filesystem::exists("/usr/share/zoneinfo/Asia/Shanghai")) << "the tz database is part of the image";
  EXPECT_EQ(parsed("Wed, 02 Dec 2026 07:55:00 Asia/Shanghai"), kInstant);
  // New York is UTC-5 in December and UTC-4 in July: the offset is that of the date.
  EXPECT_EQ(parsed("Tue, 01 Dec 2026 18:55:00 America/New_York"), kInstant);
  const system_clock::time_point july = parsed("Wed, 01 Jul 2026 12:00:00 America/New_York");
  EXPECT_EQ(july, parsed("Wed, 01 Jul 2026 16:00:00 UTC"));
}

TEST(RequestDateTest, RefusesWhatIsNotSuchADate) {
  EXPECT_NE(refusal("Tue, 01 Dec 2026 23:55:00").find("SYS.1007 'Date' format error"), std::string::npos);
  for (const char* text : {"", "Tue 01 Dec 2026 23:55:00 UTC", "Tue, 1 Dec 2026 23:55:00 UTC",
                           "Tue, 01 Dek 2026 23:55:00 UTC", "Tue, 01 Dec 2026 24:00:00 UTC",
                           "Tue, 01 Dec 2026 23:60:00 UTC", "Tue, 31 Feb 2026 23:55:00 UTC", "2026-12-01T23:55:00Z",
                           "Tue, 01 Dec 26 23:55:00 UTC"}) {
    EXPECT_NE(refusal(text).find("format error"), std::string::npos) << text << ": " << refusal(text);
  }
  EXPECT_NE(refusal("Mon, 01 Dec 2026 23:55:00 UTC").find("weekday"), std::string::npos);
  EXPECT_NE(refusal(std::string("Tue, 01 Dec 2026 23:55:00 ") + std::string(200, 'A')).find("format error"),
            std::string::npos);
}

TEST(RequestDateTest, RefusesZonesItCannotResolveByName) {
  for (const char* zone : {"Mars/Olympus", "../../../etc/passwd", "/etc/passwd", "Asia//Shanghai", "+19:00", "+08:61",
                           "CST6CDT,M3"}) {
    const std::string answer = refusal(std::string("Tue, 01 Dec 2026 23:55:00 ") + zone);
    EXPECT_NE(answer.find("SYS.1007 'Date' names the time zone"), std::string::npos) << zone << ": " << answer;
  }
  // A tz database without the zone: refused, never guessed.
  TempDir empty("zstack-zoneinfo");
  system_clock::time_point out;
  EXPECT_FALSE(parseRequestDate("Wed, 02 Dec 2026 07:55:00 Asia/Shanghai", empty.path().string(), &out).ok());
}

TEST(AccessKeyCredentialTest, IsExactlyIdColonSignature) {
  std::string id, signature;
  ASSERT_TRUE(parseAccessKeyCredential(" AbCdEfGhIj0123456789:7/zfauXrL6LSdBbV8YTfnCWafHk= ", &id, &signature).ok());
  EXPECT_EQ(id, "AbCdEfGhIj0123456789");
  EXPECT_EQ(signature, "7/zfauXrL6LSdBbV8YTfnCWafHk=");
  for (const std::string& bad : {std::string(""), std::string("id"), std::string(":sig"), std::string("id:"),
                                 std::string("a:b:c"), std::string(65, 'i') + ":sig", "id:" + std::string(65, 's')}) {
    const Status status = parseAccessKeyCredential(bad, &id, &signature);
    ASSERT_FALSE(status.ok()) << bad;
    EXPECT_EQ(status.error().details, "accessKey format is 'ZStack AccessKeyId:Signature'");
  }
}

TEST(AccessKeySignatureTest, SignsWhatTheSdkSigns) {
  EXPECT_EQ(accessKeyStringToSign("PUT", "Tue, 01 Dec 2026 23:55:00 UTC", "/accesskeys/abc/actions"),
            "PUT\nTue, 01 Dec 2026 23:55:00 UTC\n/v1/accesskeys/abc/actions");
  // RFC 2202, test case 2 of HMAC-SHA1: effcdf6ae5eb2fa2d27416d5f184df9c259a7c79, in base64.
  EXPECT_EQ(accessKeySignature("Jefe", "what do ya want for nothing?"), "7/zfauXrL6LSdBbV8YTfnCWafHk=");
}

TEST(DigestTest, Base64RoundTripsAndRefusesMalformedText) {
  for (const std::string& data : {std::string(""), std::string("f"), std::string("fo"), std::string("foo"),
                                  std::string("\0\xff\x10", 3)}) {
    std::string back;
    ASSERT_TRUE(base64Decode(base64Encode(data), &back)) << data;
    EXPECT_EQ(back, data);
  }
  EXPECT_EQ(base64Encode("fo"), "Zm8=");
  std::string out;
  for (const char* bad : {"Zm8", "Zm8=Zm8", "Z!8=", " Zm8"}) EXPECT_FALSE(base64Decode(bad, &out)) << bad;
}

TEST(DigestTest, RandomAlphanumericUsesTheWholeAlphabet) {
  const std::string text = randomAlphanumeric(4000);
  ASSERT_EQ(text.size(), 4000u);
  const std::set<char> seen(text.begin(), text.end());
  EXPECT_EQ(seen.size(), 62u);  // each of 62 characters drawn ~65 times: missing one is ~1e-27 likely
  for (char c : seen) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c))) << c;
  EXPECT_NE(randomAlphanumeric(40), randomAlphanumeric(40));
}

std::array<unsigned char, HostKey::kSize> keyBytes(unsigned char fill) {
  std::array<unsigned char, HostKey::kSize> bytes{};
  bytes.fill(fill);
  return bytes;
}

TEST(HostKeyTest, SealsWithAFreshNonceAndOpensOnlyWhatItSealed) {
  const HostKey key = HostKey::fromBytes(keyBytes(1));
  const std::string secret = "0123456789abcdefghijABCDEFGHIJ0123456789";
  const std::string sealed = key.seal(secret, "AbCdEfGhIj0123456789");
  EXPECT_EQ(sealed.rfind("v1." + key.id() + ".", 0), 0u) << sealed;
  EXPECT_LE(sealed.size(), 255u);
  EXPECT_EQ(sealed.find(secret), std::string::npos);
  EXPECT_NE(key.seal(secret, "AbCdEfGhIj0123456789"), sealed);  // a new nonce each time
  std::string plain;
  ASSERT_TRUE(key.open(sealed, "AbCdEfGhIj0123456789", &plain).ok());
  EXPECT_EQ(plain, secret);

  // Another row's id, another key, a changed byte, another version: none opens, all alike.
  EXPECT_FALSE(key.open(sealed, "AnotherKeyId01234567", &plain).ok());
  const HostKey other = HostKey::fromBytes(keyBytes(2));
  EXPECT_NE(other.id(), key.id());
  EXPECT_FALSE(other.open(sealed, "AbCdEfGhIj0123456789", &plain).ok());
  std::string changed = sealed;
  changed[changed.size() - 5] = changed[changed.size() - 5] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(key.open(changed, "AbCdEfGhIj0123456789", &plain).ok());
  const Status v2 = key.open("v2" + sealed.substr(2), "AbCdEfGhIj0123456789", &plain);
  ASSERT_FALSE(v2.ok());
  EXPECT_EQ(v2.error().code, "SYS.1000");
  EXPECT_EQ(v2.error().details.find(secret), std::string::npos);
}

TEST(HostKeyTest, FileIsCreatedPrivateThenReadAndRefusedWhenUnsafe) {
  TempDir dir("zstack-host-key");
  const std::filesystem::path file = dir.path() / "zstack-host-key";
  HostKey first, again;
  bool created = false;
  ASSERT_TRUE(HostKey::loadOrCreate(file, &first, &created).ok());
  EXPECT_TRUE(created);
  struct stat info {};
  ASSERT_EQ(::stat(file.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  EXPECT_EQ(info.st_size, 32);
  ASSERT_TRUE(HostKey::loadOrCreate(file, &again, &created).ok());
  EXPECT_FALSE(created);
  EXPECT_EQ(again.id(), first.id());
  std::string plain;
  EXPECT_TRUE(again.open(first.seal("secret-of-ten", "id"), "id", &plain).ok());

  auto refusal = [&](const std::filesystem::path& path) {
    HostKey key;
    const Status status = HostKey::loadOrCreate(path, &key, &created);
    return status.ok() ? std::string("accepted") : status.error().details;
  };
  ::chmod(file.c_str(), 0640);
  EXPECT_NE(refusal(file).find("readable or writable by its group or others"), std::string::npos) << refusal(file);
  ::chmod(file.c_str(), 0600);
  std::ofstream(file, std::ios::app) << "x";
  EXPECT_NE(refusal(file).find("exactly 32 bytes, it holds 33"), std::string::npos) << refusal(file);
  EXPECT_NE(refusal(dir.path()).find("is not a regular file"), std::string::npos) << refusal(dir.path());
  EXPECT_NE(refusal(dir.path() / "missing" / "key").find("cannot be created"), std::string::npos);
}

}  // namespace
}  // namespace zstack::auth
