// Management nodes sharing one database: this node's row in ManagementNodeVO, kept fresh by a
// heartbeat, and the detection of nodes that died.
//
// A node whose heartbeat is older than `timeout` (it was killed, lost its database, or froze)
// is dead: every live node looks for such nodes each heartbeat, and one of them runs
// `onDead` for it and deletes its row, in one transaction. At join, the previous run of this
// node (same host name and port: two live nodes cannot share them) is dead at once. Heartbeats
// use each node's own clock: the nodes' clocks must agree to well within `timeout` (NTP).
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/env.h"
#include "db/database.h"
#include "zstack/error.h"

namespace zstack::nodes {

struct NodeOptions {
  std::string hostName;  // this machine's name
  int port = 0;          // the port this node serves
  std::string version;   // the API version it serves, for operators
  std::chrono::milliseconds heartbeatInterval{2000};
  std::chrono::milliseconds timeout{10000};
};

// Runs inside the transaction that removes the dead node `nodeUuid` (empty: work recorded
// before nodes were tracked, which no live node owns).
using DeadNodeHandler = std::function<Status(soci::session& sql, const std::string& nodeUuid)>;

class NodeMonitor {
 public:
  NodeMonitor(db::Database& database, Env& env, NodeOptions options, DeadNodeHandler onDead);
  ~NodeMonitor();  // stop()
  NodeMonitor(const NodeMonitor&) = delete;
  NodeMonitor& operator=(const NodeMonitor&) = delete;

  // Records this node and handles its previous run and any node already dead; then starts
  // the heartbeat thread.
  Status join();
  // This node's uuid (new for every run).
  const std::string& uuid() const { return uuid_; }
  // Stops the heartbeat and removes this node's row (a clean leave: nothing of it is left
  // running).
  void stop();

  // One heartbeat and one look for dead nodes (what the thread does each interval).
  Status beat();

 private:
  Status reap(soci::session& sql, const std::vector<std::string>& dead);
  void loop();

  db::Database& database_;
  Env& env_;
  NodeOptions options_;
  DeadNodeHandler onDead_;
  std::string uuid_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace zstack::nodes
