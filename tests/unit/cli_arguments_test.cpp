// zstack-cli without a host: the catalog it reads from an OpenAPI document (generated from a
// sample registry, so the two ends of the contract are tested together), the requests its
// arguments become, its help, and its session file.
#include <sys/stat.h>

#include <fstream>

#include <gtest/gtest.h>

#include "cli/arguments.h"
#include "cli/catalog.h"
#include "cli/help.h"
#include "cli/session_store.h"
#include "common/digest.h"
#include "openapi/openapi.h"
#include "sample_apis.h"
#include "temp_dir.h"

namespace zstack::cli {
namespace {

using nlohmann::json;

class CliArgumentsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::addSampleApis(registry_);
    ASSERT_FALSE(HasFatalFailure());
    ASSERT_TRUE(Catalog::parse(openapi::document(registry_, Version("5.5.0")), &catalog_).ok());
  }
  const Api& api(const std::string& name) const {
    const Api* found = catalog_.find(name);
    if (!found) throw std::runtime_error("no API " + name + " in the catalog");
    return *found;
  }
  Request request(const std::string& name, const std::vector<std::string>& arguments) const {
    Request out;
    const Status status = buildRequest(api(name), arguments, &out);
    EXPECT_TRUE(status.ok()) << status.error().details;
    return out;
  }
  // The error text for arguments that must be refused.
  std::string refusal(const std::string& name, const std::vector<std::string>& arguments) const {
    Request out;
    const Status status = buildRequest(api(name), arguments, &out);
    if (status.ok()) {
      ADD_FAILURE() << "accepted: " << out.method << " " << out.target << " " << out.body;
      return "";
    }
    return status.error().details;
  }

  Registry registry_;
  Catalog catalog_;
};

TEST_F(CliArgumentsTest, TheCatalogHasEveryApiOfTheVersionAndEachActionApart) {
  std::vector<std::string> names;
  for (const Api& a : catalog_.apis()) names.push_back(a.name);
  EXPECT_EQ(names, (std::vector<std::string>{"ChangeThingState", "CreateThing", "DeleteThing", "GetThingStats",
                                             "LogInByAccount", "LogOut", "QueryThing", "UpdateThing"}));
  EXPECT_EQ(catalog_.apiVersion(), "5.5.0");
  const Api& change = api("ChangeThingState");
  EXPECT_EQ(change.method, "PUT");
  EXPECT_EQ(change.path, "/things/{uuid}/actions");
  EXPECT_EQ(change.parameterName, "changeThingState");
  EXPECT_TRUE(change.async);
  EXPECT_FALSE(api("UpdateThing").async);
  EXPECT_FALSE(api("LogInByAccount").needsSession);
  EXPECT_TRUE(api("CreateThing").needsSession);
  EXPECT_TRUE(api("QueryThing").query);
  EXPECT_TRUE(api("QueryThing").tagConditions);
}

TEST_F(CliArgumentsTest, ParametersKeepTheirTypesAndComeRequiredFirst) {
  std::vector<std::string> order;
  for (const Param& p : api("CreateThing").params) order.push_back(p.name);
  EXPECT_EQ(order, (std::vector<std::string>{"name", "count", "enabled", "labels", "mode", "secret", "size", "uuids",
                                             "systemTags", "userTags"}));
  const Api& create = api("CreateThing");
  EXPECT_EQ(create.param("size")->type, ParamType::Long);
  EXPECT_EQ(create.param("count")->type, ParamType::Integer);
  EXPECT_EQ(create.param("enabled")->type, ParamType::Boolean);
  EXPECT_EQ(create.param("uuids")->type, ParamType::List);
  EXPECT_EQ(create.param("labels")->type, ParamType::Map);
  EXPECT_EQ(create.param("mode")->validValues, (std::vector<std::string>{"Fast", "Slow"}));
  EXPECT_EQ(create.param("mode")->since, "5.5.0");
  EXPECT_EQ(create.param("systemTags")->location, Location::Tags);
  EXPECT_EQ(create.param("newer"), nullptr);  // since 5.6.0
  EXPECT_EQ(api("ChangeThingState").params.front().location, Location::Path);
  EXPECT_EQ(api("DeleteThing").param("deleteMode")->location, Location::Query);
}

TEST_F(CliArgumentsTest, ArgumentsBecomeTheBodyTypedByTheTable) {
  const Request r = request("CreateThing", {"name=thing one", "size=5", "count=3", "enabled=TRUE", "uuids=a,b",
                                            R"(labels={"k":"v"})", "systemTags=color::red,color::blue", "userTags=u"});
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.target, "/zstack/v1/things");
  EXPECT_EQ(json::parse(r.body), json::parse(R"({"params":{"name":"thing one","size":5,"count":3,"enabled":true,
      "uuids":["a","b"],"labels":{"k":"v"}},"systemTags":["color::red","color::blue"],"userTags":["u"]})"));
  EXPECT_EQ(json::parse(request("CreateThing", {"name=", "uuids="}).body), json::parse(R"({"params":{"name":"","uuids":[]}})"));
}

TEST_F(CliArgumentsTest, WrongValuesAreRefusedNamingTheParameter) {
  EXPECT_NE(refusal("CreateThing", {"name=a", "size=abc"}).find("size takes a Long"), std::string::npos);
  EXPECT_NE(refusal("CreateThing", {"name=a", "size=1.5"}).find("size"), std::string::npos);
  EXPECT_NE(refusal("CreateThing", {"name=a", "count=3000000000"}).find("count takes an Integer"), std::string::npos);
  EXPECT_NE(refusal("CreateThing", {"name=a", "enabled=yes"}).find("enabled takes true or false"), std::string::npos);
  EXPECT_NE(refusal("CreateThing", {"name=a", "labels=[1]"}).find("labels takes a JSON object"), std::string::npos);
}

TEST_F(CliArgumentsTest, UnknownRepeatedMissingAndMalformedArgumentsAreRefused) {
  const std::string unknown = refusal("CreateThing", {"name=a", "foo=1", "bar=2"});
  EXPECT_NE(unknown.find("unknown parameters foo, bar for CreateThing"), std::string::npos) << unknown;
  EXPECT_NE(unknown.find("its parameters are name, count"), std::string::npos) << unknown;
  EXPECT_NE(unknown.find("systemTags"), std::string::npos) << unknown;
  EXPECT_NE(refusal("CreateThing", {"name=a", "newer=x"}).find("unknown parameter newer"), std::string::npos);
  EXPECT_NE(refusal("CreateThing", {"name=a", "name=b"}).find("name is given twice"), std::string::npos);
  EXPECT_NE(refusal("CreateThing", {"size=1"}).find("missing required parameter name of CreateThing"), std::string::npos);
  EXPECT_NE(refusal("CreateThing", {"name"}).find("expected key=value, got 'name'"), std::string::npos);
  EXPECT_NE(refusal("CreateThing", {"=a"}).find("expected key=value"), std::string::npos);
  EXPECT_NE(refusal("UpdateThing", {"uuid="}).find("uuid must not be empty"), std::string::npos);
}

TEST_F(CliArgumentsTest, ActionsPutTheirPathVariablesInThePathAndTheRestUnderTheirKey) {
  const Request r = request("UpdateThing", {"uuid=0123456789abcdef0123456789abcdef", "name=n"});
  EXPECT_EQ(r.method, "PUT");
  EXPECT_EQ(r.target, "/zstack/v1/things/0123456789abcdef0123456789abcdef/actions");
  EXPECT_EQ(json::parse(r.body), json::parse(R"({"updateThing":{"name":"n"}})"));
  EXPECT_EQ(json::parse(request("ChangeThingState", {"stateEvent=enable", "uuid=u"}).body),
            json::parse(R"({"changeThingState":{"stateEvent":"enable"}})"));
}

TEST_F(CliArgumentsTest, DeleteAndGetParametersGoInTheQueryStringEncoded) {
  const Request del = request("DeleteThing", {"uuid=u1", "deleteMode=Permissive"});
  EXPECT_EQ(del.method, "DELETE");
  EXPECT_EQ(del.target, "/zstack/v1/things/u1?deleteMode=Permissive");
  EXPECT_TRUE(del.body.empty());
  const Request get = request("GetThingStats", {"uuid=a b/c", "names=x y,p+q", "verbose=True"});
  EXPECT_EQ(get.target, "/zstack/v1/things/a%20b%2Fc/stats?names=x%20y&names=p%2Bq&verbose=true");
}

TEST_F(CliArgumentsTest, ListsSplitAtUnescapedCommas) {
  EXPECT_EQ(splitList(""), std::vector<std::string>{});
  EXPECT_EQ(splitList("a"), std::vector<std::string>{"a"});
  EXPECT_EQ(splitList("a::1,b::2"), (std::vector<std::string>{"a::1", "b::2"}));
  EXPECT_EQ(splitList(R"(a\,b,c\\,d\x)"), (std::vector<std::string>{"a,b", "c\\", "d\\x"}));
  EXPECT_EQ(splitList("a,"), (std::vector<std::string>{"a", ""}));
}

TEST_F(CliArgumentsTest, PasswordsAreSentAsTheirSha512Hex) {
  const Request login = request("LogInByAccount", {"accountName=admin", "password=secret"});
  EXPECT_EQ(login.method, "PUT");
  EXPECT_EQ(login.target, "/zstack/v1/accounts/login");
  EXPECT_EQ(json::parse(login.body)["logInByAccount"]["password"], sha512Hex("secret"));
  EXPECT_TRUE(hashesParam("CreateAccount", "password"));
  EXPECT_FALSE(hashesParam("CreateThing", "secret"));
  EXPECT_NE(refusal("LogInByAccount", {"accountName=admin", "password="}).find("password must not be empty"),
            std::string::npos);
  const Request logout = request("LogOut", {"sessionUuid=0123456789abcdef0123456789abcdef"});
  EXPECT_EQ(logout.method, "DELETE");
  EXPECT_EQ(logout.target, "/zstack/v1/accounts/sessions/0123456789abcdef0123456789abcdef");
}

// The q= values a query's arguments become, decoded.
std::vector<std::string> conditions(const Request& request) {
  std::vector<std::string> out;
  const std::string& target = request.target;
  std::size_t at = target.find('?');
  while (at != std::string::npos) {
    const std::size_t end = target.find('&', at + 1);
    std::string pair = target.substr(at + 1, end == std::string::npos ? end : end - at - 1);
    std::string decoded;
    for (std::size_t i = 0; i < pair.size(); ++i) {
      if (pair[i] == '%') {
        decoded += static_cast<char>(std::stoi(pair.substr(i + 1, 2), nullptr, 16));
        i += 2;
      } else {
        decoded += pair[i];
      }
    }
    out.push_back(decoded);
    at = end;
  }
  return out;
}

TEST_F(CliArgumentsTest, QueryArgumentsFollowZStackCliConventions) {
  const Request r = request("QueryThing", {"name=Qwen%", "size>=1024", "size<9", "name!=x", "uuid?=a,b", "uuid!?=c",
                                           "name~=wen", "name!~=a_b", "name=null", "size!=null", "name=plain",
                                           "__systemTag__=color::red"});
  EXPECT_EQ(r.method, "GET");
  EXPECT_EQ(r.target.substr(0, r.target.find('?')), "/zstack/v1/things");
  EXPECT_EQ(conditions(r), (std::vector<std::string>{"q=name~=Qwen%", "q=size>=1024", "q=size<9", "q=name!=x",
                                                     "q=uuid?=a,b", "q=uuid!?=c", "q=name~=%wen%", "q=name!~=a_b",
                                                     "q=name is null", "q=size not null", "q=name=plain",
                                                     "q=__systemTag__=color::red"}));
  const Request keys = request("QueryThing", {"limit=10", "start=5", "count=true", "replyWithCount=false",
                                              "sortBy=name", "sortDirection=desc", "fields=uuid,refs,"});
  EXPECT_EQ(conditions(keys), (std::vector<std::string>{"limit=10", "start=5", "count=true", "replyWithCount=false",
                                                        "sortBy=name", "sortDirection=desc", "fields=uuid,refs"}));
  EXPECT_EQ(request("QueryThing", {}).target, "/zstack/v1/things");
}

TEST_F(CliArgumentsTest, QueryArgumentsAreCheckedAgainstTheFields) {
  const std::string unknown = refusal("QueryThing", {"nosuch=1"});
  EXPECT_NE(unknown.find("unknown field nosuch of QueryThing"), std::string::npos) << unknown;
  EXPECT_NE(unknown.find("__systemTag__"), std::string::npos) << unknown;
  EXPECT_EQ(unknown.find("refs"), std::string::npos) << unknown;
  EXPECT_NE(refusal("QueryThing", {"newField=1"}).find("unknown field newField"), std::string::npos);  // since 5.6.0
  EXPECT_NE(refusal("QueryThing", {"refs=1"}).find("inventory only"), std::string::npos);
  EXPECT_NE(refusal("QueryThing", {"sortBy=refs"}).find("inventory only"), std::string::npos);
  EXPECT_NE(refusal("QueryThing", {"fields=uuid,nosuch"}).find("has no field nosuch"), std::string::npos);
  EXPECT_NE(refusal("QueryThing", {"limit=-1"}).find("limit takes a whole number"), std::string::npos);
  EXPECT_NE(refusal("QueryThing", {"count=1"}).find("count takes true or false"), std::string::npos);
  EXPECT_NE(refusal("QueryThing", {"sortDirection=up"}).find("asc or desc"), std::string::npos);
  EXPECT_NE(refusal("QueryThing", {"limit=1", "limit=2"}).find("limit is given twice"), std::string::npos);
  EXPECT_NE(refusal("QueryThing", {"size"}).find("neither a condition"), std::string::npos);
  EXPECT_NE(refusal("QueryThing", {"=1"}).find("neither a condition"), std::string::npos);
}

TEST_F(CliArgumentsTest, HelpShowsTheParameterTable) {
  const std::string help = apiHelp(api("CreateThing"));
  EXPECT_NE(help.find("CreateThing: Does CreateThing"), std::string::npos) << help;
  EXPECT_NE(help.find("POST /zstack/v1/things; asynchronous"), std::string::npos) << help;
  EXPECT_NE(help.find("usage: zstack-cli CreateThing name=VALUE [KEY=VALUE ...]"), std::string::npos) << help;
  EXPECT_NE(help.find("name        type     required  since  valid values  description"), std::string::npos) << help;
  EXPECT_NE(help.find("mode        String   no        5.5.0  Fast, Slow    the mode"), std::string::npos) << help;
  EXPECT_NE(help.find("size        Long     no        5.1.8                the size (>= 0)"), std::string::npos) << help;
  EXPECT_EQ(help.find("newer"), std::string::npos) << help;
  const std::string login = apiHelp(api("LogInByAccount"));
  EXPECT_NE(login.find("give the password itself"), std::string::npos) << login;
  EXPECT_NE(login.find("needs no session"), std::string::npos) << login;
  EXPECT_NE(apiHelp(api("LogOut")).find("default: the session zstack-cli keeps"), std::string::npos);
  const std::string query = apiHelp(api("QueryThing"));
  EXPECT_NE(query.find("refs                 no (inventory only)       5.1.8"), std::string::npos) << query;
  EXPECT_NE(query.find("__systemTag__"), std::string::npos) << query;
  const std::string list = apiList(catalog_, "h:1");
  EXPECT_NE(list.find("APIs of the management node at h:1 (API version 5.5.0)"), std::string::npos) << list;
  EXPECT_NE(list.find("  UpdateThing       Does UpdateThing"), std::string::npos) << list;
}

TEST_F(CliArgumentsTest, ADocumentOfAnotherServerIsRefusedClearly) {
  Catalog catalog;
  const Status status = Catalog::parse(json::parse(R"({"openapi":"3.0.3","paths":{}})"), &catalog);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().details.find("not one zstack-cli understands"), std::string::npos);
}

TEST(SessionStoreTest, KeepsOneSessionPerNodeInAPrivateFile) {
  testing::TempDir home("zstack-cli-home");
  const SessionStore store(home.path());
  EXPECT_FALSE(store.load("h:1").has_value());
  ASSERT_TRUE(store.save("h:1", {"u1", "admin"}).ok());
  ASSERT_TRUE(store.save("h:2", {"u2", "other"}).ok());
  EXPECT_EQ(store.file(), home.path() / ".zstack" / "cli" / "session");
  struct stat file {};
  ASSERT_EQ(::stat(store.file().c_str(), &file), 0);
  EXPECT_EQ(file.st_mode & 0777, 0600u);
  struct stat folder {};
  ASSERT_EQ(::stat(store.file().parent_path().c_str(), &folder), 0);
  EXPECT_EQ(folder.st_mode & 0777, 0700u);
  EXPECT_EQ(store.load("h:1")->uuid, "u1");
  EXPECT_EQ(store.load("h:2")->accountName, "other");
  ASSERT_TRUE(store.remove("h:1").ok());
  EXPECT_FALSE(store.load("h:1").has_value());
  EXPECT_EQ(store.load("h:2")->uuid, "u2");
  ASSERT_TRUE(store.remove("h:2").ok());
  EXPECT_FALSE(std::filesystem::exists(store.file()));
  EXPECT_TRUE(store.remove("h:2").ok());
}

TEST(SessionStoreTest, AFileItCannotReadIsReplaced) {
  testing::TempDir home("zstack-cli-home");
  const SessionStore store(home.path());
  std::filesystem::create_directories(store.file().parent_path());
  std::ofstream(store.file()) << "0123456789abcdef0123456789abcdef\n";  // ZStack's own CLI writes a bare uuid
  EXPECT_FALSE(store.load("h:1").has_value());
  ASSERT_TRUE(store.save("h:1", {"u1", "admin"}).ok());
  EXPECT_EQ(store.load("h:1")->uuid, "u1");
  struct stat folder {};
  ASSERT_EQ(::stat(store.file().parent_path().c_str(), &folder), 0);
  EXPECT_EQ(folder.st_mode & 0777, 0700u);  // made private though another tool created it
}

}  // namespace
}  // namespace zstack::cli
