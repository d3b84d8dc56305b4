// zstack-bench-query: QueryModel latency over HTTP on a large table.
//
//   zstack-bench-query DATABASE_URL PORT [MODELS] [REQUESTS]
//
// Talks to a running host (admin password from ZSTACK_ADMIN_PASSWORD, default "password") whose
// database is DATABASE_URL. Creates a normal account and a model center through the API, then
// inserts MODELS models (default 100000) straight into the database as AddModel leaves them
// (ResourceVO, AccountResourceRefVO, ModelVO, a system tag), one in ten owned by the normal
// account, the rest by the admin. Then, for the admin and for the normal account, sends
// REQUESTS (default 2000) requests of each case over one keep-alive connection, each asking
// for a randomly chosen model the caller may see, checks every answer, and prints p50, p99
// and mean latency in milliseconds.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <soci/soci.h>

#include "common/digest.h"
#include "common/env.h"
#include "db/database.h"
#include "http_client.h"
#include "model_rows.h"
#include "zstack/date.h"

using namespace zstack;
using nlohmann::json;

namespace {

constexpr char kAdminUuid[] = "36c27e8ff05c4780bf6d2fa65700f22e";

class Api {
 public:
  explicit Api(std::uint16_t port) : client_("127.0.0.1", port) {}

  testing::HttpClient::Reply get(const std::string& target, const std::string& session) {
    return client_.request("GET", "/zstack/v1" + target, "", {{"Authorization", "OAuth " + session}});
  }

  std::string login(const std::string& account, const std::string& password) {
    const json body = {{"logInByAccount", {{"accountName", account}, {"password", sha512Hex(password)}}}};
    return expect(client_.request("PUT", "/zstack/v1/accounts/login", body.dump()), "login")["inventory"]["uuid"];
  }

  // An asynchronous API's final result (Prefer: wait, then polls).
  json call(const std::string& path, const json& body, const std::string& session) {
    testing::HttpClient::Reply reply =
        client_.request("POST", "/zstack/v1" + path, body.dump(),
                        {{"Authorization", "OAuth " + session}, {"Prefer", "wait=30"}});
    while (reply.status == 202) {
      const std::string location = json::parse(reply.body).value("location", "");
      const std::string target = location.substr(location.find("/zstack/"));
      reply = client_.request("GET", target, "", {{"Authorization", "OAuth " + session}});
    }
    return expect(reply, path);
  }

 private:
  static json expect(const testing::HttpClient::Reply& reply, const std::string& what) {
    if (reply.status != 200) throw std::runtime_error(what + ": HTTP " + std::to_string(reply.status) + " " + reply.body);
    return json::parse(reply.body);
  }

  testing::HttpClient client_;
};

struct Case {
  std::string name;
  // The target for one randomly chosen model, and how many inventories its answer must hold.
  std::function<std::string(const testing::ModelRow&)> target;
  std::size_t expected;
};

double percentile(std::vector<double> sorted, double p) {
  const std::size_t index = std::min(sorted.size() - 1, static_cast<std::size_t>(p * sorted.size()));
  return sorted[index];
}

void measure(Api& api, const std::string& who, const std::string& session, const std::vector<testing::ModelRow>& visible,
             const std::vector<Case>& cases, std::size_t requests) {
  std::mt19937 random(42);
  std::uniform_int_distribution<std::size_t> pick(0, visible.size() - 1);
  for (const Case& c : cases) {
    std::vector<double> millis;
    for (std::size_t i = 0; i < requests + requests / 10; ++i) {  // the first tenth warms up
      const testing::ModelRow& model = visible[pick(random)];
      const std::string target = c.target(model);
      const auto start = std::chrono::steady_clock::now();
      const testing::HttpClient::Reply reply = api.get(target, session);
      const double elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
      const json body = json::parse(reply.body, nullptr, false);
      if (reply.status != 200 || !body.contains("inventories") || body["inventories"].size() != c.expected ||
          (c.expected == 1 && body["inventories"][0]["uuid"] != model.uuid)) {
        throw std::runtime_error(who + " " + target + ": unexpected answer HTTP " + std::to_string(reply.status) + " " +
                                 reply.body.substr(0, 300));
      }
      if (i >= requests / 10) millis.push_back(elapsed);
    }
    std::sort(millis.begin(), millis.end());
    double sum = 0;
    for (double m : millis) sum += m;
    std::printf("  %-7s %-34s p50=%.2f ms p99=%.2f ms mean=%.2f ms (%zu requests)\n", who.c_str(), c.name.c_str(),
                percentile(millis, 0.50), percentile(millis, 0.99), sum / millis.size(), millis.size());
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3 || argc > 5) {
    std::fprintf(stderr, "usage: zstack-bench-query DATABASE_URL PORT [MODELS] [REQUESTS]\n");
    return 2;
  }
  const std::size_t count = argc > 3 ? std::stoul(argv[3]) : 100000;
  const std::size_t requests = argc > 4 ? std::stoul(argv[4]) : 2000;
  const char* password = std::getenv("ZSTACK_ADMIN_PASSWORD");
  try {
    Api api(static_cast<std::uint16_t>(std::stoi(argv[2])));
    const std::string admin = api.login("admin", password && *password ? password : "password");
    const json account = api.call("/accounts", {{"params", {{"name", "bench-user"}, {"password", sha512Hex("bench")}}}}, admin);
    const std::string normal = api.login("bench-user", "bench");
    const json center = api.call("/ai/model-centers",
                                 {{"param", {{"name", "bench"}, {"url", "http://127.0.0.1:1"},
                                             {"managementIp", "127.0.0.1"}, {"managementPort", 1}}}},
                                 admin);

    db::DatabaseOptions options;
    options.url = argv[1];
    options.poolSize = 1;
    std::unique_ptr<db::Database> database;
    if (Status s = db::Database::open(options, &database); !s.ok()) throw std::runtime_error(s.error().details);
    std::vector<testing::ModelRow> models;
    const auto start = std::chrono::steady_clock::now();
    const std::string normalAccount = account["inventory"]["uuid"];
    testing::insertModels(
        *database, center["inventory"]["uuid"],
        [&](std::size_t i) { return i % 10 == 0 ? normalAccount : std::string(kAdminUuid); }, count, &models);
    std::printf("  inserted %zu models in %.1f s (one in ten owned by a normal account)\n", count,
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());

    const std::vector<Case> cases = {
        {"GET /ai/models?q=name=<name>", [](const testing::ModelRow& m) { return "/ai/models?q=name%3D" + m.name; }, 1},
        {"GET /ai/models?q=uuid=<uuid>", [](const testing::ModelRow& m) { return "/ai/models?q=uuid%3D" + m.uuid; }, 1},
        {"GET /ai/models/<uuid>", [](const testing::ModelRow& m) { return "/ai/models/" + m.uuid; }, 1},
    };
    std::vector<testing::ModelRow> owned;
    for (const testing::ModelRow& m : models) {
      if (m.owner != kAdminUuid) owned.push_back(m);
    }
    measure(api, "admin", admin, models, cases, requests);
    measure(api, "normal", normal, owned, cases, requests);
    // For scale, not for the target: a page of 100 and a count over the whole table.
    const std::vector<Case> pages = {
        {"GET /ai/models?limit=100", [](const testing::ModelRow&) { return std::string("/ai/models?limit=100"); }, 100},
    };
    measure(api, "admin", admin, models, pages, requests / 20);
    measure(api, "normal", normal, owned, pages, requests / 20);
    for (const auto& [who, session] : {std::pair<std::string, std::string>{"admin", admin}, {"normal", normal}}) {
      const auto begin = std::chrono::steady_clock::now();
      const testing::HttpClient::Reply reply = api.get("/ai/models?count=true", session);
      std::printf("  %-7s %-34s %.2f ms: %s\n", who.c_str(), "GET /ai/models?count=true",
                  std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - begin).count(),
                  reply.body.c_str());
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "zstack-bench-query: %s\n", e.what());
    return 1;
  }
  return 0;
}
