// Flow chains roll back the failing flow first, then the earlier flows in reverse order.
#include "jobs/flow_chain.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include <soci/soci.h>

#include "zstack/sdk/testing.h"

namespace zstack::jobs {
namespace {

// The chain runner uses only the context's API name; the flows here touch nothing else.
struct ChainContext {
  soci::session unopened;
  sdk::testing::FakeResources resources;
  sdk::testing::FakeContext ctx{unopened, resources, ApiDescriptor{}, nlohmann::json::object()};
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
  ChainContext chain;
  ApiContext& ctx = chain.ctx;
  std::vector<std::shared_ptr<Flow>> flows{std::make_shared<RecordingFlow>("a", Behaviour::Succeed, log),
                                           std::make_shared<RecordingFlow>("b", Behaviour::Succeed, log)};
  EXPECT_TRUE(runChain(flows, ctx).ok());
  EXPECT_EQ(log, (std::vector<std::string>{"a run", "b run"}));
}

TEST(FlowChain, FailingFlowRollsBackItselfThenEarlierOnesInReverse) {
  std::vector<std::string> log;
  ChainContext chain;
  ApiContext& ctx = chain.ctx;
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
  ChainContext chain;
  ApiContext& ctx = chain.ctx;
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
  ChainContext chain;
  ApiContext& ctx = chain.ctx;
  std::vector<std::shared_ptr<Flow>> flows{std::make_shared<RecordingFlow>("a", Behaviour::Fail, log),
                                           std::make_shared<RecordingFlow>("b", Behaviour::Succeed, log)};
  EXPECT_FALSE(runChain(flows, ctx).ok());
  EXPECT_EQ(log, (std::vector<std::string>{"a run", "a rollback"}));
}

// A failure under a flow that the flow ignored (a cascade's, which the job runner reports
// through `failed`) makes that flow the failing one.
TEST(FlowChain, AFailureReportedAfterASucceedingFlowFailsTheChainThere) {
  std::vector<std::string> log;
  ChainContext chain;
  ApiContext& ctx = chain.ctx;
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
