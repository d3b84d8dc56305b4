// zstack-mn: the management host. Reads plugin.yaml, loads and starts the plugins, upgrades
// the database schema, and serves the ZStack REST API until SIGTERM or SIGINT.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/dll/runtime_symbol_info.hpp>

#include "auth/access_keys.h"
#include "auth/host_key.h"
#include "auth/sessions.h"
#include "bootstrap/bootstrap.h"
#include "common/digest.h"
#include "common/log.h"
#include "config/config.h"
#include "db/database.h"
#include "http/server.h"
#include "jobs/job_manager.h"
#include "migrate/migrator.h"
#include "nodes/node_monitor.h"
#include "openapi/openapi.h"
#include "query/query_engine.h"
#include "rest/rest_front.h"
#include "webhook/webhook.h"

namespace zstack {
namespace {

constexpr char kAdminPasswordEnv[] = "ZSTACK_ADMIN_PASSWORD";

int fail(const std::string& message) {
  log::error(message);
  return 1;
}

std::filesystem::path defaultSqlDir() {
  return boost::dll::program_location().parent_path().parent_path().string() + "/share/zstack/sql";
}

// Where the generated admin password is written: beside an SQLite database, else the
// working folder.
std::filesystem::path adminPasswordFile(const db::Database& database) {
  const db::DatabaseUrl& url = database.url();
  if (url.dialect == SqlDialect::SQLite) {
    return std::filesystem::path(url.sqliteFile).parent_path() / "zstack-admin-password";
  }
  return std::filesystem::current_path() / "zstack-admin-password";
}

// The host key's file: host.accessKeys.keyFile, else beside an SQLite database, else the
// working folder (where the generated admin password goes too).
Status loadHostKey(const HostConfig& config, std::shared_ptr<const auth::HostKey>* out) {
  std::filesystem::path file = config.accessKeyKeyFile;
  if (file.empty()) {
    db::DatabaseUrl url;
    if (Status status = db::parseDatabaseUrl(config.databaseUrl, &url); !status.ok()) return status;
    const std::filesystem::path folder = url.dialect == SqlDialect::SQLite
                                             ? std::filesystem::path(url.sqliteFile).parent_path()
                                             : std::filesystem::current_path();
    file = folder / "zstack-host-key";
  }
  auth::HostKey key;
  bool created = false;
  if (Status status = auth::HostKey::loadOrCreate(file, &key, &created); !status.ok()) return status;
  if (created) {
    log::warn("created the host key " + file.string() + " (access-key secrets are sealed under it): back it up, and "
              "give every management node on this database a copy (docs/operations.md)");
  }
  *out = std::make_shared<const auth::HostKey>(key);
  return Status::OK();
}

Status createAdmin(auth::SessionManager& sessions, const db::Database& database) {
  const char* fromEnv = std::getenv(kAdminPasswordEnv);
  const bool generated = !fromEnv || !*fromEnv;
  const std::string password = generated ? randomHex(12) : std::string(fromEnv);
  bool created = false;
  if (Status status = sessions.ensureAdmin(password, &created); !status.ok()) return status;
  if (!created || !generated) return Status::OK();
  const std::filesystem::path file = adminPasswordFile(database);
  {
    const mode_t previous = umask(077);
    std::ofstream out(file, std::ios::trunc);
    umask(previous);
    out << password << "\n";
    if (!out) return internalError("cannot write the admin password to " + file.string());
  }
  std::filesystem::permissions(file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  // Printed once, on stdout, so that it reaches the operator and not the log files.
  std::cout << "Created account 'admin' with password " << password << " (also in " << file.string()
            << "); log in with its SHA-512 hex, as ZStack clients do." << std::endl;
  return Status::OK();
}

// Connections, database files and webhooks all take descriptors: use what the hard limit
// allows (as nginx's worker_rlimit_nofile and systemd's LimitNOFILE do).
void raiseDescriptorLimit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max) return;
  limit.rlim_cur = limit.rlim_max;
  if (::setrlimit(RLIMIT_NOFILE, &limit) != 0) log::warn("cannot raise the descriptor limit to its hard limit");
}

std::string hostName() {
  char name[256] = {};
  if (::gethostname(name, sizeof(name) - 1) != 0) return "localhost";
  return name;
}

int run(int argc, char** argv) {
  CommandLine commandLine;
  if (Status status = parseCommandLine(argc, argv, &commandLine); !status.ok()) {
    std::cerr << status.error().details << "\n" << usage();
    return 2;
  }
  if (commandLine.help) {
    std::cout << usage();
    return 0;
  }
  HostConfig config;
  if (Status status = loadConfig(commandLine, &config); !status.ok()) return fail(status.error().details);
  raiseDescriptorLimit();

  // Signals are taken by sigwait() below, so every thread starts with them blocked.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  // Declared first so it is destroyed last: everything below uses what the plugins registered.
  std::shared_ptr<const auth::HostKey> hostKey;
  if (Status status = loadHostKey(config, &hostKey); !status.ok()) return fail(status.error().details);
  Bootstrap bootstrap;
  if (Status status = bootstrap.start(config.plugins, config.apiVersion, hostKey); !status.ok()) {
    return fail(status.error().details);
  }
  const Registry& registry = bootstrap.registry();
  const Version& apiVersion = bootstrap.apiVersion();

  db::DatabaseOptions databaseOptions;
  databaseOptions.url = config.databaseUrl;
  databaseOptions.poolSize = config.databasePoolSize;
  databaseOptions.sqliteSynchronous = config.sqliteSynchronous;
  databaseOptions.queryPoolSize = static_cast<std::size_t>(config.queryThreads);
  databaseOptions.queryTimeout = config.queryTimeout;
  std::unique_ptr<db::Database> database;
  if (Status status = db::Database::open(databaseOptions, &database); !status.ok()) return fail(status.error().details);
  const std::filesystem::path sqlDir = config.sqlDir.empty() ? defaultSqlDir() : config.sqlDir;
  std::vector<migrate::AppliedScript> applied;
  if (Status status = migrate::migrate(*database, sqlDir, registry.schemaComponents(), &applied); !status.ok()) {
    return fail("database " + database->url().display + ": " + status.error().details);
  }
  for (const auto& script : applied) log::info("applied " + script.component + " V" + script.version.str() + " " + script.script);

  auth::SessionOptions sessionOptions;
  sessionOptions.timeout = config.sessionTimeout;
  sessionOptions.maxConcurrent = config.sessionMaxConcurrent;
  sessionOptions.throttle.maxFailures = config.loginMaxFailures;
  sessionOptions.throttle.window = config.loginWindow;
  sessionOptions.throttle.maxBackoff = config.loginMaxBackoff;
  auth::SessionManager sessions(*database, Env::system(), sessionOptions);
  if (Status status = createAdmin(sessions, *database); !status.ok()) return fail(status.error().details);

  nodes::NodeOptions nodeOptions;
  nodeOptions.hostName = hostName();
  nodeOptions.port = config.listenPort;
  nodeOptions.version = apiVersion.str();
  nodeOptions.heartbeatInterval = config.heartbeatInterval;
  nodeOptions.timeout = config.heartbeatTimeout;
  nodes::NodeMonitor node(*database, Env::system(), nodeOptions, [](soci::session& sql, const std::string& deadNode) {
    const long long failed = jobs::JobManager::failJobsOfNode(sql, deadNode, Env::system());
    if (failed) log::warn("marked " + std::to_string(failed) + " unfinished jobs of a stopped management node failed");
    return Status::OK();
  });

  jobs::JobOptions jobOptions;
  jobOptions.apiVersion = apiVersion;
  jobOptions.nodeUuid = node.uuid();
  jobOptions.workers = config.jobWorkers > 0 ? config.jobWorkers : database->dialect() == SqlDialect::SQLite ? 1 : 4;
  jobOptions.retention = config.jobRetention;
  jobOptions.maxResultBytes = config.maxAnswerBytes;
  jobOptions.maxStoredResultBytes = config.jobMaxStoredBytes;
  jobOptions.sealedResults = {auth::kCreateAccessKey};
  jobOptions.resultKey = hostKey;
  jobs::JobManager jobs(*database, registry, Env::system(), jobOptions);
  if (Status status = node.join(); !status.ok()) return fail(status.error().details);

  rest::RestOptions restOptions;
  restOptions.maxWaitSeconds = config.maxWaitSeconds;
  restOptions.externalUrl = config.externalUrl;
  restOptions.defaultHost = config.listenHost + ":" + std::to_string(config.listenPort);
  // The registry is read-only from here on: the document is made once.
  restOptions.openApiDocument = openapi::document(registry, apiVersion).dump();
  restOptions.jsonLimits = JsonLimits{config.jsonDepth, config.jsonValues};
  restOptions.apiVersion = apiVersion;
  // Queries run at a lower priority, so that logins, polls and jobs go first on busy cores.
  restOptions.queries = WorkQueueOptions{config.queryThreads, config.maxQueuedQueries, 5};
  query::QueryEngine queries(*database, apiVersion, config.maxAnswerBytes);
  webhook::Sender webhooks(webhook::SenderOptions{.timeout = config.webhookTimeout,
                                                  .maxQueuedBytes = config.webhookMaxQueuedBytes,
                                                  .allowedNetworks = config.webhookAllowedNetworks,
                                                  .listenHost = config.listenHost,
                                                  .listenPort = config.listenPort});
  auth::AccessKeyAuthenticator accessKeys(*database, Env::system(), hostKey,
                                         auth::AccessKeyOptions{config.accessKeyMaxClockSkew});
  rest::RestFront front(registry, sessions, accessKeys, jobs, queries, webhooks, restOptions);

  http::ServerOptions serverOptions;
  serverOptions.host = config.listenHost;
  serverOptions.port = config.listenPort;
  serverOptions.maxBodyBytes = config.maxBodyBytes;
  serverOptions.threads = config.httpThreads;
  serverOptions.maxConnections = config.maxConnections;
  serverOptions.errorBody = rest::serverErrorBody;
  http::Server server(serverOptions, front);
  if (Status status = server.start(); !status.ok()) return fail(status.error().details);
  std::string started;
  for (const std::string& name : bootstrap.startedPlugins()) started += (started.empty() ? "" : ", ") + name;
  log::info("zstack-mn (management node " + node.uuid() + ") serving API version " + apiVersion.str() + " on " + config.listenHost + ":" +
            std::to_string(server.port()) + " with database " + database->url().display + "; plugins: " +
            (started.empty() ? "none" : started));

  int received = 0;
  sigwait(&signals, &received);
  log::info(std::string("received ") + (received == SIGTERM ? "SIGTERM" : "SIGINT") + ", stopping");
  // Let requests in flight get their answers (those waiting on Prefer: wait get their 202 at
  // once), then finish the accepted jobs.
  front.stop();
  server.stop();
  jobs.stop();
  // After the jobs, so that the results of the last ones are posted too; within its timeout.
  webhooks.stop();
  node.stop();
  bootstrap.stop();
  log::info("stopped");
  return 0;
}

}  // namespace
}  // namespace zstack

int main(int argc, char** argv) {
  try {
    return zstack::run(argc, argv);
  } catch (const std::exception& e) {
    zstack::log::error(std::string("fatal: ") + e.what());
    return 1;
  }
}
