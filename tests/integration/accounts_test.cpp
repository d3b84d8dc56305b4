// Accounts and sharing over real HTTP: the admin creates normal accounts; each resource belongs
// to the account that created it; a normal account uses and sees only its own resources and
// those shared with it (or with everyone), and changes only its own; the admin does anything.
// The same rule holds in reference checks, queries, updates and deletes.
#include <gtest/gtest.h>

#include "common/digest.h"
#include "host_process.h"
#include "test_util.h"

namespace zstack::it {
namespace {

class AccountsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    host_.start();
    alice_ = host_.createAccount("alice", "alice-password");
    bob_ = host_.createAccount("bob", "bob-password");
    aliceSession_ = host_.loginAs("alice", "alice-password");
    bobSession_ = host_.loginAs("bob", "bob-password");
  }

  std::string addCenterAs(const std::string& session, const std::string& name) {
    const Json body = {{"param",
                        {{"name", name},
                         {"url", "http://192.168.10.12:8989"},
                         {"managementIp", "192.168.10.12"},
                         {"managementPort", 8989}}}};
    const Reply reply = host_.call("/ai/model-centers", body, session);
    EXPECT_EQ(reply.status, 200) << describe(reply);
    return inventoryOf(reply).value("uuid", "");
  }

  Reply addModelAs(const std::string& session, const std::string& center, const std::string& name,
                   Json extra = Json::object()) {
    Json param = HostProcess::modelParam(center, name);
    param.update(extra);
    return host_.call("/ai/models", Json{{"param", param}}, session);
  }

  Reply share(const std::string& session, const std::string& resource, Json how) {
    how["resourceUuids"] = Json::array({resource});
    return host_.call("PUT", "/accounts/resources/actions", Json{{"shareResource", how}}, session);
  }

  Reply revoke(const std::string& session, const std::string& resource, Json how) {
    how["resourceUuids"] = Json::array({resource});
    return host_.call("PUT", "/accounts/resources/actions", Json{{"revokeResourceSharing", how}}, session);
  }

  // The uuids a GET query answers for the session.
  std::set<std::string> queried(const std::string& session, const std::string& target) {
    const Reply reply = host_.request("GET", target, "", session);
    EXPECT_EQ(reply.status, 200) << describe(reply);
    std::set<std::string> uuids;
    const Json body = Json::parse(reply.body, nullptr, false);
    if (!body.is_object() || !body.contains("inventories")) return uuids;
    for (const Json& inventory : body["inventories"]) uuids.insert(inventory.value("uuid", ""));
    return uuids;
  }

  HostProcess host_;
  std::string alice_, bob_, aliceSession_, bobSession_;
};

TEST_F(AccountsTest, CreateAccountAnswersTheInventoryWithoutThePassword) {
  const Json body = {{"params", {{"name", "carol"}, {"password", sha512Hex("carol-password")},
                                 {"description", "a tester"}}}};
  const Reply reply = host_.call("/accounts", body);
  ASSERT_EQ(reply.status, 200) << describe(reply);
  const Json inventory = inventoryOf(reply);
  EXPECT_TRUE(isZStackUuid(inventory.value("uuid", "")));
  EXPECT_EQ(inventory["name"], "carol");
  EXPECT_EQ(inventory["type"], "Normal");
  EXPECT_EQ(inventory["state"], "Enabled");
  EXPECT_EQ(inventory["description"], "a tester");
  EXPECT_FALSE(inventory.contains("password"));
  EXPECT_EQ(reply.body.find(sha512Hex("carol-password")), std::string::npos);
  EXPECT_FALSE(host_.loginAs("carol", "carol-password").empty());
  // A wrong password is refused like any other.
  const Json wrong = {{"logInByAccount", {{"accountName", "carol"}, {"password", sha512Hex("nope")}}}};
  EXPECT_TRUE(isError(host_.client().request("PUT", "/zstack/v1/accounts/login", wrong.dump()), 401, "ID.1000"));
}

// The SDK's LogInByAccountAction and CreateAccountAction fields: an account's login type (any
// other finds no account here), the audit's clientInfo, and the tags of a new account.
TEST_F(AccountsTest, LoginTypesAndTheTagsOfANewAccount) {
  const auto logIn = [&](const Json& extra) {
    Json param = {{"accountName", "alice"}, {"password", sha512Hex("alice-password")}};
    param.update(extra);
    return host_.client().request("PUT", "/zstack/v1/accounts/login", Json{{"logInByAccount", param}}.dump());
  };
  EXPECT_EQ(logIn({{"accountType", "account"}, {"clientInfo", {{"clientIp", "10.0.0.1"}}}}).status, 200);
  EXPECT_TRUE(isError(logIn({{"accountType", "iam2"}}), 401, "ID.1000", "wrong account name or password"));
  EXPECT_TRUE(isError(logIn({{"systemTags", {"a::b"}}}), 400, "SYS.1007", "takes no systemTags"));
  // LogOut's clientInfo comes as the SDK sends a map in a query string.
  const std::string session = host_.loginAs("alice", "alice-password");
  const std::string logOut = "/zstack/v1/accounts/sessions/" + session;
  EXPECT_TRUE(isError(host_.client().request("DELETE", logOut + "?userTags=x"), 400, "SYS.1007", "takes no"));
  EXPECT_TRUE(isError(host_.client().request("DELETE", logOut + "?sessionId=x"), 400, "SYS.1007", "sessionId"));
  EXPECT_EQ(host_.client().request("DELETE", logOut + "?clientInfo.clientIp=10.0.0.1&clientInfo.clientBrowser=b").status,
            200);
  EXPECT_EQ(host_.count("SELECT COUNT(*) FROM SessionVO WHERE uuid = " + quoted(session)), 0);

  const std::string tag = host_.createTag("team", "ml");
  const Json body = {{"params", {{"name", "erin"}, {"password", sha512Hex("x")}, {"tagUuids", {tag}}}},
                     {"userTags", {"on-call"}}};
  const Reply reply = host_.call("/accounts", body);
  ASSERT_EQ(reply.status, 200) << describe(reply);
  const std::string erin = inventoryOf(reply)["uuid"];
  EXPECT_EQ(host_.count("SELECT COUNT(*) FROM UserTagVO WHERE resourceUuid = " + quoted(erin)), 2);
  const Json unknownTag = {{"params", {{"name", "frank"}, {"password", sha512Hex("x")}, {"tagUuids", {std::string(32, 'f')}}}}};
  EXPECT_TRUE(isError(host_.call("/accounts", unknownTag), 503, "SYS.1003", "tagUuids"));
  EXPECT_EQ(host_.count("SELECT COUNT(*) FROM AccountVO WHERE name = 'frank'"), 0);
}

TEST_F(AccountsTest, OnlyTheAdminCreatesAccountsAndNamesAreUnique) {
  const Json body = {{"params", {{"name", "mallory"}, {"password", sha512Hex("x")}}}};
  EXPECT_TRUE(isError(host_.call("/accounts", body, aliceSession_), 503, "ID.1002"));
  EXPECT_EQ(host_.count("SELECT COUNT(*) FROM AccountVO WHERE name = 'mallory'"), 0);
  const Json taken = {{"params", {{"name", "alice"}, {"password", sha512Hex("x")}}}};
  EXPECT_TRUE(isError(host_.call("/accounts", taken), 503, "SYS.1007", "alice"));
  EXPECT_EQ(host_.count("SELECT COUNT(*) FROM AccountVO WHERE name = 'alice'"), 1);
  const Json badType = {{"params", {{"name", "dave"}, {"password", sha512Hex("x")}, {"type", "Root"}}}};
  EXPECT_TRUE(isError(host_.call("/accounts", badType), 503, "SYS.1007", "type"));
}

TEST_F(AccountsTest, ReferencesFollowOwnershipAndSharing) {
  const std::string aliceCenter = addCenterAs(aliceSession_, "alice-center");
  // Bob may not use Alice's center; the admin may; Alice may.
  EXPECT_TRUE(isError(addModelAs(bobSession_, aliceCenter, "bob-model"), 503, "ID.1002", "modelCenterUuid"));
  EXPECT_EQ(addModelAs(host_.session(), aliceCenter, "admin-model").status, 200);
  EXPECT_EQ(addModelAs(aliceSession_, aliceCenter, "alice-model").status, 200);
  // A uuid that names nothing is not found, whoever asks.
  EXPECT_TRUE(isError(addModelAs(bobSession_, std::string(32, 'a'), "m"), 503, "SYS.1003", "modelCenterUuid"));

  // Shared with Bob, he may use it; revoked, he may not.
  ASSERT_EQ(share(aliceSession_, aliceCenter, {{"accountUuids", {bob_}}}).status, 200);
  EXPECT_EQ(addModelAs(bobSession_, aliceCenter, "bob-model").status, 200);
  ASSERT_EQ(revoke(aliceSession_, aliceCenter, {{"accountUuids", {bob_}}}).status, 200);
  EXPECT_TRUE(isError(addModelAs(bobSession_, aliceCenter, "bob-model-2"), 503, "ID.1002"));

  // Shared with everyone, the same.
  ASSERT_EQ(share(aliceSession_, aliceCenter, {{"toPublic", true}}).status, 200);
  EXPECT_EQ(addModelAs(bobSession_, aliceCenter, "bob-model-3").status, 200);
  ASSERT_EQ(revoke(aliceSession_, aliceCenter, {{"all", true}}).status, 200);
  EXPECT_TRUE(isError(addModelAs(bobSession_, aliceCenter, "bob-model-4"), 503, "ID.1002"));
  EXPECT_EQ(host_.count("SELECT COUNT(*) FROM SharedResourceVO WHERE resourceUuid = " + quoted(aliceCenter)), 0);
}

TEST_F(AccountsTest, OnlyTheOwnerOrTheAdminShares) {
  const std::string aliceCenter = addCenterAs(aliceSession_, "alice-center");
  EXPECT_TRUE(isError(share(bobSession_, aliceCenter, {{"accountUuids", {bob_}}}), 503, "ID.1002", "resourceUuids"));
  EXPECT_TRUE(isError(share(aliceSession_, aliceCenter, {{"accountUuids", {std::string(32, 'b')}}}), 503, "SYS.1003",
                      "accountUuids"));
  EXPECT_TRUE(isError(share(aliceSession_, std::string(32, 'c'), {{"toPublic", true}}), 503, "SYS.1003",
                      "resourceUuids"));
  EXPECT_TRUE(isError(share(aliceSession_, aliceCenter, Json::object()), 503, "SYS.1007", "accountUuids"));
  EXPECT_EQ(host_.count("SELECT COUNT(*) FROM SharedResourceVO"), 0);
  // The admin may share anyone's resource; sharing twice keeps one row.
  ASSERT_EQ(share(host_.session(), aliceCenter, {{"accountUuids", {bob_}}}).status, 200);
  ASSERT_EQ(share(host_.session(), aliceCenter, {{"accountUuids", {bob_}}}).status, 200);
  EXPECT_EQ(host_.count("SELECT COUNT(*) FROM SharedResourceVO WHERE resourceUuid = " + quoted(aliceCenter)), 1);
}

TEST_F(AccountsTest, QueriesShowOwnSharedAndPublicResourcesOnly) {
  const std::string aliceCenter = addCenterAs(aliceSession_, "alice-center");
  const std::string bobCenter = addCenterAs(bobSession_, "bob-center");
  const std::string privateModel = inventoryOf(addModelAs(aliceSession_, aliceCenter, "private")).value("uuid", "");
  const std::string publicModel =
      inventoryOf(addModelAs(aliceSession_, aliceCenter, "public", {{"shareMode", "Public"}})).value("uuid", "");
  const std::string bobModel = inventoryOf(addModelAs(bobSession_, bobCenter, "bobs")).value("uuid", "");
  ASSERT_FALSE(privateModel.empty() || publicModel.empty() || bobModel.empty());

  EXPECT_EQ(queried(aliceSession_, "/ai/models"), (std::set<std::string>{privateModel, publicModel}));
  EXPECT_EQ(queried(bobSession_, "/ai/models"), (std::set<std::string>{publicModel, bobModel}));
  EXPECT_EQ(queried(host_.session(), "/ai/models"), (std::set<std::string>{privateModel, publicModel, bobModel}));
  EXPECT_EQ(queried(bobSession_, "/ai/model-centers"), (std::set<std::string>{bobCenter}));
  // Asked for by uuid, an invisible resource is simply not there.
  EXPECT_TRUE(queried(bobSession_, "/ai/models/" + privateModel).empty());
  EXPECT_EQ(queried(bobSession_, "/ai/models/" + publicModel), (std::set<std::string>{publicModel}));
  // Conditions do not widen what is visible.
  EXPECT_TRUE(queried(bobSession_, "/ai/models?q=name=private").empty());
  // Shared with Bob, Alice's private model shows up for him.
  ASSERT_EQ(share(aliceSession_, privateModel, {{"accountUuids", {bob_}}}).status, 200);
  EXPECT_EQ(queried(bobSession_, "/ai/models?q=name=private"), (std::set<std::string>{privateModel}));
}

TEST_F(AccountsTest, PublicModelsAreChangedOnlyByTheirOwnerAndTheAdmin) {
  const std::string center = addCenterAs(aliceSession_, "alice-center");
  ASSERT_EQ(share(aliceSession_, center, {{"toPublic", true}}).status, 200);
  const std::string model =
      inventoryOf(addModelAs(aliceSession_, center, "public", {{"shareMode", "Public"}})).value("uuid", "");
  ASSERT_FALSE(model.empty());
  const Json rename = {{"updateModel", {{"name", "renamed-by-bob"}}}};
  EXPECT_TRUE(isError(host_.call("PUT", "/ai/models/" + model + "/actions", rename, bobSession_), 503, "ID.1002", "uuid"));
  EXPECT_TRUE(isError(host_.call("DELETE", "/ai/models/" + model, Json(), bobSession_), 503, "ID.1002", "uuid"));
  EXPECT_EQ(host_.text("SELECT name FROM ModelVO WHERE uuid = " + quoted(model)), "public");

  const Json byOwner = {{"updateModel", {{"name", "renamed-by-alice"}}}};
  const Reply updated = host_.call("PUT", "/ai/models/" + model + "/actions", byOwner, aliceSession_);
  ASSERT_EQ(updated.status, 200) << describe(updated);
  EXPECT_EQ(inventoryOf(updated)["name"], "renamed-by-alice");
  const Json byAdmin = {{"updateModel", {{"name", "renamed-by-admin"}}}};
  EXPECT_EQ(host_.call("PUT", "/ai/models/" + model + "/actions", byAdmin).status, 200);
  EXPECT_EQ(host_.text("SELECT resourceName FROM ResourceVO WHERE uuid = " + quoted(model)), "renamed-by-admin");

  // Bob may not delete Alice's public center either; the admin may, and nothing of it stays.
  EXPECT_TRUE(isError(host_.call("DELETE", "/ai/model-centers/" + center, Json(), bobSession_), 503, "ID.1002"));
  ASSERT_EQ(host_.call("DELETE", "/ai/model-centers/" + center, Json()).status, 200);
  for (const std::string& uuid : {center, model}) {
    EXPECT_EQ(host_.count("SELECT COUNT(*) FROM ResourceVO WHERE uuid = " + quoted(uuid)), 0);
    EXPECT_EQ(host_.count("SELECT COUNT(*) FROM SharedResourceVO WHERE resourceUuid = " + quoted(uuid)), 0);
    EXPECT_EQ(host_.count("SELECT COUNT(*) FROM AccountResourceRefVO WHERE resourceUuid = " + quoted(uuid)), 0);
  }
}

}  // namespace
}  // namespace zstack::it
