// Access keys as users meet them: CreateAccessKey / QueryAccessKey / ChangeAccessKeyState /
// DeleteAccessKey over HTTP, and every API called with 'Authorization: ZStack <id>:<signature>'
// signed exactly as the ZStack SDK's calculateAccessKeySignature signs (written here from its
// description, not with the host's code), on SQLite, PostgreSQL and MariaDB.
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <thread>

#include <gtest/gtest.h>

#include "host_process.h"
#include "temp_dir.h"
#include "test_util.h"
#include "webhook_receiver.h"

namespace zstack::it {
namespace {

using std::chrono::system_clock;

constexpr char kAdminUuid[] = "36c27e8ff05c4780bf6d2fa65700f22e";

struct AccessKey {
  std::string uuid;
  std::string id;
  std::string secret;
};

// ZSClient's formatter: "EEE, dd MMM yyyy HH:mm:ss VV" in Locale.ENGLISH, of the time `at` in
// a zone `offsetHours` east of UTC named `zone` (the JVM's default zone id).
std::string sdkDate(system_clock::time_point at, const std::string& zone = "UTC", int offsetHours = 0) {
  static const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t local = system_clock::to_time_t(at) + offsetHours * 3600;
  std::tm t{};
  gmtime_r(&local, &t);
  char text[128];
  std::snprintf(text, sizeof(text), "%s, %02d %s %04d %02d:%02d:%02d %s", kDays[t.tm_wday], t.tm_mday,
                kMonths[t.tm_mon], t.tm_year + 1900, t.tm_hour, t.tm_min, t.tm_sec, zone.c_str());
  return text;
}

// calculateAccessKeySignature: Base64(HmacSHA1(secret, method + "\n" + date + "\n" + "/v1" + path)),
// path being the API's below /v1 with its variables filled in and no query string.
std::string sdkSignature(const std::string& secret, const std::string& method, const std::string& date,
                         const std::string& path) {
  const std::string toSign = method + "\n" + date + "\n" + "/v1" + path;
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha1(), secret.data(), static_cast<int>(secret.size()), reinterpret_cast<const unsigned char*>(toSign.data()),
       toSign.size(), mac, &size);
  unsigned char base64[64];
  const int length = EVP_EncodeBlock(base64, mac, static_cast<int>(size));
  return std::string(reinterpret_cast<const char*>(base64), static_cast<std::size_t>(length));
}

// The SDK's headers for `method path` (path below /zstack/v1, a query string allowed).
Headers sdkHeaders(const AccessKey& key, const std::string& method, const std::string& path,
                   const std::string& date = sdkDate(system_clock::now())) {
  const std::string signedPath = path.substr(0, path.find('?'));
  return {{"Date", date}, {"Authorization", "ZStack " + key.id + ":" + sdkSignature(key.secret, method, date, signedPath)}};
}

// A request carrying only `headers` as its credential (no session).
Reply send(HostProcess& host, const std::string& method, const std::string& path, const std::string& body,
           Headers headers) {
  return host.request(method, path, body, std::string(), std::move(headers));
}

// A signed call as the SDK makes it (X-JSON-Schema), waiting for an async one (Prefer: wait).
Reply signedCall(HostProcess& host, const AccessKey& key, const std::string& method, const std::string& path,
                 const Json& body = Json()) {
  Headers headers = sdkHeaders(key, method, path);
  headers.emplace_back("X-JSON-Schema", "true");
  headers.emplace_back("Prefer", "wait=10");
  return send(host, method, path, body.is_null() ? "" : body.dump(), std::move(headers));
}

Json answerOf(const Reply& reply) { return Json::parse(reply.body, nullptr, false); }

AccessKey createKey(HostProcess& host, const std::string& session, const std::string& accountUuid,
                    const Json& extra = Json::object()) {
  Json params = {{"accountUuid", accountUuid}, {"userUuid", accountUuid}};
  params.update(extra);
  const Reply reply = host.call("/accesskeys", {{"params", params}}, session);
  EXPECT_EQ(reply.status, 200) << describe(reply);
  const Json inventory = inventoryOf(reply);
  if (!inventory.is_object()) return {};
  return {inventory.value("uuid", ""), inventory.value("AccessKeyID", ""), inventory.value("AccessKeySecret", "")};
}

// What a refused request may not have written: jobs, and any resource.
struct Written {
  long long jobs;
  long long resources;
  bool operator==(const Written& other) const { return jobs == other.jobs && resources == other.resources; }
};
Written written(const HostProcess& host) {
  return {host.count("SELECT COUNT(*) FROM AsyncRestVO"), host.count("SELECT COUNT(*) FROM ResourceVO")};
}

bool isAlphanumeric(const std::string& text) {
  return std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isalnum(c) != 0; });
}

TEST(AccessKeysTest, CreateShowsTheSecretOnceQueryChangeAndDeleteManageTheKey) {
  HostProcess host;
  ASSERT_NO_THROW(host.start());
  const std::string session = host.login();

  // Generated id and secret: 20 and 40 of [A-Za-z0-9], the secret in this answer only.
  const Reply created = host.request("POST", "/accesskeys",
                                     Json{{"params", {{"accountUuid", kAdminUuid}, {"userUuid", kAdminUuid},
                                                      {"description", "ci"}}}}.dump(),
                                     session, {{"Prefer", "wait=10"}, {"X-JSON-Schema", "true"}});
  ASSERT_EQ(created.status, 200) << describe(created);
  const Json answer = answerOf(created);
  const Json& inventory = answer["inventory"];
  const AccessKey generated{inventory["uuid"], inventory["AccessKeyID"], inventory["AccessKeySecret"]};
  EXPECT_EQ(generated.id.size(), 20u);
  EXPECT_EQ(generated.secret.size(), 40u);
  EXPECT_TRUE(isAlphanumeric(generated.id) && isAlphanumeric(generated.secret)) << inventory.dump();
  EXPECT_EQ(inventory["state"], "Enabled");
  EXPECT_EQ(inventory["accountUuid"], kAdminUuid);
  EXPECT_EQ(inventory["description"], "ci");
  EXPECT_EQ(answer["schema"], Json({{"inventory", "org.zstack.accessKey.AccessKeyInventory"},
                                    {"inventory.state", "org.zstack.accessKey.AccessKeyState"}}));
  // Stored sealed: the column holds neither the secret nor anything of it in the clear.
  const std::string stored = host.text("SELECT AccessKeySecret FROM AccessKeyVO WHERE uuid = " + quoted(generated.uuid));
  EXPECT_EQ(stored.rfind("v1.", 0), 0u) << stored;
  EXPECT_EQ(stored.find(generated.secret), std::string::npos);

  // A given id and secret are kept; the id is unique.
  const AccessKey given = createKey(host, session, kAdminUuid,
                                    {{"AccessKeyID", "given-key-id.01"}, {"AccessKeySecret", "a given secret of 30 chars!!"}});
  EXPECT_EQ(given.id, "given-key-id.01");
  EXPECT_EQ(given.secret, "a given secret of 30 chars!!");
  const Json clash = {{"params", {{"accountUuid", kAdminUuid}, {"userUuid", kAdminUuid}, {"AccessKeyID", "given-key-id.01"}}}};
  EXPECT_TRUE(isError(host.call("/accesskeys", clash, session), 503, "SYS.1006", "AccessKeyID"));
  const Json unknown = {{"params", {{"accountUuid", std::string(32, 'a')}, {"userUuid", std::string(32, 'a')}}}};
  EXPECT_TRUE(isError(host.call("/accesskeys", unknown, session), 503, "SYS.1003", "accountUuid"));
  const Json shortId = {{"params", {{"accountUuid", kAdminUuid}, {"userUuid", kAdminUuid}, {"AccessKeyID", "short"}}}};
  EXPECT_TRUE(isError(host.call("/accesskeys", shortId, session), 503, "SYS.1007", "AccessKeyID"));

  // Queries never show the secret, with a session or with the key itself, with its classes.
  for (const Reply& query : {host.request("GET", "/accesskeys?q=uuid=" + generated.uuid, "", session),
                             signedCall(host, generated, "GET", "/accesskeys?q=uuid=" + generated.uuid),
                             signedCall(host, generated, "GET", "/accesskeys/" + generated.uuid)}) {
    ASSERT_EQ(query.status, 200) << describe(query);
    const Json body = answerOf(query);
    ASSERT_EQ(body["inventories"].size(), 1u) << query.body;
    EXPECT_EQ(body["inventories"][0]["AccessKeyID"], generated.id);
    EXPECT_FALSE(body["inventories"][0].contains("AccessKeySecret")) << query.body;
    EXPECT_EQ(query.body.find(generated.secret), std::string::npos);
    EXPECT_EQ(body["schema"]["inventories[0]"], "org.zstack.accessKey.AccessKeyInventory");
    EXPECT_EQ(body["schema"]["inventories[0].state"], "org.zstack.accessKey.AccessKeyState");
  }

  // Disabled (by the key itself), the key is refused with ID.1001 and writes nothing; the answer
  // has no secret either.
  const Reply disabled = signedCall(host, generated, "PUT", "/accesskeys/" + generated.uuid + "/actions",
                                    {{"changeAccessKeyState", {{"stateEvent", "disable"}}}});
  ASSERT_EQ(disabled.status, 200) << describe(disabled);
  EXPECT_EQ(inventoryOf(disabled)["state"], "Disabled");
  EXPECT_FALSE(inventoryOf(disabled).contains("AccessKeySecret"));
  EXPECT_EQ(answerOf(disabled)["schema"]["inventory.state"], "org.zstack.accessKey.AccessKeyState");
  const Written before = written(host);
  EXPECT_TRUE(isError(signedCall(host, generated, "POST", "/tags", {{"params", {{"name", "t"}, {"value", "v"}}}}), 401,
                      "ID.1001"));
  EXPECT_TRUE(isError(signedCall(host, generated, "GET", "/accesskeys"), 401, "ID.1001"));
  EXPECT_TRUE(written(host) == before);
  // Enabled again, it works again.
  const Json enable = {{"changeAccessKeyState", {{"stateEvent", "enable"}}}};
  ASSERT_EQ(host.call("PUT", "/accesskeys/" + generated.uuid + "/actions", enable, session).status, 200);
  EXPECT_EQ(signedCall(host, generated, "GET", "/accesskeys").status, 200);

  // The create job's stored result is sealed too; a poll after a restart (from AsyncRestVO, not
  // memory) still answers the secret to its account.
  // (The first CreateAccessKey job: session jobs' uuids are time-ordered.)
  const std::string createJob =
      host.text("SELECT uuid FROM AsyncRestVO WHERE apiName = 'CreateAccessKey' ORDER BY createDate, uuid");
  ASSERT_FALSE(createJob.empty());
  EXPECT_EQ(host.count("SELECT COUNT(*) FROM AsyncRestVO WHERE result LIKE " + quoted("%" + generated.secret + "%")), 0);
  host.restart();
  const std::string again = host.login();
  const Reply polledAfterRestart = host.request("GET", "/api-jobs/" + createJob, "", again);
  ASSERT_EQ(polledAfterRestart.status, 200) << describe(polledAfterRestart);
  EXPECT_EQ(inventoryOf(polledAfterRestart)["AccessKeySecret"], generated.secret);

  // Deleted, it is refused; its rows are gone.
  const Reply deleted = signedCall(host, given, "DELETE", "/accesskeys/" + generated.uuid + "?deleteMode=Permissive");
  ASSERT_EQ(deleted.status, 200) << describe(deleted);
  EXPECT_TRUE(isError(signedCall(host, generated, "GET", "/accesskeys"), 401, "ID.1001"));
  EXPECT_EQ(host.count("SELECT COUNT(*) FROM AccessKeyVO WHERE uuid = " + quoted(generated.uuid)), 0);
  EXPECT_EQ(host.count("SELECT COUNT(*) FROM ResourceVO WHERE uuid = " + quoted(generated.uuid)), 0);
}

TEST(AccessKeysTest, SignaturesAreCheckedExactlyAndRefusalsWriteNothing) {
  HostProcess host;
  ASSERT_NO_THROW(host.start());
  const std::string session = host.login();
  const AccessKey key = createKey(host, session, kAdminUuid);
  const std::string tag = Json{{"params", {{"name", "t"}, {"value", "v"}}}}.dump();
  const Written before = written(host);
  const system_clock::time_point now = system_clock::now();

  Headers wrongSecret = sdkHeaders(AccessKey{key.uuid, key.id, key.secret + "x"}, "POST", "/tags");
  EXPECT_TRUE(isError(send(host, "POST", "/tags", tag, wrongSecret), 401, "ID.1001"));
  // Signed for another path, another method, another date: each is a wrong signature.
  EXPECT_TRUE(isError(send(host, "POST", "/tags", tag, sdkHeaders(key, "POST", "/accesskeys")), 401, "ID.1001"));
  EXPECT_TRUE(isError(send(host, "POST", "/tags", tag, sdkHeaders(key, "PUT", "/tags")), 401, "ID.1001"));
  Headers otherDate = sdkHeaders(key, "POST", "/tags", sdkDate(now - std::chrono::seconds(1)));
  otherDate[0].second = sdkDate(now);
  EXPECT_TRUE(isError(send(host, "POST", "/tags", tag, otherDate), 401, "ID.1001"));
  Headers unknownKey = sdkHeaders(AccessKey{"", "NoSuchKeyId012345678", key.secret}, "POST", "/tags");
  EXPECT_TRUE(isError(send(host, "POST", "/tags", tag, unknownKey), 401, "ID.1001"));

  // The Date: missing, garbled, or beyond the 15 minutes' skew either way: 400.
  Headers noDate = sdkHeaders(key, "POST", "/tags");
  noDate.erase(noDate.begin());
  EXPECT_TRUE(isError(send(host, "POST", "/tags", tag, noDate), 400, "SYS.1007", "'Date' must be included"));
  EXPECT_TRUE(isError(send(host, "POST", "/tags", tag, sdkHeaders(key, "POST", "/tags", "2026-12-01T23:55:00Z")), 400,
                      "SYS.1007", "'Date' format error"));
  for (auto skew : {std::chrono::minutes(-16), std::chrono::minutes(16)}) {
    const Reply skewed = send(host, "POST", "/tags", tag, sdkHeaders(key, "POST", "/tags", sdkDate(now + skew)));
    EXPECT_TRUE(isError(skewed, 400, "SYS.1007", "requestTimeTooSkewed")) << skew.count();
  }
  // Not exactly 'ZStack <id>:<signature>': 400.
  for (const std::string& credential : {"ZStack " + key.id, "ZStack " + key.id + ":a:b", std::string("ZStack :abc"),
                                        "ZStack " + std::string(100, 'k') + ":abc"}) {
    const Reply malformed = send(host, "POST", "/tags", tag, {{"Date", sdkDate(now)}, {"Authorization", credential}});
    EXPECT_TRUE(isError(malformed, 400, "SYS.1007", "accessKey format is 'ZStack AccessKeyId:Signature'")) << credential;
  }
  EXPECT_TRUE(written(host) == before);

  // Within the skew, a JVM in Shanghai (its zone id in the Date) and one with offsets are
  // accepted; so is a replay of the same signed request inside the window (as ZStack does).
  const Headers shanghai = sdkHeaders(key, "GET", "/tags", sdkDate(now - std::chrono::minutes(10), "Asia/Shanghai", 8));
  EXPECT_EQ(send(host, "GET", "/tags", "", shanghai).status, 200);
  EXPECT_EQ(send(host, "GET", "/tags", "", shanghai).status, 200);
  EXPECT_EQ(send(host, "GET", "/tags", "", sdkHeaders(key, "GET", "/tags", sdkDate(now, "-05:00", -5))).status, 200);
  // The query string is not signed: any query of the path goes with one signature.
  EXPECT_EQ(send(host, "GET", "/tags?limit=1", "", sdkHeaders(key, "GET", "/tags")).status, 200);
}

TEST(AccessKeysTest, AKeyActsAsItsAccountAndItsJobsArePolledAsTheSdkPolls) {
  HostOptions options;
  options.hostKeys = {{"webhooks", "{timeout: 1, allowedNetworks: [127.0.0.0/8]}"}};  // the receiver is on loopback
  HostProcess host(options);
  ASSERT_NO_THROW(host.start());
  const std::string admin = host.login();
  const std::string alice = host.createAccount("alice", "alice-password");
  const std::string aliceSession = host.loginAs("alice", "alice-password");
  const AccessKey adminKey = createKey(host, admin, kAdminUuid);

  // A normal account makes keys for itself only; the admin for any account, which owns it.
  const Json forAdmin = {{"params", {{"accountUuid", kAdminUuid}, {"userUuid", kAdminUuid}}}};
  EXPECT_TRUE(isError(host.call("/accesskeys", forAdmin, aliceSession), 503, "ID.1002", "accountUuid"));
  const AccessKey aliceKey = createKey(host, aliceSession, alice);
  const AccessKey givenToAlice = createKey(host, admin, alice);
  const Reply aliceKeys = signedCall(host, aliceKey, "GET", "/accesskeys?sortBy=createDate&sortDirection=asc");
  ASSERT_EQ(aliceKeys.status, 200) << describe(aliceKeys);
  const Json inventories = answerOf(aliceKeys)["inventories"];
  ASSERT_EQ(inventories.size(), 2u) << aliceKeys.body;  // not the admin's
  EXPECT_EQ(inventories[0]["uuid"], aliceKey.uuid);
  EXPECT_EQ(inventories[1]["uuid"], givenToAlice.uuid);
  EXPECT_EQ(answerOf(signedCall(host, aliceKey, "GET", "/accesskeys/" + adminKey.uuid))["inventories"].size(), 0u);
  // Nor may it disable or delete another account's key, nor share its own.
  const Json disable = {{"changeAccessKeyState", {{"stateEvent", "disable"}}}};
  EXPECT_TRUE(isError(signedCall(host, aliceKey, "PUT", "/accesskeys/" + adminKey.uuid + "/actions", disable), 503,
                      "ID.1002"));
  EXPECT_TRUE(isError(signedCall(host, aliceKey, "DELETE", "/accesskeys/" + adminKey.uuid), 503, "ID.1002"));
  const Json share = {{"shareResource", {{"resourceUuids", {aliceKey.uuid}}, {"toPublic", true}}}};
  EXPECT_TRUE(isError(host.call("PUT", "/accounts/resources/actions", share, admin), 503, "SYS.1007", "cannot be shared"));
  EXPECT_EQ(host.text("SELECT state FROM AccessKeyVO WHERE uuid = " + quoted(adminKey.uuid)), "Enabled");
  // CreateAccount is the admin's: alice's key may not, the admin's key may.
  const Json account = {{"params", {{"name", "bob"}, {"password", std::string(128, 'a')}}}};
  EXPECT_TRUE(isError(signedCall(host, aliceKey, "POST", "/accounts", account), 503, "ID.1002"));
  EXPECT_EQ(signedCall(host, adminKey, "POST", "/accounts", account).status, 200);

  // AddModel with alice's key, as the SDK sends it (no Prefer: wait), then polled as the SDK
  // polls after a signed call: 'Authorization: OAuth null'.
  const Reply center = signedCall(host, aliceKey, "POST", "/ai/model-centers",
                                  {{"param", {{"name", "c"}, {"url", "http://192.168.10.12:8989"},
                                              {"managementIp", "192.168.10.12"}, {"managementPort", 8989}}}});
  ASSERT_EQ(center.status, 200) << describe(center);
  const std::string centerUuid = inventoryOf(center)["uuid"];
  const std::string modelBody = Json{{"param", HostProcess::modelParam(centerUuid, "alice-model")}}.dump();
  Headers addHeaders = sdkHeaders(aliceKey, "POST", "/ai/models");
  addHeaders.emplace_back("X-JSON-Schema", "true");
  const Reply accepted = send(host, "POST", "/ai/models", modelBody, addHeaders);
  ASSERT_EQ(accepted.status, 202) << describe(accepted);
  const std::string location = answerOf(accepted)["location"];
  const std::string jobUuid = location.substr(location.rfind('/') + 1);
  EXPECT_EQ(host.text("SELECT accessKeyUuid FROM AsyncRestVO WHERE uuid = " + quoted(jobUuid)), aliceKey.uuid);
  Reply polled;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  do {
    polled = send(host, "GET", targetOf(location), "", {{"Authorization", "OAuth null"}, {"X-JSON-Schema", "true"}});
    if (polled.status != 202) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // the SDK's poll, sped up
  } while (std::chrono::steady_clock::now() < deadline);
  ASSERT_EQ(polled.status, 200) << describe(polled);
  const std::string modelUuid = inventoryOf(polled)["uuid"];
  EXPECT_EQ(answerOf(polled)["schema"]["inventory"], "org.zstack.ai.entity.ModelInventory");
  // The key's signature polls as well; a session's job is not polled by its uuid alone.
  EXPECT_EQ(send(host, "GET", targetOf(location), "", sdkHeaders(aliceKey, "GET", targetOf(location).substr(10))).status, 200);
  const std::string adminCenter = host.addModelCenter("admin-center");
  const Reply sessionJob = host.request("POST", "/ai/model-centers",
                                        Json{{"param", {{"name", "s"}, {"url", "http://192.168.10.12:8989"},
                                                        {"managementIp", "192.168.10.12"}, {"managementPort", 8989}}}}.dump(),
                                        admin);
  ASSERT_EQ(sessionJob.status, 202) << describe(sessionJob);
  EXPECT_TRUE(isError(send(host, "GET", targetOf(answerOf(sessionJob)["location"]), "", {{"Authorization", "OAuth null"}}),
                      404, "SYS.1003"));

  // A signed call's X-Web-Hook delivery.
  zstack::testing::WebhookReceiver receiver(zstack::testing::WebhookReceiver::Behaviour::Answer);
  Headers hooked = sdkHeaders(aliceKey, "POST", "/ai/models");
  hooked.emplace_back("X-Web-Hook", receiver.url());
  const Reply hookedCall = send(host, "POST", "/ai/models",
                                Json{{"param", HostProcess::modelParam(centerUuid, "hooked")}}.dump(), hooked);
  ASSERT_EQ(hookedCall.status, 202) << describe(hookedCall);
  const auto delivery = receiver.next();
  ASSERT_TRUE(delivery) << "no webhook delivery within 15 s";
  EXPECT_EQ(delivery->success, "true");
  EXPECT_EQ(Json::parse(delivery->body)["inventory"]["name"], "hooked");

  // The model is alice's: her key finds it, and not the admin's center.
  const Reply models = signedCall(host, aliceKey, "GET", "/ai/models?q=uuid=" + modelUuid);
  ASSERT_EQ(models.status, 200) << describe(models);
  EXPECT_EQ(answerOf(models)["inventories"].size(), 1u);
  EXPECT_EQ(host.text("SELECT accountUuid FROM AccountResourceRefVO WHERE resourceUuid = " + quoted(modelUuid)), alice);
  EXPECT_EQ(answerOf(signedCall(host, aliceKey, "GET", "/ai/model-centers/" + adminCenter))["inventories"].size(), 0u);
}

// Two nodes on one database with one host key file (ctest runs ClusterTest on PostgreSQL and
// MariaDB only): a key made on one signs on the other, its sealed create result opens there, and
// a key disabled on one is refused by the other at its very next request.
TEST(ClusterTest, AccessKeysWorkOnEveryNodeSharingTheHostKey) {
  zstack::testing::TempDir keys("zstack-shared-host-key");
  const std::string keyFile = (keys.path() / "zstack-host-key").string();
  HostOptions options;
  options.hostKeys = {{"accessKeys", "{keyFile: " + keyFile + "}"}};
  HostProcess a(options);
  ASSERT_NO_THROW(a.start());
  options.databaseUrl = a.databaseUrl();
  HostProcess b(options);
  ASSERT_NO_THROW(b.start());
  const std::string session = a.login();

  const Reply accepted = a.request("POST", "/accesskeys",
                                   Json{{"params", {{"accountUuid", kAdminUuid}, {"userUuid", kAdminUuid}}}}.dump(), session);
  ASSERT_EQ(accepted.status, 202) << describe(accepted);
  const std::string location = answerOf(accepted)["location"];
  const Reply created = a.waitJob(location, session);
  ASSERT_EQ(created.status, 200) << describe(created);
  const AccessKey key{inventoryOf(created)["uuid"], inventoryOf(created)["AccessKeyID"],
                      inventoryOf(created)["AccessKeySecret"]};
  // B opens the sealed result from AsyncRestVO, and checks the key's signature.
  const Reply onB = b.request("GET", targetOf(location), "", session);
  ASSERT_EQ(onB.status, 200) << describe(onB);
  EXPECT_EQ(inventoryOf(onB)["AccessKeySecret"], key.secret);
  EXPECT_EQ(signedCall(b, key, "GET", "/accesskeys").status, 200);

  const Json disable = {{"changeAccessKeyState", {{"stateEvent", "disable"}}}};
  ASSERT_EQ(signedCall(b, key, "PUT", "/accesskeys/" + key.uuid + "/actions", disable).status, 200);
  EXPECT_TRUE(isError(signedCall(a, key, "GET", "/accesskeys"), 401, "ID.1001"));
}

}  // namespace
}  // namespace zstack::it
