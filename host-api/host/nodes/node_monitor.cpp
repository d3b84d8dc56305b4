#include "nodes/node_monitor.h"

#include <vector>

#include <soci/soci.h>

#include "common/log.h"
#include "zstack/date.h"

namespace zstack::nodes {

NodeMonitor::NodeMonitor(db::Database& database, Env& env, NodeOptions options, DeadNodeHandler onDead)
    : database_(database), env_(env), options_(std::move(options)), onDead_(std::move(onDead)), uuid_(env.newUuid()) {}

NodeMonitor::~NodeMonitor() { stop(); }

namespace {

void insertNode(soci::session& sql, const std::string& uuid, const NodeOptions& options, const std::tm& now) {
  sql << "INSERT INTO ManagementNodeVO (uuid, hostName, port, version, joinDate, heartBeat)"
         " VALUES (:uuid, :hostName, :port, :version, :joinDate, :heartBeat)",
      soci::use(uuid, "uuid"), soci::use(options.hostName, "hostName"), soci::use(options.port, "port"),
      soci::use(options.version, "version"), soci::use(now, "joinDate"), soci::use(now, "heartBeat");
}

// The uuids that `select` (prepared with `uuid` as its into) finds.
std::vector<std::string> fetchUuids(soci::statement& select, std::string& uuid) {
  std::vector<std::string> uuids;
  select.execute();
  while (select.fetch()) uuids.push_back(uuid);
  return uuids;
}

}  // namespace

// Runs onDead for each dead node and deletes its row, in the caller's transaction.
Status NodeMonitor::reap(soci::session& sql, const std::vector<std::string>& dead) {
  for (const std::string& node : dead) {
    if (Status status = onDead_(sql, node); !status.ok()) return status;
    sql << "DELETE FROM ManagementNodeVO WHERE uuid = :uuid", soci::use(node, "uuid");
    log::warn("management node " + node + " is gone (its heartbeat stopped, or it restarted); its unfinished jobs "
              "are marked failed");
  }
  return Status::OK();
}

Status NodeMonitor::join() {
  Status status = database_.write([&](soci::session& sql) -> Status {
    insertNode(sql, uuid_, options_, toDbTime(env_.now()));
    // Work recorded before nodes were tracked belongs to no live node.
    if (Status st = onDead_(sql, ""); !st.ok()) return st;
    // This node's previous run: the same host name and port.
    std::string uuid;
    soci::statement select =
        (sql.prepare << "SELECT uuid FROM ManagementNodeVO WHERE hostName = :hostName AND port = :port AND uuid <> :me",
         soci::use(options_.hostName, "hostName"), soci::use(options_.port, "port"), soci::use(uuid_, "me"),
         soci::into(uuid));
    return reap(sql, fetchUuids(select, uuid));
  });
  if (status.ok()) status = beat();
  if (!status.ok()) return internalError("cannot join the management nodes: " + status.error().details);
  thread_ = std::thread([this] { loop(); });
  return Status::OK();
}

Status NodeMonitor::beat() {
  const std::tm now = toDbTime(env_.now());
  const std::tm cutoff = toDbTime(env_.now() - options_.timeout);
  // The heartbeat is one statement on its own (no transaction around it): a node that freezes
  // mid-heartbeat holds no lock on its row, which would stop the others from reaping it.
  Status status = database_.read([&](soci::session& sql) {
    soci::statement update =
        (sql.prepare << "UPDATE ManagementNodeVO SET heartBeat = :heartBeat WHERE uuid = :uuid",
         soci::use(now, "heartBeat"), soci::use(uuid_, "uuid"));
    update.execute(true);
    if (update.get_affected_rows() == 0) {
      // Another node took this one for dead (its heartbeat came too late) and failed its jobs;
      // the jobs still running here find them failed and roll back (see JobManager).
      log::error("this management node was taken for dead by another node; joining again");
      insertNode(sql, uuid_, options_, now);
    }
    return Status::OK();
  });
  if (!status.ok()) return status;
  return database_.write([&](soci::session& sql) {
    std::string uuid;
    soci::statement select = (sql.prepare << "SELECT uuid FROM ManagementNodeVO WHERE heartBeat < :cutoff AND uuid <> :me",
                              soci::use(cutoff, "cutoff"), soci::use(uuid_, "me"), soci::into(uuid));
    return reap(sql, fetchUuids(select, uuid));
  });
}

void NodeMonitor::loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!wake_.wait_for(lock, options_.heartbeatInterval, [this] { return stopping_; })) {
    lock.unlock();
    if (Status status = beat(); !status.ok()) log::warn("management node heartbeat failed: " + status.error().details);
    lock.lock();
  }
}

void NodeMonitor::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  wake_.notify_all();
  if (!thread_.joinable()) return;
  thread_.join();
  Status status = database_.write([&](soci::session& sql) {
    sql << "DELETE FROM ManagementNodeVO WHERE uuid = :uuid", soci::use(uuid_, "uuid");
    return Status::OK();
  });
  if (!status.ok()) log::warn("cannot remove this management node's row: " + status.error().details);
}

}  // namespace zstack::nodes
