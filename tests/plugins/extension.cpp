// libzstack-test-extension.so ("test-extension"): extends the ai-model plugin's AddModel
// chain with two flows, to prove extension points and rollback order.
//
//   order 150  test-extension-150: records its run and rollback
//   order 250  test-extension-250: records its run and rollback; fails with SYS.1006
//              "test-extension refused the model" when the model name starts with
//              "fail-extension" (after PersistModelFlow at 200 wrote the model); holds the
//              job for the config key `slowMs` milliseconds (default 2000) when the name
//              starts with "slow-extension", as a node frozen mid-job would
//
// Records go to the file named by the plugin's config key `rollbackLog` (plugin.yaml), one
// line each: "<flow> run" / "<flow> rollback". A refused AddModel thus logs
//   test-extension-150 run, test-extension-250 run, test-extension-250 rollback,
//   test-extension-150 rollback
#include <chrono>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>

#include "zstack/plugin.h"

namespace {

class FlowLog {
 public:
  explicit FlowLog(std::string path) : path_(std::move(path)) {}
  void record(const std::string& flow, const char* event) {
    if (path_.empty()) return;
    std::lock_guard<std::mutex> lock(mutex_);
    std::ofstream out(path_, std::ios::app);
    out << flow << ' ' << event << '\n';
  }

 private:
  std::string path_;
  std::mutex mutex_;
};

class RecordingFlow : public zstack::Flow {
 public:
  RecordingFlow(std::string name, std::shared_ptr<FlowLog> log, bool mayRefuse, int slowMs = 0)
      : name_(std::move(name)), log_(std::move(log)), mayRefuse_(mayRefuse), slowMs_(slowMs) {}
  std::string name() const override { return name_; }

  zstack::Status run(zstack::ApiContext& ctx) override {
    log_->record(name_, "run");
    if (mayRefuse_) {
      const auto it = ctx.params().find("name");
      const std::string name = it != ctx.params().end() && it->is_string() ? it->get<std::string>() : "";
      if (name.rfind("fail-extension", 0) == 0) return zstack::operationError("test-extension refused the model");
      if (name.rfind("slow-extension", 0) == 0) std::this_thread::sleep_for(std::chrono::milliseconds(slowMs_));
    }
    return zstack::Status::OK();
  }

  void rollback(zstack::ApiContext&) override { log_->record(name_, "rollback"); }

 private:
  std::string name_;
  std::shared_ptr<FlowLog> log_;
  bool mayRefuse_;
  int slowMs_;
};

class ExtensionPlugin : public zstack::Plugin {
 public:
  zstack::Status start(zstack::HostContext& host) override {
    std::string path;
    const nlohmann::json& config = host.config();
    if (config.is_object() && config.contains("rollbackLog") && config["rollbackLog"].is_string()) {
      path = config["rollbackLog"].get<std::string>();
    }
    int slowMs = 2000;
    if (config.is_object() && config.contains("slowMs") && config["slowMs"].is_number_integer()) {
      slowMs = config["slowMs"].get<int>();
    }
    auto log = std::make_shared<FlowLog>(path);
    if (zstack::Status s = host.registerFlow(
            {"AddModel", 150, std::make_shared<RecordingFlow>("test-extension-150", log, false)});
        !s.ok()) {
      return s;
    }
    return host.registerFlow({"AddModel", 250, std::make_shared<RecordingFlow>("test-extension-250", log, true, slowMs)});
  }
};

}  // namespace

ZSTACK_PLUGIN("test-extension", "5.5.22", ExtensionPlugin)
