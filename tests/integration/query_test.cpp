// ZStack's query language over real HTTP: every operator on models, conditions AND-ed,
// paging, counting, sorting and projection, GET by uuid, tag conditions, errors, injection
// attempts, the exact query strings of the ZStack Java SDK, visibility per account, and the
// host's tag queries and the other ai-model queries.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <set>

#include "host_process.h"
#include "test_util.h"

namespace zstack::it {
namespace {

using Params = std::vector<std::pair<std::string, std::string>>;
using Names = std::set<std::string>;

// Percent-encodes a query-string component as OkHttp (the Java SDK's client) does for
// addQueryParameter: everything but unreserved characters, '+' included.
std::string encode(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char escaped[4];
      std::snprintf(escaped, sizeof escaped, "%%%02X", c);
      out += escaped;
    }
  }
  return out;
}

std::string target(const std::string& path, const Params& params) {
  std::string out = path;
  for (std::size_t i = 0; i < params.size(); ++i) {
    out += (i ? "&" : "?") + encode(params[i].first) + "=" + encode(params[i].second);
  }
  return out;
}

class QueryTest : public SharedHostTest<QueryTest> {
 protected:
  // Four models with distinct sizes and tags; their inventories as AddModel answered them.
  static void SetUpTestSuite() {
    SharedHostTest<QueryTest>::SetUpTestSuite();
    struct Spec {
      const char* name;
      long long size;
      Json extra;
      std::vector<std::string> systemTags, userTags;
    };
    const std::vector<Spec> specs = {
        {"alpha", 100, {{"vendor", "Alibaba"}, {"description", "first"}}, {"minGpuMemory::1024"}, {"fast"}},
        {"beta", 200, {{"vendor", "Alibaba"}, {"description", "second"}}, {"minGpuMemory::2048"}, {}},
        {"gamma", 300, {{"vendor", "Meta"}, {"description", "100% open"}}, {}, {"slow"}},
        {"delta_1", 400, Json::object(), {}, {}},
    };
    for (const Spec& spec : specs) {
      Json param = HostProcess::modelParam(center_, spec.name);
      param["size"] = spec.size;
      param.update(spec.extra);
      const Reply reply = host_->addModel(param, spec.systemTags, spec.userTags);
      ASSERT_EQ(reply.status, 200) << describe(reply);
      inventories_[spec.name] = inventoryOf(reply);
    }
  }

  static std::string uuidOf(const std::string& name) { return inventories_.at(name)["uuid"]; }

  static Reply get(const std::string& path, const Params& params, const std::optional<std::string>& session = {}) {
    return host_->request("GET", target(path, params), "", session);
  }

  // The answer's body, expecting 200, less its schema map (SchemaTest's subject; every query
  // answer has one).
  static Json body(const std::string& path, const Params& params, const std::optional<std::string>& session = {}) {
    const Reply reply = get(path, params, session);
    EXPECT_EQ(reply.status, 200) << describe(reply);
    return withoutSchema(Json::parse(reply.body, nullptr, false));
  }
  static Json withoutSchema(Json answer) {
    EXPECT_TRUE(answer.is_object() && answer.contains("schema") && answer["schema"].is_object()) << answer.dump();
    if (answer.is_object()) answer.erase("schema");
    return answer;
  }

  static std::vector<std::string> orderedNames(const Params& params) {
    std::vector<std::string> names;
    for (const Json& inventory : body("/ai/models", params).value("inventories", Json::array())) {
      names.push_back(inventory.value("name", "?"));
    }
    return names;
  }

  static Names names(const Params& params) {
    const std::vector<std::string> ordered = orderedNames(params);
    return Names(ordered.begin(), ordered.end());
  }

  static inline std::map<std::string, Json> inventories_;
};

TEST_F(QueryTest, EveryOperator) {
  EXPECT_EQ(names({{"q", "name=alpha"}}), (Names{"alpha"}));
  EXPECT_EQ(names({{"q", "name!=alpha"}}), (Names{"beta", "gamma", "delta_1"}));
  EXPECT_EQ(names({{"q", "size>200"}}), (Names{"gamma", "delta_1"}));
  EXPECT_EQ(names({{"q", "size>=200"}}), (Names{"beta", "gamma", "delta_1"}));
  EXPECT_EQ(names({{"q", "size<200"}}), (Names{"alpha"}));
  EXPECT_EQ(names({{"q", "size<=200"}}), (Names{"alpha", "beta"}));
  EXPECT_EQ(names({{"q", "name~=%ta%"}}), (Names{"beta", "delta_1"}));
  EXPECT_EQ(names({{"q", "name!~=%a"}}), (Names{"delta_1"}));
  EXPECT_EQ(names({{"q", "name?=alpha, gamma,nothing"}}), (Names{"alpha", "gamma"}));
  EXPECT_EQ(names({{"q", "name!?=alpha,gamma"}}), (Names{"beta", "delta_1"}));
  EXPECT_EQ(names({{"q", "vendor is null"}}), (Names{"delta_1"}));
  EXPECT_EQ(names({{"q", "vendor not null"}}), (Names{"alpha", "beta", "gamma"}));
  // A literal % or _ through a backslash, on every database.
  EXPECT_EQ(names({{"q", "description~=100\\% %"}}), (Names{"gamma"}));
  EXPECT_EQ(names({{"q", "name~=delta\\_%"}}), (Names{"delta_1"}));
  EXPECT_EQ(names({{"q", "type=Custom"}}).size(), 4u);
}

TEST_F(QueryTest, ConditionsAreAnded) {
  EXPECT_EQ(names({{"q", "vendor=Alibaba"}, {"q", "size>100"}}), (Names{"beta"}));
  EXPECT_EQ(names({{"q", "vendor=Alibaba"}, {"q", "size>100"}, {"q", "name=alpha"}}), Names{});
  EXPECT_EQ(names({{"q", "size>=100"}, {"q", "size<=300"}, {"q", "modelCenterUuid=" + center_}}),
            (Names{"alpha", "beta", "gamma"}));
}

TEST_F(QueryTest, PagingCountingSorting) {
  EXPECT_EQ(orderedNames({{"sort", "+size"}}), (std::vector<std::string>{"alpha", "beta", "gamma", "delta_1"}));
  EXPECT_EQ(orderedNames({{"sort", "-size"}, {"limit", "2"}}), (std::vector<std::string>{"delta_1", "gamma"}));
  EXPECT_EQ(orderedNames({{"sortBy", "size"}, {"sortDirection", "desc"}, {"limit", "2"}, {"start", "1"}}),
            (std::vector<std::string>{"gamma", "beta"}));
  EXPECT_EQ(orderedNames({{"sortBy", "name"}}), (std::vector<std::string>{"alpha", "beta", "delta_1", "gamma"}));
  // curl's unescaped '+' arrives as a space: still ascending.
  const Reply raw = host_->request("GET", "/ai/models?sort=+size&limit=1", "", std::nullopt);
  ASSERT_EQ(raw.status, 200) << describe(raw);
  EXPECT_EQ(Json::parse(raw.body)["inventories"][0]["name"], "alpha");

  EXPECT_EQ(body("/ai/models", {{"count", "true"}}), (Json{{"total", 4}}));
  EXPECT_EQ(body("/ai/models", {{"count", "true"}, {"q", "vendor=Alibaba"}}), (Json{{"total", 2}}));
  const Json page = body("/ai/models", {{"replyWithCount", "true"}, {"limit", "1"}, {"sort", "size"}, {"start", "3"}});
  EXPECT_EQ(page["total"], 4);
  ASSERT_EQ(page["inventories"].size(), 1u);
  EXPECT_EQ(page["inventories"][0]["name"], "delta_1");
  EXPECT_EQ(body("/ai/models", {{"start", "4"}}), (Json{{"inventories", Json::array()}}));
  EXPECT_EQ(body("/ai/models", {{"limit", "0"}, {"replyWithCount", "true"}}),
            (Json{{"inventories", Json::array()}, {"total", 4}}));
}

TEST_F(QueryTest, FieldsProjectTheInventories) {
  const Json reply = body("/ai/models", {{"q", "name=alpha"}, {"fields", "uuid,name,modelServiceRefs,SAMPLE_SIZE"}});
  EXPECT_EQ(reply, (Json{{"inventories",
                          {{{"uuid", uuidOf("alpha")},
                            {"name", "alpha"},
                            {"modelServiceRefs", Json::array()},
                            {"SAMPLE_SIZE", nullptr}}}}}));
  EXPECT_TRUE(isError(get("/ai/models", {{"fields", "name,token"}}), 400, "SYS.1007", "token"));
}

TEST_F(QueryTest, OneModelByUuid) {
  for (const auto& [name, inventory] : inventories_) {
    const Json reply = body("/ai/models/" + inventory["uuid"].get<std::string>(), {});
    EXPECT_EQ(reply, (Json{{"inventories", {inventory}}})) << name;
  }
  // The query string is ignored there, as in ZStack.
  EXPECT_EQ(body("/ai/models/" + uuidOf("beta"), {{"q", "name=alpha"}, {"groupBy", "x"}})["inventories"].size(), 1u);
  EXPECT_EQ(body("/ai/models/" + std::string(32, 'f'), {}), (Json{{"inventories", Json::array()}}));
  EXPECT_EQ(body("/ai/models/not-a-uuid", {}), (Json{{"inventories", Json::array()}}));
  EXPECT_EQ(body("/ai/models/" + encode(uuidOf("beta") + "' OR '1'='1"), {}), (Json{{"inventories", Json::array()}}));
  // The inventory of a query is the one AddModel answered, the token absent from both.
  EXPECT_FALSE(inventories_.at("alpha").contains("token"));
}

TEST_F(QueryTest, TagConditions) {
  EXPECT_EQ(names({{"q", "__systemTag__=minGpuMemory::1024"}}), (Names{"alpha"}));
  EXPECT_EQ(names({{"q", "__systemTag__~=minGpuMemory::%"}}), (Names{"alpha", "beta"}));
  EXPECT_EQ(names({{"q", "__systemTag__!=minGpuMemory::1024"}}), (Names{"beta", "gamma", "delta_1"}));
  EXPECT_EQ(names({{"q", "__systemTag__!?=minGpuMemory::1024,minGpuMemory::2048"}}), (Names{"gamma", "delta_1"}));
  EXPECT_EQ(names({{"q", "__systemTag__ is null"}}), (Names{"gamma", "delta_1"}));
  EXPECT_EQ(names({{"q", "__systemTag__ not null"}}), (Names{"alpha", "beta"}));
  EXPECT_EQ(names({{"q", "__userTag__=slow"}}), (Names{"gamma"}));
  EXPECT_EQ(names({{"q", "__userTag__!~=%s%"}}), (Names{"beta", "delta_1"}));
  EXPECT_EQ(names({{"q", "__userTag__?=fast,slow"}, {"q", "__systemTag__ not null"}}), (Names{"alpha"}));
}

TEST_F(QueryTest, RefusalsNameWhatIsWrong) {
  EXPECT_TRUE(isError(get("/ai/models", {{"q", "colour=red"}}), 400, "SYS.1007", "QueryModel has no field colour"));
  EXPECT_TRUE(isError(get("/ai/models", {{"q", "name!red"}}), 400, "SYS.1007", "unknown operator '!re'"));
  EXPECT_TRUE(isError(get("/ai/models", {{"q", "name"}}), 400, "SYS.1007", "no operator after field name"));
  EXPECT_TRUE(isError(get("/ai/models", {{"q", "size=big"}}), 400, "SYS.1007", "field size: 'big'"));
  EXPECT_TRUE(isError(get("/ai/models", {{"q", "isLatestVersion=true"}}), 400, "SYS.1007", "isLatestVersion"));
  EXPECT_TRUE(isError(get("/ai/models", {{"q", "token=x"}}), 400, "SYS.1007", "token"));
  EXPECT_TRUE(isError(get("/ai/models", {{"sort", "modelServiceRefs"}}), 400, "SYS.1007", "modelServiceRefs"));
  // groupBy names a field and changes nothing, as in ZStack 5.1.20.
  EXPECT_EQ(body("/ai/models", {{"groupBy", "name"}, {"q", "name=alpha"}}), body("/ai/models", {{"q", "name=alpha"}}));
  EXPECT_TRUE(isError(get("/ai/models", {{"groupBy", "colour"}}), 400, "SYS.1007", "groupBy=colour"));
  EXPECT_TRUE(isError(get("/ai/models", {{"filterName", "vm:x"}}), 400, "SYS.1007", "filterName"));
  EXPECT_TRUE(isError(get("/ai/models", {{"limit", "100000"}}), 400, "SYS.1007", "limit=100000"));
  EXPECT_TRUE(isError(get("/ai/models", {{"start", "-1"}}), 400, "SYS.1007", "start=-1"));
  EXPECT_TRUE(isError(get("/ai/models", {{"colour", "red"}}), 400, "SYS.1007", "unknown query parameter 'colour'"));
  EXPECT_TRUE(isError(get("/ai/models", {{"sortDirection", "desc"}}), 400, "SYS.1007", "needs sortBy"));
  // Without a session: 401, as for every API.
  EXPECT_TRUE(isError(host_->client().request("GET", "/zstack/v1/ai/models"), 401, "ID.1001"));
}

TEST_F(QueryTest, InjectionAttemptsChangeNothing) {
  const long long models = host_->count("SELECT COUNT(*) FROM ModelVO");
  const long long resources = host_->count("SELECT COUNT(*) FROM ResourceVO");
  const std::vector<Params> empty = {
      {{"q", "name=alpha' OR '1'='1"}},
      {{"q", "name=alpha'; DELETE FROM ModelVO; --"}},
      {{"q", "name~=%' OR 1=1 --"}},
      {{"q", "name?=alpha','beta"}},
      {{"q", "__systemTag__=x' OR '1'='1"}},
      {{"q", "__userTag__?=a') OR ('1'='1"}},
  };
  for (const Params& params : empty) {
    EXPECT_EQ(body("/ai/models", params), (Json{{"inventories", Json::array()}})) << params[0].second;
  }
  const std::vector<Params> refused = {
      {{"q", "name' OR '1'='1=x"}},
      {{"q", "size=1 OR 1=1"}},
      {{"q", "name;DELETE FROM ModelVO"}},
      {{"sort", "name; DELETE FROM ModelVO"}},
      {{"sortBy", "name"}, {"sortDirection", "desc; DELETE FROM ModelVO"}},
      {{"fields", "name,(SELECT token FROM ModelVO)"}},
      {{"limit", "1; DELETE FROM ModelVO"}},
      {{"start", "0 UNION SELECT token FROM ModelVO"}},
  };
  for (const Params& params : refused) {
    EXPECT_TRUE(isError(get("/ai/models", params), 400, "SYS.1007")) << params.back().second;
  }
  EXPECT_EQ(host_->count("SELECT COUNT(*) FROM ModelVO"), models);
  EXPECT_EQ(host_->count("SELECT COUNT(*) FROM ResourceVO"), resources);
}

// The query strings the ZStack Java SDK builds (QueryAction through OkHttp's HttpUrl).
TEST_F(QueryTest, JavaSdkQueryStrings) {
  auto answer = [](const std::string& raw) {
    const Reply reply = host_->request("GET", raw, "", std::nullopt);
    EXPECT_EQ(reply.status, 200) << raw << ": " << describe(reply);
    return withoutSchema(Json::parse(reply.body, nullptr, false));
  };
  // An older SDK sends start as a second limit: the first limit counts.
  EXPECT_EQ(answer("/ai/models?q=name%3Dalpha&limit=10&limit=20")["inventories"].size(), 1u);
  EXPECT_EQ(answer("/ai/models?q=vendor%3DAlibaba&limit=1&limit=1&count=false&replyWithCount=true&sort=%2Bsize"),
            (Json{{"inventories", {inventories_.at("alpha")}}, {"total", 2}}));
  EXPECT_EQ(answer("/ai/models?q=size%3E%3D300&sort=-size&fields=name,size"),
            (Json{{"inventories", {{{"name", "delta_1"}, {"size", 400}}, {{"name", "gamma"}, {"size", 300}}}}}));
  EXPECT_EQ(answer("/ai/models?q=name%3F%3Dalpha%2Cbeta&count=true"), (Json{{"total", 2}}));
  EXPECT_EQ(answer("/ai/models?q=vendor%20is%20null&fields=name"), (Json{{"inventories", {{{"name", "delta_1"}}}}}));
}

TEST_F(QueryTest, EachAccountSeesItsOwn) {
  host_->createAccount("alice", "alice-password");
  const std::string alice = host_->loginAs("alice", "alice-password");
  // Alice sees none of the admin's models, through any condition, count or tag.
  EXPECT_EQ(body("/ai/models", {}, alice), (Json{{"inventories", Json::array()}}));
  EXPECT_EQ(body("/ai/models", {{"count", "true"}}, alice), (Json{{"total", 0}}));
  EXPECT_EQ(body("/ai/models", {{"q", "__systemTag__ not null"}}, alice), (Json{{"inventories", Json::array()}}));
  EXPECT_EQ(body("/ai/models/" + uuidOf("alpha"), {}, alice), (Json{{"inventories", Json::array()}}));
  EXPECT_EQ(body("/system-tags", {{"count", "true"}}, alice), (Json{{"total", 0}}));
  // The model she adds (to a center of her own) is hers alone.
  const Reply center = host_->call("/ai/model-centers",
                                   Json{{"param", {{"name", "alice-center"}, {"url", "http://127.0.0.1:1"},
                                                   {"managementIp", "127.0.0.1"}, {"managementPort", 1}}}},
                                   alice);
  ASSERT_EQ(center.status, 200) << describe(center);
  const Reply model = host_->call(
      "/ai/models", Json{{"param", HostProcess::modelParam(inventoryOf(center)["uuid"], "alice-model")}}, alice);
  ASSERT_EQ(model.status, 200) << describe(model);
  EXPECT_EQ(body("/ai/models", {{"fields", "name"}}, alice), (Json{{"inventories", {{{"name", "alice-model"}}}}}));
  EXPECT_EQ(body("/ai/models", {{"count", "true"}}), (Json{{"total", 5}}));
}

TEST_F(QueryTest, TagQueries) {
  const Json system = body("/system-tags", {{"q", "resourceUuid=" + uuidOf("alpha")}});
  ASSERT_EQ(system["inventories"].size(), 1u) << system.dump();
  EXPECT_EQ(system["inventories"][0]["tag"], "minGpuMemory::1024");
  EXPECT_EQ(system["inventories"][0]["resourceType"], "ModelVO");
  EXPECT_EQ(system["inventories"][0]["inherent"], false);
  const Json user = body("/user-tags", {{"q", "tag=slow"}});
  ASSERT_EQ(user["inventories"].size(), 1u);
  EXPECT_EQ(user["inventories"][0]["resourceUuid"], uuidOf("gamma"));
  EXPECT_TRUE(user["inventories"][0]["tagPattern"].is_null());

  const std::string pattern = host_->createTag("env", "prod-" + center_.substr(0, 6));
  const Json patterns = body("/tags", {{"q", "name=env"}});
  ASSERT_EQ(patterns["inventories"].size(), 1u);
  EXPECT_EQ(patterns["inventories"][0]["uuid"], pattern);
  EXPECT_EQ(body("/tags/" + pattern, {})["inventories"][0]["type"], "simple");
}

TEST_F(QueryTest, CentersAndServices) {
  const Json centers = body("/ai/model-centers", {{"q", "uuid=" + center_}});
  ASSERT_EQ(centers["inventories"].size(), 1u);
  EXPECT_EQ(centers["inventories"][0]["name"], "shared-center");
  const std::string service = host_->addModelService(center_, "svc");
  EXPECT_EQ(body("/ai/model-services", {{"q", "modelCenterUuid=" + center_}, {"fields", "uuid"}}),
            (Json{{"inventories", {{{"uuid", service}}}}}));
  EXPECT_EQ(body("/ai/model-services/" + service, {})["inventories"][0]["name"], "svc");
  EXPECT_TRUE(isError(get("/ai/model-centers", {{"q", "managementPort=abc"}}), 400, "SYS.1007", "managementPort"));
}

}  // namespace
}  // namespace zstack::it
