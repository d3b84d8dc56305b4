// zstack-bench-hostile: what hostile clients cost the other clients of a running host.
//
//   zstack-bench-hostile DATABASE_URL PORT HOST_PID [SECONDS]
//
// Talks to a running host (admin password from ZSTACK_ADMIN_PASSWORD, default "password") whose
// database is DATABASE_URL and whose process is HOST_PID, and prints:
// 1. Head-of-line: the latency of trivial requests (a job poll, a login, GET openapi.json) on
//    their own, then while three clients loop the heavy query of the security review (64 lists
//    of 150 values over 20,000 models, with a count), side by side: p50, p99 and the ratio.
// 2. Large answers: the host's peak memory (VmHWM) after QueryModel over 25 models with 7 MiB
//    logos each (the answer is refused past host.limits.maxAnswerBytes), and before it.
// 3. Password guessing: how many wrong passwords one connection gets checked in SECONDS
//    (default 5), and how many are refused by the back-off.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>
#include <soci/soci.h>

#include "common/digest.h"
#include "db/database.h"
#include "http_client.h"
#include "model_rows.h"

using namespace zstack;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

constexpr char kAdminUuid[] = "36c27e8ff05c4780bf6d2fa65700f22e";

std::string loginBody(const std::string& password) {
  return json{{"logInByAccount", {{"accountName", "admin"}, {"password", sha512Hex(password)}}}}.dump();
}

std::string session(testing::HttpClient& client, const std::string& password) {
  const auto reply = client.request("PUT", "/zstack/v1/accounts/login", loginBody(password));
  if (reply.status != 200) throw std::runtime_error("login: HTTP " + std::to_string(reply.status) + " " + reply.body);
  return json::parse(reply.body)["inventory"]["uuid"];
}

// An asynchronous API's final result.
json call(testing::HttpClient& client, const std::string& path, const json& body, const std::string& session) {
  auto reply = client.request("POST", "/zstack/v1" + path, body.dump(),
                              {{"Authorization", "OAuth " + session}, {"Prefer", "wait=30"}});
  if (reply.status != 200) throw std::runtime_error(path + ": HTTP " + std::to_string(reply.status) + " " + reply.body);
  return json::parse(reply.body);
}

double percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  return values[std::min(values.size() - 1, static_cast<std::size_t>(p * values.size()))];
}

std::string peakMemory(int pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmHWM:", 0) == 0) return line.substr(line.find_first_not_of(" \t", 6));
  }
  return "?";
}

// Milliseconds of each trivial request: rounds of a poll, a login and openapi.json, 100 of them
// or as many as 20 s allow (code that serves them behind the heavy queries takes seconds each).
std::vector<std::vector<double>> trivialLatencies(std::uint16_t port, const std::string& session,
                                                  const std::string& job) {
  testing::HttpClient client("127.0.0.1", port);
  std::vector<std::vector<double>> millis(3);
  const auto until = Clock::now() + std::chrono::seconds(20);
  for (int i = 0; i < 100 && Clock::now() < until; ++i) {
    for (int kind = 0; kind < 3; ++kind) {
      const auto started = Clock::now();
      const auto reply = kind == 0   ? client.request("GET", job, "", {{"Authorization", "OAuth " + session}})
                         : kind == 1 ? client.request("PUT", "/zstack/v1/accounts/login", loginBody("password"))
                                     : client.request("GET", "/zstack/v1/openapi.json");
      if (reply.status != 200) throw std::runtime_error("trivial request: HTTP " + std::to_string(reply.status));
      millis[kind].push_back(std::chrono::duration<double, std::milli>(Clock::now() - started).count());
    }
  }
  return millis;
}

void headOfLine(db::Database& database, std::uint16_t port, const std::string& session, const std::string& center) {
  std::vector<testing::ModelRow> rows;
  testing::insertModels(database, center, [](std::size_t) { return std::string(kAdminUuid); }, 20000, &rows);
  // A finished job to poll.
  testing::HttpClient client("127.0.0.1", port);
  const json model = {{"param", {{"name", "polled"}, {"installPath", "/x"}, {"modelCenterUuid", center}}}};
  const auto accepted = client.request("POST", "/zstack/v1/ai/models", model.dump(), {{"Authorization", "OAuth " + session}});
  const std::string location = json::parse(accepted.body)["location"];
  const std::string job = location.substr(location.find("/zstack/"));
  while (client.request("GET", job, "", {{"Authorization", "OAuth " + session}}).status == 202) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }

  const auto quiet = trivialLatencies(port, session, job);
  std::atomic<bool> stop{false};
  std::atomic<long> heavy{0};
  std::atomic<long> heavyStopped{0};
  std::vector<std::thread> attackers;
  for (int i = 0; i < 3; ++i) {
    attackers.emplace_back([&] {
      testing::HttpClient attacker("127.0.0.1", port);
      while (!stop) {
        const auto reply = attacker.request("GET", testing::heavyQueryTarget(), "", {{"Authorization", "OAuth " + session}});
        ++heavy;
        if (reply.status == 503) ++heavyStopped;
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::seconds(1));
  const auto started = Clock::now();
  const auto loaded = trivialLatencies(port, session, job);
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  stop = true;
  for (std::thread& attacker : attackers) attacker.join();
  std::printf("  head-of-line: 3 clients loop the heavy query (64 lists of 150 values, 20,000 models): %.1f heavy "
              "queries/s, %ld stopped by host.queries.timeout\n",
              static_cast<double>(heavy) / (seconds + 1), heavyStopped.load());
  const char* names[] = {"job poll", "login", "openapi.json"};
  for (int kind = 0; kind < 3; ++kind) {
    const double quietP50 = percentile(quiet[kind], 0.5);
    const double loadedP50 = percentile(loaded[kind], 0.5);
    std::printf("    %-13s alone p50=%.2f ms p99=%.2f ms | beside heavy queries p50=%.2f ms p99=%.2f ms (%zu requests) | "
                "p50 ratio %.1fx\n",
                names[kind], quietP50, percentile(quiet[kind], 0.99), loadedP50, percentile(loaded[kind], 0.99),
                loaded[kind].size(), loadedP50 / quietP50);
  }
}

void largeAnswers(db::Database& database, std::uint16_t port, int pid, const std::string& session,
                  const std::string& center) {
  std::vector<testing::ModelRow> rows;
  testing::insertModels(database, center, [](std::size_t) { return std::string(kAdminUuid); }, 25, &rows);
  const std::string logo(7 * 1024 * 1024, 'L');
  for (const auto& row : rows) {
    Status status = database.write([&](soci::session& sql) {
      sql << "UPDATE ModelVO SET logo = :logo WHERE uuid = :uuid", soci::use(logo, "logo"), soci::use(row.uuid, "uuid");
      return Status::OK();
    });
    if (!status.ok()) throw std::runtime_error("logo: " + status.error().details);
  }
  const std::string before = peakMemory(pid);
  testing::HttpClient client("127.0.0.1", port);
  const auto reply = client.request("GET", "/zstack/v1/ai/models?q=modelCenterUuid=" + center, "",
                                    {{"Authorization", "OAuth " + session}});
  std::printf("  large answers: QueryModel over 25 models with 7 MiB logos answered HTTP %d (%zu bytes); host peak "
              "memory %s before, %s after\n",
              reply.status, reply.body.size(), before.c_str(), peakMemory(pid).c_str());
}

void guessing(std::uint16_t port, int seconds) {
  testing::HttpClient client("127.0.0.1", port);
  long checked = 0;
  long refused = 0;
  const auto until = Clock::now() + std::chrono::seconds(seconds);
  for (int i = 0; Clock::now() < until; ++i) {
    const auto reply = client.request("PUT", "/zstack/v1/accounts/login", loginBody("guess-" + std::to_string(i)));
    (reply.body.find("too many failed logins") != std::string::npos ? refused : checked) += 1;
  }
  std::printf("  password guessing, one connection, %d s: %ld guesses checked, %ld refused by the back-off (%.0f "
              "answers/s)\n",
              seconds, checked, refused, static_cast<double>(checked + refused) / seconds);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: zstack-bench-hostile DATABASE_URL PORT HOST_PID [SECONDS]\n");
    return 2;
  }
  const auto port = static_cast<std::uint16_t>(std::stoi(argv[2]));
  const int pid = std::stoi(argv[3]);
  const int seconds = argc > 4 ? std::stoi(argv[4]) : 5;
  const char* password = std::getenv("ZSTACK_ADMIN_PASSWORD");
  try {
    testing::HttpClient client("127.0.0.1", port);
    const std::string admin = session(client, password && *password ? password : "password");
    const auto center = [&](const char* name) -> std::string {
      return call(client, "/ai/model-centers",
                  {{"param", {{"name", name}, {"url", "http://127.0.0.1:1"}, {"managementIp", "127.0.0.1"},
                              {"managementPort", 1}}}},
                  admin)["inventory"]["uuid"];
    };
    db::DatabaseOptions options;
    options.url = argv[1];
    options.poolSize = 1;
    options.queryPoolSize = 1;
    std::unique_ptr<db::Database> database;
    if (Status s = db::Database::open(options, &database); !s.ok()) throw std::runtime_error(s.error().details);
    headOfLine(*database, port, admin, center("head-of-line"));
    largeAnswers(*database, port, pid, admin, center("large-answers"));
    guessing(port, seconds);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "zstack-bench-hostile: %s\n", e.what());
    return 1;
  }
  return 0;
}
