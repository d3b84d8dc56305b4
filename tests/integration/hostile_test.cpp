// Hostile clients against a real host: input nested a million levels deep in every part of a
// body, other accounts' job uuids, malformed targets and framing, password guessing, answers
// and results too large to hold, connection floods.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "common/digest.h"
#include "db/database.h"
#include "host_process.h"
#include "model_rows.h"
#include "raw_connection.h"
#include "test_util.h"

namespace zstack::it {
namespace {

using namespace std::chrono_literals;

// `levels` nested objects or arrays around a string.
std::string nested(bool objects, std::size_t levels) {
  std::string text;
  text.reserve(levels * (objects ? 6 : 2) + 8);
  for (std::size_t i = 0; i < levels; ++i) text += objects ? "{\"a\":" : "[";
  text += "\"x\"";
  for (std::size_t i = 0; i < levels; ++i) text += objects ? '}' : ']';
  return text;
}

std::string loginBody(const std::string& account, const std::string& password) {
  return Json{{"logInByAccount", {{"accountName", account}, {"password", zstack::sha512Hex(password)}}}}.dump();
}

// A request as raw bytes, with a Host header and the session when given.
std::string rawRequest(const std::string& requestLine, const std::string& session, const std::string& extraHeaders = "",
                       const std::string& body = "") {
  std::string text = requestLine + "\r\nHost: 127.0.0.1\r\n";
  if (!session.empty()) text += "Authorization: OAuth " + session + "\r\n";
  text += extraHeaders;
  if (!body.empty()) text += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  return text + "\r\n" + body;
}

class HostileTest : public ::testing::Test {
 protected:
  void start(HostOptions options = {}) {
    host_ = std::make_unique<HostProcess>(std::move(options));
    host_->start();
    center_ = host_->addModelCenter("hostile-center");
  }
  HostProcess& host() { return *host_; }
  // The host still answers, and still adds a model.
  void expectAlive(const std::string& name) {
    Reply added = host().addModel(HostProcess::modelParam(center_, name));
    EXPECT_EQ(added.status, 200) << describe(added);
  }

  std::unique_ptr<HostProcess> host_;
  std::string center_;
};

// What the HTTP front does before any database is involved: the same on every database, so it
// runs on SQLite only (tests/integration/CMakeLists.txt).
class HostileHttpTest : public HostileTest {};

// The one-request crash: 10^5 and 10^6 levels of objects and of arrays, in the parameter object,
// the tags, unknown keys, a login, an update and an action. Each answers 400 naming the limit,
// at once, and the host stays up.
TEST_F(HostileHttpTest, DeepNestingAnywhereInABodyIsRefusedAndTheHostStaysUp) {
  start();
  const std::string model = inventoryOf(host().addModel(HostProcess::modelParam(center_, "target")))["uuid"];
  const std::string param = HostProcess::modelParam(center_, "deep").dump();
  struct Place {
    std::string what;
    std::string method;
    std::string path;
    std::function<std::string(const std::string&)> body;
  };
  const std::vector<Place> places = {
      {"a String parameter", "POST", "/ai/models",
       [&](const std::string& deep) { return R"({"param":{"name":)" + deep + "}}"; }},
      {"the parameter object's tags", "POST", "/ai/models",
       [&](const std::string& deep) { return R"({"param":{"systemTags":[)" + deep + "]}}"; }},
      {"the top-level tags", "POST", "/ai/models",
       [&](const std::string& deep) { return R"({"param":)" + param + R"(,"userTags":)" + deep + "}"; }},
      {"an unknown top-level key", "POST", "/ai/models",
       [&](const std::string& deep) { return R"({"param":)" + param + R"(,"unknown":)" + deep + "}"; }},
      {"an unknown parameter", "POST", "/ai/models",
       [&](const std::string& deep) { return R"({"param":{"unknown":)" + deep + "}}"; }},
      {"the whole body", "POST", "/ai/models", [&](const std::string& deep) { return deep; }},
      {"a login", "PUT", "/accounts/login",
       [&](const std::string& deep) { return R"({"logInByAccount":{"accountName":"admin","password":)" + deep + "}}"; }},
      {"an update", "PUT", "/ai/models/" + model + "/actions",
       [&](const std::string& deep) { return R"({"updateModel":{"description":)" + deep + "}}"; }},
      {"an action", "PUT", "/accounts/resources/actions",
       [&](const std::string& deep) { return R"({"shareResource":{"resourceUuids":)" + deep + "}}"; }},
  };
  for (const std::size_t levels : {100000u, 1000000u}) {
    for (const bool objects : {true, false}) {
      const std::string deep = nested(objects, levels);
      for (const Place& place : places) {
        const std::string what = place.what + " holding " + std::to_string(levels) + (objects ? " objects" : " arrays");
        const Reply reply = host().request(place.method, place.path, place.body(deep));
        EXPECT_TRUE(isError(reply, 400, "SYS.1007", "deeper than 64 levels")) << what << ": " << describe(reply);
      }
    }
  }
  EXPECT_EQ(host().count("SELECT COUNT(*) FROM ModelVO WHERE name = 'deep'"), 0);
  expectAlive("after-nesting");
}

// X-Job-UUID is the account's own: another account that sends it learns nothing of the job, with
// the same body or another, while the job is live in memory and once it is only in AsyncRestVO.
TEST_F(HostileTest, AnotherAccountsJobUuidTellsNothing) {
  start();
  host().createAccount("alice", "alice-password");
  host().createAccount("bob", "bob-password");
  const std::string alice = host().loginAs("alice", "alice-password");
  std::string bob = host().loginAs("bob", "bob-password");
  ASSERT_EQ(host().call("PUT", "/accounts/resources/actions",
                        Json{{"shareResource", {{"resourceUuids", {center_}}, {"toPublic", true}}}})
                .status,
            200);
  const std::string job = "0123456789abcdef0123456789abcdef";
  const std::string body = Json{{"param", HostProcess::modelParam(center_, "alice-model")}}.dump();
  const std::string otherBody = Json{{"param", HostProcess::modelParam(center_, "bob-model")}}.dump();
  Reply first = host().post("/ai/models", body, alice, {{"X-Job-UUID", job}});
  ASSERT_EQ(first.status, 202) << describe(first);
  ASSERT_EQ(host().waitJob(Json::parse(first.body)["location"], alice).status, 200);

  const auto checkBobLearnsNothing = [&](const std::string& when) {
    Reply sameBody = host().post("/ai/models", body, bob, {{"X-Job-UUID", job}});
    Reply otherOne = host().post("/ai/models", otherBody, bob, {{"X-Job-UUID", job}});
    EXPECT_TRUE(isError(sameBody, 409, "SYS.1006")) << when << ": " << describe(sameBody);
    EXPECT_EQ(sameBody.body, otherOne.body) << when << ": the answer tells whether the body matched";
    EXPECT_EQ(sameBody.body.find("alice-model"), std::string::npos) << when;
    // A poll of Alice's job answers exactly what a poll of an unknown job does.
    Reply poll = host().request("GET", "/api-jobs/" + job, "", bob);
    const std::string unknownJob = "fedcba9876543210fedcba9876543210";
    Reply unknown = host().request("GET", "/api-jobs/" + unknownJob, "", bob);
    EXPECT_EQ(poll.status, 404) << when << ": " << describe(poll);
    EXPECT_EQ(poll.body, std::regex_replace(unknown.body, std::regex(unknownJob), job)) << when;
    // Alice's own retry is the same job; the admin may still read it.
    Reply retry = host().post("/ai/models", body, alice, {{"X-Job-UUID", job}});
    EXPECT_EQ(retry.status, 202) << when << ": " << describe(retry);
    EXPECT_EQ(host().request("GET", "/api-jobs/" + job, "", alice).status, 200) << when;
    EXPECT_EQ(host().request("GET", "/api-jobs/" + job).status, 200) << when;
  };
  checkBobLearnsNothing("live");
  host().restart();  // the job is now only in AsyncRestVO
  bob = host().loginAs("bob", "bob-password");
  checkBobLearnsNothing("stored");
  EXPECT_EQ(host().count("SELECT COUNT(*) FROM ModelVO WHERE name = 'bob-model'"), 0);
  EXPECT_EQ(host().count("SELECT COUNT(*) FROM ModelVO WHERE name = 'alice-model'"), 1);
}

// Targets with bytes outside visible ASCII (which once reached a JSON dump and answered 500
// through a moved responder), and framing a server must not guess at.
TEST_F(HostileHttpTest, MalformedTargetsAndTransferCodingsAreRefused) {
  start();
  const std::string session = host().session();
  struct Case {
    std::string request;
    int status;
  };
  const std::vector<Case> cases = {
      {rawRequest("DELETE /zstack/v1/ai/models/\xff\xff HTTP/1.1", session), 400},
      {rawRequest("GET /zstack/v1/ai/models/\xc3\xa9 HTTP/1.1", session), 400},
      {rawRequest("GET /zstack/v1/ai/models?q=name=\x01 HTTP/1.1", session), 400},
      {rawRequest("GET zstack/v1/ai/models HTTP/1.1", session), 400},
      {rawRequest("POST /zstack/v1/ai/models HTTP/1.1", session, "Transfer-Encoding: gzip, chunked\r\n") + "0\r\n\r\n",
       501},
      {rawRequest("POST /zstack/v1/ai/models HTTP/1.1", session, "Transfer-Encoding: gzip\r\n"), 501},
      {rawRequest("POST /zstack/v1/ai/models HTTP/1.1", session, "Transfer-Encoding: chunked, chunked\r\n") + "0\r\n\r\n",
       400},
      {rawRequest("POST /zstack/v1/ai/models HTTP/1.1", session, "Expect: something-else\r\n", "{}"), 417},
  };
  for (const Case& c : cases) {
    RawConnection connection(host().port());
    connection.send(c.request);
    connection.receive(5s, "\r\n\r\n");
    connection.receive(1s);
    EXPECT_EQ(connection.status(), c.status) << c.request.substr(0, 80);
    EXPECT_TRUE(Json::parse(connection.body(), nullptr, false).contains("error")) << connection.body();
    EXPECT_EQ(connection.body().find("bad_function_call"), std::string::npos);
  }
  expectAlive("after-malformed");
}

// curl and the SDKs' HTTP stacks wait for "100 Continue" before a large body: it comes at once,
// or the final error does when the body could never be taken.
TEST_F(HostileHttpTest, ExpectContinueIsAnsweredAtOnce) {
  start();
  const std::string body = Json{{"param", HostProcess::modelParam(center_, "continued")}}.dump();
  RawConnection connection(host().port());
  connection.send("POST /zstack/v1/ai/models HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: OAuth " + host().session() +
                  "\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: " +
                  std::to_string(body.size()) + "\r\n\r\n");
  const auto asked = std::chrono::steady_clock::now();
  EXPECT_EQ(connection.receive(5s, "\r\n\r\n"), "HTTP/1.1 100 Continue\r\n\r\n");
  EXPECT_LT(std::chrono::steady_clock::now() - asked, 900ms) << "curl would have waited its 1 s instead";
  connection.clear();
  connection.send(body);
  connection.receive(5s, "}");
  EXPECT_EQ(connection.status(), 202) << connection.receive(1s);

  RawConnection tooLarge(host().port());
  tooLarge.send("POST /zstack/v1/ai/models HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                "Expect: 100-continue\r\nContent-Length: 100000000\r\n\r\n");
  tooLarge.receive(5s, "\r\n\r\n");
  EXPECT_EQ(tooLarge.status(), 413) << tooLarge.receive(1s);
}

TEST_F(HostileTest, CreateAccountRefusesTheAdminsUuid) {
  start();
  const Json body = {{"params",
                      {{"name", "mallory"},
                       {"password", zstack::sha512Hex("x")},
                       {"resourceUuid", "36c27e8ff05c4780bf6d2fa65700f22e"}}}};
  Reply reply = host().call("/accounts", body);
  EXPECT_TRUE(isError(reply, 503, "SYS.1006", "already in use")) << describe(reply);
  EXPECT_EQ(reply.body.find("UNIQUE"), std::string::npos) << describe(reply);
  EXPECT_EQ(host().count("SELECT COUNT(*) FROM AccountVO WHERE name = 'mallory'"), 0);
}

// Job locations come from host.externalUrl; without it a Host header is used only when it is a
// plain host[:port].
TEST_F(HostileHttpTest, JobLocationsComeFromTheExternalUrlNotTheClient) {
  HostOptions options;
  options.hostKeys = {{"externalUrl", "https://mn.example.com:8443/"}};
  start(options);
  Reply reply = host().post("/ai/models", Json{{"param", HostProcess::modelParam(center_, "located")}}.dump());
  ASSERT_EQ(reply.status, 202) << describe(reply);
  EXPECT_EQ(Json::parse(reply.body)["location"].get<std::string>().rfind("https://mn.example.com:8443/zstack/v1/api-jobs/", 0),
            0u)
      << reply.body;

  HostOptions plain;
  start(plain);
  RawConnection connection(host().port());
  const std::string body = Json{{"param", HostProcess::modelParam(center_, "hosted")}}.dump();
  connection.send("POST /zstack/v1/ai/models HTTP/1.1\r\nHost: evil.example.com/@phish\r\nAuthorization: OAuth " +
                  host().session() + "\r\nContent-Type: application/json\r\nContent-Length: " +
                  std::to_string(body.size()) + "\r\n\r\n" + body);
  connection.receive(5s, "}");
  EXPECT_EQ(connection.status(), 202);
  const Json answer = Json::parse(connection.body(), nullptr, false);
  EXPECT_EQ(answer.value("location", "").rfind("http://127.0.0.1:" + std::to_string(host().port()) + "/", 0), 0u)
      << connection.body();
}

// At host.maxConnections the host stops accepting; the next connection waits in the backlog and
// is served once another closes.
TEST_F(HostileHttpTest, ConnectionsBeyondTheCapWaitForOneToClose) {
  HostOptions options;
  options.hostKeys = {{"maxConnections", "3"}};
  start(options);
  host().client().close();
  std::this_thread::sleep_for(200ms);  // the host sees the fixture's connections close
  std::vector<std::unique_ptr<RawConnection>> open;
  for (int i = 0; i < 3; ++i) open.push_back(std::make_unique<RawConnection>(host().port()));
  std::this_thread::sleep_for(200ms);
  RawConnection waiting(host().port());  // the kernel completes the handshake; the host does not accept
  waiting.send("GET /zstack/v1/openapi.json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  EXPECT_EQ(waiting.receive(1500ms, "\r\n\r\n"), "") << "served beyond the cap";
  open.front()->close();
  waiting.receive(5s, "\r\n\r\n");
  EXPECT_EQ(waiting.status(), 200);
  EXPECT_NE(host().log().find("connections are open (host.maxConnections)"), std::string::npos);
}

// Password guessing: after 10 failures, attempts are refused (the right password too) with a
// Retry-After that grows; every failure is logged with account and address.
TEST_F(HostileTest, FailedLoginsBackOff) {
  start();
  host().createAccount("alice", "alice-password");
  auto login = [&](const std::string& account, const std::string& password) {
    return host().client().request("PUT", "/zstack/v1/accounts/login", loginBody(account, password));
  };
  for (int i = 0; i < 10; ++i) {
    Reply wrong = login("admin", "guess-" + std::to_string(i));
    ASSERT_TRUE(isError(wrong, 401, "ID.1000", "wrong account name or password")) << i << ": " << describe(wrong);
  }
  Reply right = login("admin", "password");
  EXPECT_TRUE(isError(right, 401, "ID.1000", "too many failed logins")) << describe(right);
  EXPECT_EQ(right.headers["retry-after"], "1");
  // From the same address, another account waits too.
  EXPECT_TRUE(isError(login("alice", "alice-password"), 401, "ID.1000", "too many failed logins"));
  std::this_thread::sleep_for(1100ms);
  EXPECT_TRUE(isError(login("admin", "guess-again"), 401, "ID.1000", "wrong account name or password"));
  Reply longer = login("admin", "password");
  EXPECT_TRUE(isError(longer, 401, "ID.1000", "too many failed logins"));
  EXPECT_EQ(longer.headers["retry-after"], "2");
  std::this_thread::sleep_for(2100ms);
  EXPECT_EQ(login("admin", "password").status, 200);
  const std::string log = host().log();
  EXPECT_NE(log.find("failed login of account 'admin' from '127.0.0.1'"), std::string::npos) << log;
  EXPECT_NE(log.find("refused a login of account 'admin' from '127.0.0.1': too many failed logins"), std::string::npos);
  EXPECT_EQ(log.find("guess-"), std::string::npos) << "a password reached the log";
}

// Answers and results that would not fit host.limits.maxAnswerBytes are refused, saying how to
// ask for less, and change nothing.
TEST_F(HostileTest, AnswersAndResultsBeyondTheByteCapAreRefused) {
  HostOptions options;
  options.hostKeys = {{"limits", "{maxAnswerBytes: 1048576}"}};
  start(options);
  for (int i = 0; i < 3; ++i) {
    Json param = HostProcess::modelParam(center_, "logo-" + std::to_string(i));
    param["logo"] = std::string(400000, 'L');
    ASSERT_EQ(host().addModel(param).status, 200);
  }
  Reply all = host().request("GET", "/ai/models");
  EXPECT_TRUE(isError(all, 400, "SYS.1007", "larger than 1048576 bytes")) << describe(all);
  EXPECT_NE(all.body.find("fields="), std::string::npos);
  Reply fields = host().request("GET", "/ai/models?fields=uuid,name");
  ASSERT_EQ(fields.status, 200) << describe(fields);
  EXPECT_EQ(Json::parse(fields.body)["inventories"].size(), 3u);
  EXPECT_EQ(host().request("GET", "/ai/models?limit=2").status, 200);

  Json huge = HostProcess::modelParam(center_, "too-large-a-result");
  huge["logo"] = std::string(600000, 'L');
  huge["introduction"] = std::string(600000, 'I');
  Reply added = host().addModel(huge);
  EXPECT_TRUE(isError(added, 503, "SYS.1007", "more than 1048576 (host.limits.maxAnswerBytes); nothing was changed"))
      << describe(added);
  EXPECT_EQ(host().count("SELECT COUNT(*) FROM ModelVO WHERE name = 'too-large-a-result'"), 0);
}

// AsyncRestVO keeps results within host.jobs.maxStoredBytes: the oldest finished go first, logged.
TEST_F(HostileTest, StoredJobResultsAreBoundedInBytes) {
  HostOptions options;
  options.hostKeys = {{"jobs", "{retention: 10800, maxStoredBytes: 3000000}"}};
  start(options);
  const std::string model = inventoryOf(host().addModel(HostProcess::modelParam(center_, "updated")))["uuid"];
  std::vector<std::string> jobs;
  for (int i = 0; i < 12; ++i) {
    Json update = {{"updateModel", {{"parameters", std::string(500000, static_cast<char>('a' + i))}}}};
    Reply accepted = host().request("PUT", "/ai/models/" + model + "/actions", update.dump());
    ASSERT_EQ(accepted.status, 202) << describe(accepted);
    const std::string location = Json::parse(accepted.body)["location"];
    ASSERT_EQ(host().waitJob(location).status, 200);
    jobs.push_back(targetOf(location));
  }
  long long stored = 0;
  for (int i = 0; i < 100; ++i) {  // the sweep runs when the worker is idle
    stored = host().count("SELECT COALESCE(SUM(resultSize), 0) FROM AsyncRestVO");
    if (stored <= 3000000) break;
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_LE(stored, 3000000);
  EXPECT_NE(host().log().find("oldest finished jobs' results"), std::string::npos) << host().log();
  EXPECT_EQ(host().waitJob(jobs.back()).status, 200) << "the newest result went";
  host().restart();  // polls now read AsyncRestVO
  EXPECT_TRUE(isError(host().request("GET", jobs.front()), 404, "SYS.1003"));
  EXPECT_EQ(host().request("GET", jobs.back()).status, 200);
}

// Queries run on a pool of their own under a statement time limit: while three clients loop
// heavy queries, logins, job polls and the OpenAPI document still answer promptly (the
// benchmark measures how promptly: docs/performance.md), and no query runs past the limit.
TEST_F(HostileTest, HeavyQueriesNeitherHoldUpOtherRequestsNorRunUnbounded) {
  HostOptions options;
  options.hostKeys = {{"queries", "{threads: 2, timeout: 0.02}"}};
  start(options);
  {
    db::DatabaseOptions database;
    database.url = host().databaseUrl();
    database.poolSize = 1;
    database.queryPoolSize = 1;
    std::unique_ptr<db::Database> db;
    ASSERT_TRUE(db::Database::open(database, &db).ok());
    std::vector<zstack::testing::ModelRow> rows;
    zstack::testing::insertModels(*db, center_, [](std::size_t) { return std::string("36c27e8ff05c4780bf6d2fa65700f22e"); },
                                  20000, &rows);
  }
  const std::string session = host().session();
  Reply one = host().request("GET", zstack::testing::heavyQueryTarget());
  EXPECT_TRUE(isError(one, 503, "SYS.1000", "(host.queries.timeout) and was stopped")) << describe(one);
  Reply job = host().post("/ai/models", Json{{"param", HostProcess::modelParam(center_, "polled")}}.dump());
  ASSERT_EQ(job.status, 202);
  const std::string location = targetOf(Json::parse(job.body)["location"]);
  ASSERT_EQ(host().waitJob(location).status, 200);

  std::atomic<bool> stop{false};
  std::atomic<int> heavyAnswers{0};
  std::atomic<int> unexpected{0};
  std::vector<std::thread> attackers;
  for (int i = 0; i < 3; ++i) {
    attackers.emplace_back([&] {
      zstack::testing::HttpClient client("127.0.0.1", host().port());
      while (!stop) {
        Reply reply = client.request("GET", zstack::testing::heavyQueryTarget(), "", {{"Authorization", "OAuth " + session}});
        ++heavyAnswers;
        if (reply.status != 200 && !isError(reply, 503, "SYS.1000", "host.queries")) ++unexpected;
      }
    });
  }
  std::this_thread::sleep_for(500ms);
  std::vector<double> millis;
  zstack::testing::HttpClient client("127.0.0.1", host().port());
  for (int i = 0; i < 30; ++i) {
    const auto started = std::chrono::steady_clock::now();
    Reply reply = i % 3 == 0   ? client.request("GET", "/zstack/v1/openapi.json")
                  : i % 3 == 1 ? client.request("PUT", "/zstack/v1/accounts/login", loginBody("admin", "password"))
                               : client.request("GET", location, "", {{"Authorization", "OAuth " + session}});
    millis.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count());
    EXPECT_EQ(reply.status, 200) << describe(reply);
  }
  stop = true;
  for (std::thread& attacker : attackers) attacker.join();
  std::sort(millis.begin(), millis.end());
  // Held up behind the queries, the median was 1.6 s; the target is 20 ms. The bound is loose
  // for sanitizer builds on busy machines.
  EXPECT_LT(millis[millis.size() / 2], 500) << "median of logins, polls and openapi.json while heavy queries run";
  EXPECT_GT(heavyAnswers.load(), 3);
  EXPECT_EQ(unexpected.load(), 0);
}

}  // namespace
}  // namespace zstack::it
