#include "jobs/job_manager.h"

#include <stdexcept>

#include <soci/soci.h>

#include "common/digest.h"
#include "common/error_json.h"
#include "common/log.h"
#include "common/schema_map.h"
#include "jobs/flow_chain.h"
#include "params/params.h"
#include "resources/resource_service.h"
#include "tags/tags.h"
#include "zstack/date.h"

namespace zstack::jobs {
namespace {

using nlohmann::json;

// A finished job stays in memory this long for fast polls and retries; the database keeps it
// after.
constexpr std::chrono::seconds kKeepInMemory{10};
constexpr std::chrono::seconds kSweepInterval{60};
// Jobs recorded, and jobs run, in one group commit at most.
constexpr std::size_t kAcceptBatch = 256;
constexpr std::size_t kRunBatch = 64;

const char* stateName(JobState state) {
  switch (state) {
    case JobState::Processing: return "Processing";
    case JobState::Succeeded: return "Succeeded";
    case JobState::Failed: return "Failed";
  }
  return "Processing";
}

JobState stateFromName(const std::string& name) {
  if (name == "Succeeded") return JobState::Succeeded;
  if (name == "Failed") return JobState::Failed;
  return JobState::Processing;
}

// Identifies a request for X-Job-UUID retries: the same account, API, parameters and tags.
std::string requestHashOf(const ApiCall& call) {
  constexpr auto kReplace = json::error_handler_t::replace;
  return sha256Hex(call.caller.accountUuid + "\n" + call.api->descriptor.name + "\n" + call.params.dump(-1, ' ', false, kReplace) +
                   "\n" + json(call.systemTags).dump(-1, ' ', false, kReplace) + "\n" +
                   json(call.userTags).dump(-1, ' ', false, kReplace));
}

Status jobNotFound(const std::string& jobUuid) {
  return resourceNotFound("job " + jobUuid + " does not exist or has expired");
}

Status jobTaken(const std::string& jobUuid) {
  return operationError("job " + jobUuid + " already exists for another request");
}

template <typename T>
std::vector<T> takeBatch(std::deque<T>& queue, std::size_t most) {
  std::vector<T> batch;
  while (!queue.empty() && batch.size() < most) {
    batch.push_back(std::move(queue.front()));
    queue.pop_front();
  }
  return batch;
}

class TransactionContext : public ApiContext {
 public:
  TransactionContext(const ApiCall& call, const Version& apiVersion, soci::session& sql, SqlDialect dialect, Env& env,
                     const tags::RequestTags& tags, const Registry& registry)
      : call_(call), apiVersion_(apiVersion), sql_(sql), dialect_(dialect), env_(env),
        resources_(sql, call.caller, env, tags, registry, *this) {}

  const std::string& apiName() const override { return call_.api->descriptor.name; }
  const ApiDescriptor& api() const override { return call_.api->descriptor; }
  const Version& apiVersion() const override { return apiVersion_; }
  const json& params() const override { return call_.params; }
  const std::vector<std::string>& systemTags() const override { return call_.systemTags; }
  const std::vector<std::string>& userTags() const override { return call_.userTags; }
  const Caller& caller() const override { return call_.caller; }
  soci::session& sql() override { return sql_; }
  SqlDialect dialect() const override { return dialect_; }
  ResourceService& resources() override { return resources_; }
  json& data() override { return data_; }
  void setResult(json result) override { result_ = std::move(result); }
  std::string newUuid() override { return env_.newUuid(); }
  std::chrono::system_clock::time_point now() override { return env_.now(); }

  // A cascade's failure fails the call, whatever the flow that removed the resource answered.
  const Status& cascadeFailure() const { return resources_.cascadeFailure(); }
  json takeResult() { return result_.is_null() ? json::object() : std::move(result_); }

 private:
  const ApiCall& call_;
  const Version& apiVersion_;
  soci::session& sql_;
  SqlDialect dialect_;
  Env& env_;
  TransactionResources resources_;
  json data_ = json::object();
  json result_;
};

// What a sealed result in AsyncRestVO starts with (a JSON result never does).
constexpr std::string_view kSealedResult = "sealed:";

// A failed job's outcome: its error, and neither a result nor a schema map.
JobResult failedResult(ErrorCode error) {
  JobResult result;
  result.state = JobState::Failed;
  result.error = std::move(error);
  return result;
}

}  // namespace

Status validateCall(const Registry& registry, const Version& apiVersion, const ApiCall& call, tags::RequestTags* tags) {
  const ApiDescriptor& api = call.api->descriptor;
  if (Status status = params::validate(api, apiVersion, call.params); !status.ok()) return status;
  if (Status status = params::checkTagsTaken(api, call.systemTags, call.userTags); !status.ok()) return status;
  if (Status status = tags::validateRequestTags(registry, api.resourceType, call.systemTags, call.userTags, tags);
      !status.ok()) {
    return status;
  }
  if (registry.chain(api.name).empty()) return internalError("API " + api.name + " has no flows");
  return Status::OK();
}

struct JobManager::Job {
  ApiCall call;
  std::string uuid;
  std::string requestHash;
  Accepted accepted;
  JobResult result;
  bool done = false;
  std::vector<Finished> waiters;
};

JobManager::JobManager(db::Database& database, const Registry& registry, Env& env, JobOptions options)
    : database_(database), registry_(registry), env_(env), options_(std::move(options)) {
  nextSweep_ = env_.now();
  const int workers = std::max(1, options_.workers);
  for (int i = 0; i < workers; ++i) workers_.emplace_back([this] { workerLoop(); });
}

JobManager::~JobManager() { stop(); }

void JobManager::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread& worker : workers_) {
    if (worker.joinable()) worker.join();
  }
}

void JobManager::submit(ApiCall call, Accepted accepted) {
  auto job = std::make_shared<Job>();
  // A signed call's job may be polled by its uuid alone (findSignedJob): then the uuid must be
  // as hard to guess as a session's.
  job->uuid = !call.jobUuid.empty()           ? call.jobUuid
              : call.accessKeyUuid.empty() ? env_.newUuid()
                                           : env_.newSecretUuid();
  job->requestHash = requestHashOf(call);
  job->call = std::move(call);
  std::unique_lock<std::mutex> lock(mutex_);
  if (stopping_) {
    lock.unlock();
    accepted(operationError("the management node is shutting down"), Rejection::Unavailable, job->uuid);
    return;
  }
  if (auto it = live_.find(job->uuid); it != live_.end()) {
    // The hash covers the account: another account's retry is a conflict, body alike or not.
    const bool sameRequest = it->second->requestHash == job->requestHash &&
                             it->second->call.caller.accountUuid == job->call.caller.accountUuid;
    lock.unlock();
    if (sameRequest) {
      accepted(Status::OK(), Rejection::None, job->uuid);
    } else {
      accepted(jobTaken(job->uuid), Rejection::Conflict, job->uuid);
    }
    return;
  }
  if (pending_.size() + runnable_.size() >= options_.maxQueued) {
    lock.unlock();
    accepted(internalError("too many API jobs are queued; retry later"), Rejection::Unavailable, job->uuid);
    return;
  }
  job->accepted = std::move(accepted);
  live_[job->uuid] = job;
  pending_.push_back(std::move(job));
  lock.unlock();
  wake_.notify_one();
}

void JobManager::workerLoop() {
  while (true) {
    std::unique_lock<std::mutex> lock(mutex_);
    // A burst of large results is swept as soon as the worker is idle, not a minute later.
    const auto sweepDue = [this] {
      return env_.now() >= nextSweep_ ||
             (options_.maxStoredResultBytes > 0 && bytesStoredSinceSweep_ > options_.maxStoredResultBytes / 8);
    };
    wake_.wait_for(lock, kSweepInterval,
                   [&] { return stopping_ || !pending_.empty() || !runnable_.empty() || sweepDue(); });
    if (!pending_.empty()) {
      std::vector<std::shared_ptr<Job>> batch = takeBatch(pending_, kAcceptBatch);
      lock.unlock();
      acceptBatch(batch);
      continue;
    }
    if (!runnable_.empty()) {
      std::vector<std::shared_ptr<Job>> batch = takeBatch(runnable_, kRunBatch);
      lock.unlock();
      runBatch(batch);
      continue;
    }
    if (stopping_) return;
    const bool sweep = sweepDue();
    if (sweep) {
      nextSweep_ = env_.now() + kSweepInterval;
      bytesStoredSinceSweep_ = 0;
    }
    lock.unlock();
    if (sweep) sweepStoredResults();
  }
}

void JobManager::acceptBatch(std::vector<std::shared_ptr<Job>>& batch) {
  // A job uuid may be known to the database already (a retry after a restart, or one sent
  // to another host): such a job is not run again.
  enum class Outcome { Accepted, Retry, Conflict, Error };
  std::vector<Outcome> outcomes(batch.size(), Outcome::Accepted);
  auto record = [&](soci::session& sql, std::size_t i) {
    Job& job = *batch[i];
    std::string storedAccount;
    std::string storedHash;
    sql << "SELECT accountUuid, requestHash FROM AsyncRestVO WHERE uuid = :uuid", soci::use(job.uuid, "uuid"),
        soci::into(storedAccount), soci::into(storedHash);
    if (sql.got_data()) {
      const bool sameRequest = storedHash == job.requestHash && storedAccount == job.call.caller.accountUuid;
      outcomes[i] = sameRequest ? Outcome::Retry : Outcome::Conflict;
      return;
    }
    const std::tm now = toDbTime(env_.now());
    const std::string state = stateName(JobState::Processing);
    soci::indicator keySet = job.call.accessKeyUuid.empty() ? soci::i_null : soci::i_ok;
    sql << "INSERT INTO AsyncRestVO (uuid, apiName, accountUuid, requestHash, requestData, state, result, createDate,"
           " lastOpDate, managementNodeUuid, accessKeyUuid) VALUES (:uuid, :api, :account, :hash, NULL, :state, NULL,"
           " :created, :updated, :node, :accessKey)",
        soci::use(job.uuid, "uuid"), soci::use(job.call.api->descriptor.name, "api"),
        soci::use(job.call.caller.accountUuid, "account"), soci::use(job.requestHash, "hash"),
        soci::use(state, "state"), soci::use(now, "created"), soci::use(now, "updated"),
        soci::use(options_.nodeUuid, "node"), soci::use(job.call.accessKeyUuid, keySet, "accessKey");
  };
  Status status = database_.write([&](soci::session& sql) {
    for (std::size_t i = 0; i < batch.size(); ++i) record(sql, i);
    return Status::OK();
  });
  if (!status.ok()) {
    // One job spoiled the group commit, typically a uuid that another host inserted between
    // the SELECT and the INSERT (the same X-Job-UUID sent to two hosts at once): record each
    // on its own, twice at most, so that the others go through and the second try sees the
    // other host's row and answers Retry or Conflict.
    for (std::size_t i = 0; i < batch.size(); ++i) {
      Status single;
      for (int attempt = 0; attempt < 2; ++attempt) {
        outcomes[i] = Outcome::Accepted;
        single = database_.write([&](soci::session& sql) {
          record(sql, i);
          return Status::OK();
        });
        if (single.ok()) break;
      }
      if (!single.ok()) outcomes[i] = Outcome::Error;
    }
    status = Status::OK();
  }
  std::vector<std::shared_ptr<Job>> accepted;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    std::shared_ptr<Job>& job = batch[i];
    Accepted reply = std::move(job->accepted);
    if (status.ok() && outcomes[i] == Outcome::Accepted) {
      accepted.push_back(job);
      reply(Status::OK(), Rejection::None, job->uuid);
      continue;
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      live_.erase(job->uuid);
    }
    switch (outcomes[i]) {
      case Outcome::Retry: reply(Status::OK(), Rejection::None, job->uuid); break;
      case Outcome::Conflict: reply(jobTaken(job->uuid), Rejection::Conflict, job->uuid); break;
      default:
        // The database said why in the log; the client hears it cannot be served now.
        reply(internalError("the job could not be recorded; nothing was done, retry later"), Rejection::Unavailable,
              job->uuid);
    }
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto& job : accepted) runnable_.push_back(std::move(job));
  }
  wake_.notify_all();
}

void JobManager::runBatch(std::vector<std::shared_ptr<Job>>& batch) {
  struct Item {
    std::shared_ptr<Job> job;
    tags::RequestTags tags;
    Status status;
    JobResult result;
  };
  std::vector<Item> items(batch.size());
  for (std::size_t i = 0; i < batch.size(); ++i) {
    items[i].job = batch[i];
    items[i].status = validateCall(registry_, options_.apiVersion, batch[i]->call, &items[i].tags);
  }
  // Records the job's outcome; false when the job is no longer Processing: another node took
  // this one for dead and failed the job meanwhile, and its outcome stands.
  auto record = [this](soci::session& sql, Item& item) {
    if (item.status.ok()) {
      item.result.state = JobState::Succeeded;
    } else {
      item.result = failedResult(item.status.error());
    }
    std::string text = item.status.ok() ? item.result.result
                                        : errorToJson(item.result.error).dump(-1, ' ', false, json::error_handler_t::replace);
    if (item.status.ok() && options_.sealedResults.count(item.job->call.api->descriptor.name) > 0) {
      if (!options_.resultKey) throw std::logic_error("JobOptions::sealedResults without a resultKey");
      text = std::string(kSealedResult) + options_.resultKey->seal(text, item.job->uuid);
    }
    const std::string state = stateName(item.result.state);
    const std::tm now = toDbTime(env_.now());
    const std::string processing = stateName(JobState::Processing);
    const std::string& schema = item.result.schema;
    const auto size = static_cast<long long>(text.size() + schema.size());
    soci::statement update =
        (sql.prepare << "UPDATE AsyncRestVO SET state = :state, result = :result, resultSchema = :schema,"
                        " resultSize = :size, lastOpDate = :updated WHERE uuid = :uuid AND state = :processing",
         soci::use(state, "state"), soci::use(text, "result"), soci::use(schema, "schema"), soci::use(size, "size"),
         soci::use(now, "updated"), soci::use(item.job->uuid, "uuid"), soci::use(processing, "processing"));
    update.execute(true);
    return update.get_affected_rows() > 0;
  };
  // One transaction for the batch (a group commit); a savepoint per job keeps each job's
  // writes all-or-nothing: a failing job is rolled back to its savepoint and its failure
  // recorded, the others commit.
  Status committed = database_.write([&](soci::session& sql) {
    for (Item& item : items) {
      if (item.status.ok()) {
        const ApiCall& call = item.job->call;
        sql << "SAVEPOINT zstack_job";
        TransactionContext ctx(call, options_.apiVersion, sql, database_.dialect(), env_, item.tags, registry_);
        item.status = runChain(registry_.chain(call.api->descriptor.name), ctx, [&ctx] { return ctx.cascadeFailure(); });
        if (item.status.ok()) {
          const json result = ctx.takeResult();
          item.result.result = result.dump(-1, ' ', false, json::error_handler_t::replace);
          item.result.schema = schemaMap(result, call.api->descriptor.answer);
          if (item.result.result.size() > options_.maxResultBytes) {
            item.status = invalidArgument("the result of " + call.api->descriptor.name + " would be " +
                                          std::to_string(item.result.result.size()) + " bytes, more than " +
                                          std::to_string(options_.maxResultBytes) +
                                          " (host.limits.maxAnswerBytes); nothing was changed");
            item.result.result.clear();
            item.result.schema.clear();
          }
        }
        if (!item.status.ok()) sql << "ROLLBACK TO SAVEPOINT zstack_job";
        if (!record(sql, item)) {
          // Its changes must not outlive the failure another node recorded.
          sql << "ROLLBACK TO SAVEPOINT zstack_job";
          item.result = failedResult(internalError("another management node took this one for dead and failed the "
                                                   "job; its changes were rolled back")
                                         .error());
        }
        sql << "RELEASE SAVEPOINT zstack_job";
      } else {
        record(sql, item);
      }
    }
    return Status::OK();
  });
  if (!committed.ok()) {
    // Nothing of the batch was committed (the database logged why): every job fails with
    // that error, recorded if the database takes it, told to pollers from memory if not.
    log::throttled(LogLevel::Error, "jobs-commit",
                   "a batch of " + std::to_string(items.size()) + " jobs failed to commit; they failed and changed nothing");
    Status recorded = database_.write([&](soci::session& sql) {
      for (Item& item : items) {
        item.status = committed;
        record(sql, item);
      }
      return Status::OK();
    });
    if (!recorded.ok()) {
      log::throttled(LogLevel::Error, "jobs-record",
                     "cannot record the failure of " + std::to_string(items.size()) +
                         " jobs in AsyncRestVO; their pollers on this node are told from memory");
    }
    for (Item& item : items) item.result = failedResult(committed.error());
  } else {
    std::size_t stored = 0;
    for (const Item& item : items) stored += item.result.result.size() + item.result.schema.size();
    std::lock_guard<std::mutex> lock(mutex_);
    bytesStoredSinceSweep_ += stored;
  }
  for (Item& item : items) finish(item.job, std::move(item.result));
}

void JobManager::finish(const std::shared_ptr<Job>& job, JobResult result) {
  std::vector<Finished> waiters;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    job->result = std::move(result);
    job->done = true;
    // What stays in memory is what polls and retries need: the result, the owner, the hash.
    job->call.params = nlohmann::json();
    job->call.systemTags = {};
    job->call.userTags = {};
    waiters.swap(job->waiters);
    const std::size_t bytes = job->result.result.size() + job->result.schema.size();
    forgetQueue_.push_back(Forget{env_.now() + kKeepInMemory, job->uuid, bytes});
    bytesInMemory_ += bytes;
    // Forget what has aged or outgrown the budget (AsyncRestVO still answers for it), so
    // memory stays bounded under sustained load and under large results alike.
    const TimePoint now = env_.now();
    while (!forgetQueue_.empty() &&
           (forgetQueue_.front().at <= now || bytesInMemory_ > options_.maxResultBytesInMemory)) {
      live_.erase(forgetQueue_.front().uuid);
      bytesInMemory_ -= forgetQueue_.front().bytes;
      forgetQueue_.pop_front();
    }
  }
  for (Finished& waiter : waiters) waiter(job->result);
}

long long JobManager::failJobsOfNode(soci::session& sql, const std::string& nodeUuid, Env& env) {
  const std::string failed = stateName(JobState::Failed);
  const std::string processing = stateName(JobState::Processing);
  const std::string error =
      errorToJson(internalError("the management node running the job stopped before the job finished; its changes "
                                "were not committed")
                      .error())
          .dump();
  const std::tm now = toDbTime(env.now());
  const std::string ofNode = nodeUuid.empty() ? "managementNodeUuid IS NULL" : "managementNodeUuid = :node";
  soci::statement update(sql);
  update.exchange(soci::use(failed, "failed"));
  update.exchange(soci::use(error, "result"));
  update.exchange(soci::use(now, "updated"));
  update.exchange(soci::use(processing, "processing"));
  if (!nodeUuid.empty()) update.exchange(soci::use(nodeUuid, "node"));
  update.alloc();
  update.prepare("UPDATE AsyncRestVO SET state = :failed, result = :result, lastOpDate = :updated"
                 " WHERE state = :processing AND " + ofNode);
  update.define_and_bind();
  update.execute(true);
  return update.get_affected_rows();
}

void JobManager::sweepStoredResults() {
  const std::tm cutoff = toDbTime(env_.now() - options_.retention);
  Status status = database_.write([&](soci::session& sql) {
    sql << "DELETE FROM AsyncRestVO WHERE lastOpDate < :cutoff AND state <> 'Processing'", soci::use(cutoff, "cutoff");
    return Status::OK();
  });
  if (!status.ok()) log::throttled(LogLevel::Warn, "jobs-sweep", "cannot delete expired job results; will try again");
  if (options_.maxStoredResultBytes > 0) deleteOldestResults();
}

void JobManager::deleteOldestResults() {
  const auto budget = static_cast<long long>(options_.maxStoredResultBytes);
  long long stored = 0;
  long long deleted = 0;
  std::tm newestDeleted{};
  Status status = database_.write([&](soci::session& sql) {
    sql << "SELECT COALESCE(SUM(resultSize), 0) FROM AsyncRestVO", soci::into(stored);
    if (stored <= budget) return Status::OK();
    // Down to three quarters of the budget, so that the next results do not sweep again at once.
    const long long toFree = stored - budget * 3 / 4;
    long long freed = 0;
    std::tm lastOpDate{};
    std::string uuid;
    std::string lastUuid;
    long long size = 0;
    // Dates have whole seconds: the uuid orders the results of one second.
    soci::statement oldest = (sql.prepare << "SELECT lastOpDate, uuid, COALESCE(resultSize, 0) FROM AsyncRestVO"
                                             " WHERE state <> 'Processing' ORDER BY lastOpDate, uuid",
                              soci::into(lastOpDate), soci::into(uuid), soci::into(size));
    oldest.execute();
    while (freed < toFree && oldest.fetch()) {
      freed += size;
      newestDeleted = lastOpDate;
      lastUuid = uuid;
    }
    if (freed == 0) return Status::OK();
    soci::statement remove = (sql.prepare << "DELETE FROM AsyncRestVO WHERE state <> 'Processing' AND"
                                             " (lastOpDate < :newest OR (lastOpDate = :sameSecond AND uuid <= :uuid))",
                              soci::use(newestDeleted, "newest"), soci::use(newestDeleted, "sameSecond"),
                              soci::use(lastUuid, "uuid"));
    remove.execute(true);
    deleted = remove.get_affected_rows();
    return Status::OK();
  });
  if (!status.ok()) {
    log::throttled(LogLevel::Warn, "jobs-sweep", "cannot delete the oldest job results; will try again");
  } else if (deleted > 0) {
    log::warn("AsyncRestVO held " + std::to_string(stored) + " bytes of job results, more than host.jobs.maxStoredBytes (" +
              std::to_string(budget) + "): deleted the " + std::to_string(deleted) +
              " oldest finished jobs' results, up to those finished at " + formatZStackDate(fromDbTime(newestDeleted)) +
              "; polls of them now answer 404");
  }
}

Status JobManager::lookupStored(const std::string& jobUuid, Submitter* submitter, JobResult* out) {
  return database_.read([&](soci::session& sql) {
    std::string state;
    std::string result;
    std::string schema;
    soci::indicator resultSet = soci::i_null;
    soci::indicator schemaSet = soci::i_null;
    soci::indicator signedSet = soci::i_null;
    std::tm updated{};
    sql << "SELECT accountUuid, accessKeyUuid, state, result, resultSchema, lastOpDate FROM AsyncRestVO"
           " WHERE uuid = :uuid",
        soci::use(jobUuid, "uuid"), soci::into(submitter->accountUuid), soci::into(submitter->accessKeyUuid, signedSet),
        soci::into(state), soci::into(result, resultSet), soci::into(schema, schemaSet), soci::into(updated);
    if (signedSet != soci::i_ok) submitter->accessKeyUuid.clear();
    out->state = stateFromName(state);
    if (!sql.got_data() || (out->state != JobState::Processing && fromDbTime(updated) + options_.retention < env_.now())) {
      return jobNotFound(jobUuid);
    }
    if (resultSet == soci::i_ok && !result.empty()) {
      if (out->state == JobState::Failed) {
        out->error = errorFromJson(json::parse(result, nullptr, false));
      } else if (result.compare(0, kSealedResult.size(), kSealedResult) == 0) {
        const std::string_view sealed = std::string_view(result).substr(kSealedResult.size());
        if (!options_.resultKey || !options_.resultKey->open(sealed, jobUuid, &out->result).ok()) {
          log::throttled(LogLevel::Error, "sealed-result",
                         "cannot open the stored result of job " + jobUuid + " with this node's host key");
          return internalError("the result of job " + jobUuid + " cannot be read on this node");
        }
        if (schemaSet == soci::i_ok) out->schema = std::move(schema);
      } else {
        out->result = std::move(result);
        if (schemaSet == soci::i_ok) out->schema = std::move(schema);
      }
    }
    return Status::OK();
  });
}

Status JobManager::findIf(const std::string& jobUuid, const std::function<bool(const Submitter&)>& allowed,
                          JobResult* out) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (auto it = live_.find(jobUuid); it != live_.end()) {
      const ApiCall& call = it->second->call;
      if (!allowed(Submitter{call.caller.accountUuid, call.accessKeyUuid})) return jobNotFound(jobUuid);
      *out = it->second->done ? it->second->result : JobResult{};
      return Status::OK();
    }
  }
  Submitter submitter;
  JobResult stored;
  if (Status status = lookupStored(jobUuid, &submitter, &stored); !status.ok()) return status;
  if (!allowed(submitter)) return jobNotFound(jobUuid);
  *out = std::move(stored);
  return Status::OK();
}

Status JobManager::find(const std::string& jobUuid, const Caller& caller, JobResult* out) {
  return findIf(
      jobUuid, [&](const Submitter& submitter) { return caller.admin || caller.accountUuid == submitter.accountUuid; },
      out);
}

Status JobManager::findSignedJob(const std::string& jobUuid, JobResult* out) {
  return findIf(jobUuid, [](const Submitter& submitter) { return !submitter.accessKeyUuid.empty(); }, out);
}

void JobManager::whenFinished(const std::string& jobUuid, Finished finished) {
  JobResult now;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = live_.find(jobUuid);
    if (it != live_.end() && !it->second->done) {
      it->second->waiters.push_back(std::move(finished));
      return;
    }
    if (it != live_.end()) now = it->second->result;
  }
  if (now.state == JobState::Processing) {
    // Not run by this host (or already forgotten): report what the database knows.
    Submitter submitter;
    Status status = lookupStored(jobUuid, &submitter, &now);
    if (!status.ok()) {
      now.state = JobState::Failed;
      now.error = status.error();
    }
  }
  finished(now);
}

}  // namespace zstack::jobs
