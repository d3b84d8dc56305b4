// Cascades (zstack/cascade.h) as ResourceService::remove runs them, on SQLite with the host's
// bookkeeping tables: before the resource's own rows go, only for its type, nested removals,
// failures and exceptions, and the guards against a removal that comes back to itself or
// nests without end.
#include "resources/resource_service.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include "zstack/sdk/api_builder.h"

namespace zstack {
namespace {

class FixedEnv : public Env {
 public:
  std::chrono::system_clock::time_point now() override { return {}; }
  std::string newUuid() override { return std::string(32, '0'); }
};

// An API call's context whose resources() is the host's TransactionResources on `sql`.
class CallContext : public ApiContext {
 public:
  CallContext(soci::session& sql, const Registry& registry)
      : sql_(sql), resources_(sql, caller_, env_, tags_, registry, *this) {}
  const std::string& apiName() const override { return api_.name; }
  const ApiDescriptor& api() const override { return api_; }
  const Version& apiVersion() const override { return version_; }
  const nlohmann::json& params() const override { return params_; }
  const std::vector<std::string>& systemTags() const override { return noTags_; }
  const std::vector<std::string>& userTags() const override { return noTags_; }
  const Caller& caller() const override { return caller_; }
  soci::session& sql() override { return sql_; }
  SqlDialect dialect() const override { return SqlDialect::SQLite; }
  ResourceService& resources() override { return resources_; }
  nlohmann::json& data() override { return params_; }
  void setResult(nlohmann::json) override {}
  std::string newUuid() override { return env_.newUuid(); }
  std::chrono::system_clock::time_point now() override { return env_.now(); }
  TransactionResources& transactionResources() { return resources_; }

 private:
  Version version_{"5.5.22"};
  ApiDescriptor api_ = sdk::describeApi("DeleteThing", {"DELETE", "/things/{uuid}", ""}, "", version_, "", "", {});
  nlohmann::json params_ = nlohmann::json::object();
  std::vector<std::string> noTags_;
  Caller caller_{"36c27e8ff05c4780bf6d2fa65700f22e", "", "", true};
  FixedEnv env_;
  tags::RequestTags tags_;
  soci::session& sql_;
  TransactionResources resources_;
};

class CascadeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sql_.open(soci::sqlite3, ":memory:");
    // The columns remove() and the cascades' lookup use.
    sql_ << "CREATE TABLE ResourceVO (uuid VARCHAR(32) PRIMARY KEY, resourceName VARCHAR(255), resourceType VARCHAR(255))";
    for (const char* table : {"SystemTagVO", "UserTagVO", "SharedResourceVO", "AccountResourceRefVO"}) {
      sql_ << "CREATE TABLE " + std::string(table) + " (resourceUuid VARCHAR(32))";
    }
  }
  void addResource(const std::string& uuid, const std::string& type) {
    sql_ << "INSERT INTO ResourceVO (uuid, resourceName, resourceType) VALUES (:uuid, 'r', :type)", soci::use(uuid, "uuid"),
        soci::use(type, "type");
    sql_ << "INSERT INTO SystemTagVO (resourceUuid) VALUES (:uuid)", soci::use(uuid, "uuid");
  }
  long long count(const std::string& query) {
    long long n = 0;
    sql_ << query, soci::into(n);
    return n;
  }
  bool present(const std::string& uuid) {
    return count("SELECT COUNT(*) FROM ResourceVO WHERE uuid = '" + uuid + "'") > 0;
  }

  soci::session sql_;
  Registry registry_;
};

TEST_F(CascadeTest, RunsForItsTypeOnlyBeforeTheResourceGoes) {
  std::vector<std::string> seen;
  bool rowStillThere = false;
  ASSERT_TRUE(registry_
                  .addCascade({"CenterVO", "record",
                               [&](ApiContext& ctx, const std::string& uuid) {
                                 seen.push_back(ctx.apiName() + " " + uuid);
                                 int rows = 0;
                                 ctx.sql() << "SELECT COUNT(*) FROM SystemTagVO WHERE resourceUuid = :uuid",
                                     soci::use(uuid, "uuid"), soci::into(rows);
                                 rowStillThere = rows == 1 && present(uuid);
                                 return Status::OK();
                               }},
                              "plugin-b")
                  .ok());
  addResource("center1", "CenterVO");
  addResource("model1", "ModelVO");
  CallContext ctx(sql_, registry_);
  ASSERT_TRUE(ctx.resources().remove("model1").ok());
  EXPECT_TRUE(seen.empty());  // not a CenterVO
  ASSERT_TRUE(ctx.resources().remove("center1").ok());
  EXPECT_EQ(seen, std::vector<std::string>{"DeleteThing center1"});
  EXPECT_TRUE(rowStillThere);
  EXPECT_FALSE(present("center1"));
  EXPECT_EQ(count("SELECT COUNT(*) FROM SystemTagVO"), 0);
  // A uuid that names nothing has no type, so no cascade.
  ASSERT_TRUE(ctx.resources().remove("nothing").ok());
  EXPECT_EQ(seen.size(), 1u);
  EXPECT_TRUE(ctx.transactionResources().cascadeFailure().ok());
}

TEST_F(CascadeTest, AFailureIsTheAnswerAndLeavesTheResource) {
  int laterRuns = 0;
  ASSERT_TRUE(registry_
                  .addCascade({"CenterVO", "refuse",
                               [](ApiContext&, const std::string& uuid) {
                                 return operationError("datasets still use " + uuid);
                               }},
                              "plugin-b")
                  .ok());
  ASSERT_TRUE(registry_
                  .addCascade({"CenterVO", "later",
                               [&](ApiContext&, const std::string&) {
                                 ++laterRuns;
                                 return Status::OK();
                               }},
                              "plugin-c")
                  .ok());
  addResource("center1", "CenterVO");
  CallContext ctx(sql_, registry_);
  const Status status = ctx.resources().remove("center1");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, "SYS.1006");
  EXPECT_EQ(status.error().details, "datasets still use center1");
  EXPECT_EQ(laterRuns, 0);
  EXPECT_TRUE(present("center1"));
  EXPECT_EQ(count("SELECT COUNT(*) FROM SystemTagVO"), 1);
  // Remembered for the call, whatever the deleting flow does with the answer.
  EXPECT_EQ(ctx.transactionResources().cascadeFailure().error().details, "datasets still use center1");
}

TEST_F(CascadeTest, AThrowingHandlerIsAnInternalError) {
  ASSERT_TRUE(registry_
                  .addCascade({"CenterVO", "throws",
                               [](ApiContext&, const std::string&) -> Status {
                                 throw std::runtime_error("no such table: DatasetVO");
                               }},
                              "plugin-b")
                  .ok());
  addResource("center1", "CenterVO");
  CallContext ctx(sql_, registry_);
  const Status status = ctx.resources().remove("center1");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, "SYS.1000");
  EXPECT_EQ(status.error().details.find("DatasetVO"), std::string::npos) << status.error().details;
  EXPECT_TRUE(present("center1"));
}

TEST_F(CascadeTest, HandlersRemovingResourcesCascadeFurther) {
  // center -> its datasets (plugin-b) -> each dataset's versions (plugin-c).
  ASSERT_TRUE(registry_
                  .addCascade({"CenterVO", "datasets",
                               [](ApiContext& ctx, const std::string&) { return ctx.resources().remove("dataset1"); }},
                              "plugin-b")
                  .ok());
  std::vector<std::string> versionsRemovedFor;
  ASSERT_TRUE(registry_
                  .addCascade({"DatasetVO", "versions",
                               [&](ApiContext& ctx, const std::string& uuid) {
                                 versionsRemovedFor.push_back(uuid);
                                 return ctx.resources().remove("version1");
                               }},
                              "plugin-c")
                  .ok());
  addResource("center1", "CenterVO");
  addResource("dataset1", "DatasetVO");
  addResource("version1", "VersionVO");
  CallContext ctx(sql_, registry_);
  ASSERT_TRUE(ctx.resources().remove("center1").ok());
  EXPECT_EQ(versionsRemovedFor, std::vector<std::string>{"dataset1"});
  EXPECT_EQ(count("SELECT COUNT(*) FROM ResourceVO"), 0);
}

TEST_F(CascadeTest, RemovingAResourceAgainFromItsOwnCascadesIsRefused) {
  // center -> dataset -> center again.
  ASSERT_TRUE(registry_
                  .addCascade({"CenterVO", "datasets",
                               [](ApiContext& ctx, const std::string&) { return ctx.resources().remove("dataset1"); }},
                              "plugin-b")
                  .ok());
  ASSERT_TRUE(registry_
                  .addCascade({"DatasetVO", "back",
                               [](ApiContext& ctx, const std::string&) { return ctx.resources().remove("center1"); }},
                              "plugin-c")
                  .ok());
  addResource("center1", "CenterVO");
  addResource("dataset1", "DatasetVO");
  CallContext ctx(sql_, registry_);
  const Status status = ctx.resources().remove("center1");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, "SYS.1000");
  EXPECT_NE(status.error().details.find("center1 -> dataset1 -> center1"), std::string::npos) << status.error().details;
  EXPECT_FALSE(ctx.transactionResources().cascadeFailure().ok());
  EXPECT_TRUE(present("center1"));
  EXPECT_TRUE(present("dataset1"));
}

TEST_F(CascadeTest, NestingIsBounded) {
  // Each NodeVO's cascade removes the next one: a chain longer than the bound.
  ASSERT_TRUE(registry_
                  .addCascade({"NodeVO", "next",
                               [](ApiContext& ctx, const std::string& uuid) {
                                 return ctx.resources().remove("n" + std::to_string(std::stoi(uuid.substr(1)) + 1));
                               }},
                              "plugin-b")
                  .ok());
  for (int i = 0; i <= kMaxCascadeDepth + 1; ++i) addResource("n" + std::to_string(i), "NodeVO");
  CallContext ctx(sql_, registry_);
  const Status status = ctx.resources().remove("n0");
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().details.find("deeper than " + std::to_string(kMaxCascadeDepth)), std::string::npos)
      << status.error().details;
  EXPECT_TRUE(present("n0"));

  // A chain within the bound goes through: remove the tail beyond it first.
  Registry shortChain;
  ASSERT_TRUE(shortChain
                  .addCascade({"NodeVO", "next",
                               [](ApiContext& ctx, const std::string& uuid) {
                                 const int next = std::stoi(uuid.substr(1)) + 1;
                                 return next < kMaxCascadeDepth ? ctx.resources().remove("n" + std::to_string(next))
                                                                : Status::OK();
                               }},
                              "plugin-b")
                  .ok());
  CallContext within(sql_, shortChain);
  ASSERT_TRUE(within.resources().remove("n0").ok());
  EXPECT_FALSE(present("n0"));
  EXPECT_FALSE(present("n" + std::to_string(kMaxCascadeDepth - 1)));
  EXPECT_TRUE(present("n" + std::to_string(kMaxCascadeDepth)));
}

}  // namespace
}  // namespace zstack
