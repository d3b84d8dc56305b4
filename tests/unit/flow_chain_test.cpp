// Flow chains roll back the failing flow first, then the earlier flows in reverse order.
#include "jobs/flow_chain.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace zstack::jobs {
namespace {

// Only apiName() is used by the chain runner.
class NameOnlyContext : public ApiContext {
 public:
  const std::string& apiName() const override { return name_; }
  const Version& apiVersion() const override { return version_; }
  const nlohmann::json& params() const override { return data_; }
  const std::vector<std::string>& systemTags() const override { return tags_; }
  const std::vector<std::string>& userTags() const override { return tags_; }
  const Caller& caller() const override { return caller_; }
  soci::session& sql() override { throw std::logic_error("no database in this test"); }
  SqlDialect dialect() const override { return SqlDialect::SQLite; }
  ResourceService& resources() override { throw std::logic_error("no resources in this test"); }
  nlohmann::json& data() override { return data_; }
  void setResult(nlohmann::json) override {}
  std::string newUuid() override { return std::string(32, '0'); }
  std::chrono::system_clock::time_point now() override { return {}; }

 private:
  std::string name_ = "Test";
  Version version_{"5.5.22"};
  nlohmann::json data_ = nlohmann::json::object();
  std::vector<std::string> tags_;
  Caller caller_;
};

enum class Behaviour { Succeed, Fail, Throw };

class RecordingFlow : public Flow {
 public:
  RecordingFlow(std::string name, Behaviour behaviour, std::vector<std::string>& log, bool throwOnRollback = false)
      : name_(std::move(name)), behaviour_(behaviour), log_(log), throwOnRollback_(throwOnRollback) {}
  std::string name() const override { return name_; }
  Status run(ApiContext&) override {
    log_.push_back(name_ + " run");
    if (behaviour_ == Behaviour::Throw) throw std::runtime_error("boom");
    return behaviour_ == Behaviour::Fail ? operationError(name_ + " failed") : Status::OK();
  }
  void rollback(ApiContext&) override {
    log_.push_back(name_ + " rollback");
    if (throwOnRollback_) throw std::runtime_error("rollback boom");
  }

 private:
  std::string name_;
  Behaviour behaviour_;
  std::vector<std::string>& log_;
  bool throwOnRollback_;
};

TEST(FlowChain, AllSucceedWithoutRollback) {
  std::vector<std::string> log;
  NameOnlyContext ctx;
  std::vector<std::shared_ptr<Flow>> flows{std::make_shared<RecordingFlow>("a", Behaviour::Succeed, log),
                                           std::make_shared<RecordingFlow>("b", Behaviour::Succeed, log)};
  EXPECT_TRUE(runChain(flows, ctx).ok());
  EXPECT_EQ(log, (std::vector<std::string>{"a run", "b run"}));
}

TEST(FlowChain, FailingFlowRollsBackItselfThenEarlierOnesInReverse) {
  std::vector<std::string> log;
  NameOnlyContext ctx;
  std::vector<std::shared_ptr<Flow>> flows{std::make_shared<RecordingFlow>("a", Behaviour::Succeed, log),
                                           std::make_shared<RecordingFlow>("b", Behaviour::Succeed, log),
                                           std::make_shared<RecordingFlow>("c", Behaviour::Fail, log),
                                           std::make_shared<RecordingFlow>("d", Behaviour::Succeed, log)};
  Status status = runChain(flows, ctx);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().details, "c failed") << "the job fails with the original error";
  EXPECT_EQ(log, (std::vector<std::string>{"a run", "b run", "c run", "c rollback", "b rollback", "a rollback"}));
}

TEST(FlowChain, ThrowingFlowIsAnInternalErrorAndRollsBack) {
  std::vector<std::string> log;
  NameOnlyContext ctx;
  std::vector<std::shared_ptr<Flow>> flows{std::make_shared<RecordingFlow>("a", Behaviour::Succeed, log, true),
                                           std::make_shared<RecordingFlow>("b", Behaviour::Throw, log)};
  Status status = runChain(flows, ctx);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, "SYS.1000");
  // What was thrown goes to the log, not to the client.
  EXPECT_EQ(status.error().details.find("boom"), std::string::npos) << status.error().details;
  EXPECT_NE(status.error().details.find("the management node's log has the cause"), std::string::npos);
  // A rollback that throws does not stop the others (here: there are none after it).
  EXPECT_EQ(log, (std::vector<std::string>{"a run", "b run", "b rollback", "a rollback"}));
}

TEST(FlowChain, FirstFlowFailing) {
  std::vector<std::string> log;
  NameOnlyContext ctx;
  std::vector<std::shared_ptr<Flow>> flows{std::make_shared<RecordingFlow>("a", Behaviour::Fail, log),
                                           std::make_shared<RecordingFlow>("b", Behaviour::Succeed, log)};
  EXPECT_FALSE(runChain(flows, ctx).ok());
  EXPECT_EQ(log, (std::vector<std::string>{"a run", "a rollback"}));
}

// A failure under a flow that the flow ignored (a cascade's, which the job runner reports
// through `failed`) makes that flow the failing one.
TEST(FlowChain, AFailureReportedAfterASucceedingFlowFailsTheChainThere) {
  std::vector<std::string> log;
  NameOnlyContext ctx;
  std::vector<std::shared_ptr<Flow>> flows{std::make_shared<RecordingFlow>("a", Behaviour::Succeed, log),
                                           std::make_shared<RecordingFlow>("b", Behaviour::Succeed, log),
                                           std::make_shared<RecordingFlow>("c", Behaviour::Succeed, log)};
  Status status = runChain(flows, ctx, [&log] {
    return log.back() == "b run" ? operationError("a cascade under b failed") : Status::OK();
  });
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().details, "a cascade under b failed");
  EXPECT_EQ(log, (std::vector<std::string>{"a run", "b run", "b rollback", "a rollback"}));
}

}  // namespace
}  // namespace zstack::jobs
