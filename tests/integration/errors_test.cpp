// Bad requests to AddModel: where each error surfaces (4xx at once or 503 in the job), its code,
// its body's exact shape, and that none of them writes a model.
#include <gtest/gtest.h>

#include "host_process.h"
#include "test_util.h"

namespace zstack::it {
namespace {

class ErrorsTest : public SharedHostTest<ErrorsTest> {
 protected:
  // No bad request ever leaves a model behind.
  void TearDown() override {
    if (host_ && host_->running()) {
      EXPECT_EQ(host_->count("SELECT COUNT(*) FROM ModelVO"), 0);
    }
  }

  static Json param() { return HostProcess::modelParam(center_, "err-model"); }
  static long long jobs() { return host_->count("SELECT COUNT(*) FROM AsyncRestVO"); }
  // A request answered at once (no job created).
  static Reply immediate(const std::string& body, const std::optional<std::string>& session = std::nullopt,
                         Headers headers = {}) {
    const long long before = jobs();
    Reply reply = host_->post("/ai/models", body, session, std::move(headers));
    EXPECT_EQ(jobs(), before) << "a job was created for " << body.substr(0, 200);
    return reply;
  }
};

TEST_F(ErrorsTest, MissingNameFailsInTheJob) {
  Json p = param();
  p.erase("name");
  Reply accepted = host_->post("/ai/models", Json{{"param", p}}.dump());
  ASSERT_EQ(accepted.status, 202) << describe(accepted);
  EXPECT_TRUE(isError(host_->waitJob(Json::parse(accepted.body)["location"]), 503, "SYS.1007", "name"));
}

TEST_F(ErrorsTest, MissingRequiredFieldsAreNamed) {
  for (const char* field : {"installPath", "modelCenterUuid"}) {
    Json p = param();
    p.erase(field);
    EXPECT_TRUE(isError(host_->addModel(p), 503, "SYS.1007", field)) << field;
  }
}

TEST_F(ErrorsTest, NameOf256CharsIsTooLong) {
  Json p = param();
  p["name"] = std::string(256, 'n');
  EXPECT_TRUE(isError(host_->addModel(p), 503, "SYS.1007", "name"));
}

TEST_F(ErrorsTest, BlankNameIsRejected) {
  Json p = param();
  p["name"] = "   ";
  EXPECT_TRUE(isError(host_->addModel(p), 503, "SYS.1007", "name"));
}

TEST_F(ErrorsTest, WrongJsonTypeIsA400WithoutJob) {
  Json p = param();
  p["size"] = "abc";
  EXPECT_TRUE(isError(immediate(Json{{"param", p}}.dump()), 400, "SYS.1007", "size"));
  p["size"] = 1;
  p["name"] = 42;
  EXPECT_TRUE(isError(immediate(Json{{"param", p}}.dump()), 400, "SYS.1007", "name"));
  p["name"] = "n";
  EXPECT_TRUE(isError(immediate(Json{{"param", p}, {"systemTags", "not-a-list"}}.dump()), 400, "SYS.1007", "systemTags"));
  EXPECT_TRUE(isError(immediate(Json{{"param", "not-an-object"}}.dump()), 400, "SYS.1007"));
  p["size"] = 1.5;
  EXPECT_TRUE(isError(immediate(Json{{"param", p}}.dump()), 400, "SYS.1007", "size"));
  p["size"] = 1;
  p["tagUuids"] = {1, 2};
  EXPECT_TRUE(isError(immediate(Json{{"param", p}}.dump()), 400, "SYS.1007", "tagUuids"));
  p.erase("tagUuids");
  EXPECT_TRUE(isError(immediate(R"({"param":{"name":"n","installPath":"p","modelCenterUuid":"c","size":100000000000000000000}})"),
                      400, "SYS.1007", "size"));
}

TEST_F(ErrorsTest, NegativeSizeFailsInTheJob) {
  Json p = param();
  p["size"] = -1;
  EXPECT_TRUE(isError(host_->addModel(p), 503, "SYS.1007", "size"));
}

TEST_F(ErrorsTest, MalformedJsonIs400) {
  EXPECT_TRUE(isError(immediate(R"({"param": {"name": "x",)"), 400, "SYS.1007"));
}

TEST_F(ErrorsTest, BodyNotAnObjectIs400) {
  EXPECT_TRUE(isError(immediate(R"([{"param": {}}])"), 400, "SYS.1007"));
  EXPECT_TRUE(isError(immediate(R"("param")"), 400, "SYS.1007"));
}

TEST_F(ErrorsTest, UnknownParameterIsNamed) {
  Json p = param();
  p["foo"] = "bar";
  EXPECT_TRUE(isError(host_->addModel(p), 503, "SYS.1007", "foo"));
}

TEST_F(ErrorsTest, MissingAuthorizationIs401) {
  EXPECT_TRUE(isError(immediate(Json{{"param", param()}}.dump(), std::string()), 401, "ID.1001"));
}

TEST_F(ErrorsTest, UnknownSessionIs401) {
  EXPECT_TRUE(isError(immediate(Json{{"param", param()}}.dump(), "0123456789abcdef0123456789abcdef"), 401, "ID.1001"));
}

TEST_F(ErrorsTest, MalformedAuthorizationIs400) {
  Reply reply = immediate(Json{{"param", param()}}.dump(), std::string(), {{"Authorization", "Basic xyz"}});
  EXPECT_EQ(reply.status, 400) << describe(reply);
  EXPECT_TRUE(isErrorBody(reply));
}

TEST_F(ErrorsTest, MalformedJobUuidIs400) {
  for (const char* id : {"xyz", "0123456789ABCDEF0123456789ABCDEF", "01234567-89ab-cdef-0123-456789abcdef"}) {
    Reply reply = immediate(Json{{"param", param()}}.dump(), std::nullopt, {{"X-Job-UUID", id}});
    EXPECT_TRUE(isError(reply, 400, "SYS.1007")) << id;
  }
}

TEST_F(ErrorsTest, UnknownRouteIs404WithJsonError) {
  Reply api = host_->request("POST", "/no/such/api", "{}");
  EXPECT_EQ(api.status, 404) << describe(api);
  EXPECT_TRUE(isErrorBody(api));
  Reply outside = host_->client().request("GET", "/definitely/not/zstack");
  EXPECT_EQ(outside.status, 404) << describe(outside);
  EXPECT_TRUE(isErrorBody(outside));
}

// A path served with another method answers 405 with the methods it takes; one that nothing
// serves, 404; neither 400, and neither starts a job.
TEST_F(ErrorsTest, AnotherMethodOnAServedPathIs405WithAllow) {
  struct Case {
    std::string method, path, allow;
  };
  const std::string uuid = "0123456789abcdef0123456789abcdef";
  for (const Case& c : {Case{"PATCH", "/ai/models", "DELETE, GET, POST"},
                        Case{"POST", "/ai/models/" + uuid, "DELETE, GET, PUT"},
                        Case{"GET", "/ai/models/" + uuid + "/model-services/" + uuid, "DELETE, POST"},
                        Case{"POST", "/api-jobs/" + uuid, "GET"},
                        Case{"DELETE", "/openapi.json", "GET"},
                        Case{"GET", "/accounts/login", "PUT"},
                        Case{"GET", "/accounts/sessions/" + uuid, "DELETE"}}) {
    const long long before = jobs();
    const Reply reply = host_->request(c.method, c.path, "{}");
    EXPECT_TRUE(isError(reply, 405, "SYS.1007", "allowed: " + c.allow)) << c.method << " " << c.path << ": " << describe(reply);
    EXPECT_EQ(reply.headers.count("allow") ? reply.headers.at("allow") : "", c.allow) << c.method << " " << c.path;
    EXPECT_EQ(jobs(), before);
  }
  const Reply unknown = host_->request("GET", "/ai/nothing-here");
  EXPECT_TRUE(isError(unknown, 404, "SYS.1003")) << describe(unknown);
  EXPECT_EQ(unknown.headers.count("allow"), 0u);
}

TEST_F(ErrorsTest, WrongLoginIs401) {
  const Json body = {{"logInByAccount", {{"accountName", "admin"}, {"password", std::string(128, '0')}}}};
  Reply reply = host_->client().request("PUT", "/zstack/v1/accounts/login", body.dump());
  EXPECT_TRUE(isError(reply, 401, "ID.1000"));
}

// A host with a small body limit.
TEST(ErrorsBodyLimitTest, OversizedBodyIs413WithJsonError) {
  HostOptions options;
  options.hostKeys = {{"maxBodyBytes", "65536"}};
  HostProcess host(options);
  ASSERT_NO_THROW(host.start());
  const std::string center = host.addModelCenter();
  Json p = HostProcess::modelParam(center, "huge");
  p["description"] = std::string(100 * 1024, 'd');
  const long long jobsBefore = host.count("SELECT COUNT(*) FROM AsyncRestVO");
  Reply reply = host.post("/ai/models", Json{{"param", p}}.dump());
  EXPECT_EQ(reply.status, 413) << describe(reply);
  EXPECT_TRUE(isErrorBody(reply));
  EXPECT_EQ(host.count("SELECT COUNT(*) FROM AsyncRestVO"), jobsBefore);
  EXPECT_EQ(host.count("SELECT COUNT(*) FROM ModelVO"), 0);
  // The host still serves normal requests afterwards.
  p["description"] = "small";
  Reply ok = host.addModel(p);
  EXPECT_EQ(ok.status, 200) << describe(ok);
}

}  // namespace
}  // namespace zstack::it
