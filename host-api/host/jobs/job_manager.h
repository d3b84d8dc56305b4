// Async API jobs: accepted durably, run on worker threads, their results kept in AsyncRestVO.
//
// submit() queues a call. A worker records queued jobs as Processing in one transaction (a
// group commit: a burst of calls costs one commit) and tells each caller its job is accepted.
// Then it runs the accepted jobs, again a batch per transaction: for each, parameter and tag
// validation, then under a savepoint the API's flow chain and the job's result row. A job's
// writes commit together or not at all (a failing job rolls back to its savepoint and records
// its error); callers hear of results only once they are committed.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <set>
#include <thread>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "auth/host_key.h"
#include "common/env.h"
#include "db/database.h"
#include "registry/registry.h"
#include "tags/tags.h"
#include "zstack/context.h"
#include "zstack/date.h"

namespace zstack::jobs {

struct ApiCall {
  const RegisteredApi* api = nullptr;
  nlohmann::json params;  // the parameter object, host keys (tags, requestIp) removed
  std::vector<std::string> systemTags;
  std::vector<std::string> userTags;
  Caller caller;
  // The access key that signed the call (AccessKeyVO uuid); empty: a session's call. Recorded
  // with the job: such a job may be polled by its uuid alone (findSignedJob).
  std::string accessKeyUuid;
  std::string jobUuid;  // the client's X-Job-UUID, or empty for a new one
};

enum class JobState { Processing, Succeeded, Failed };

struct JobResult {
  JobState state = JobState::Processing;
  std::string result;     // Succeeded: the API's result object, as JSON text
  ErrorCode error;        // Failed: why
  // Succeeded: the result's schema map (common/schema_map.h), JSON text; empty when the result
  // holds no typed object. Answered with the result when the request asks for it.
  std::string schema;
};

struct JobOptions {
  Version apiVersion;
  std::string nodeUuid;  // the management node running the jobs (recorded with each job)
  int workers = 1;
  std::chrono::seconds retention{10800};
  std::size_t maxQueued = 100000;  // beyond this, submit() answers 503 (back-pressure)
  // The largest result one job may answer with: a bigger one fails the job, and nothing it
  // did is kept (so a poll never has to hold more than this).
  std::size_t maxResultBytes = 64 * 1024 * 1024;
  // Finished results kept in memory for fast polls, in all; the oldest are left to AsyncRestVO
  // first.
  std::size_t maxResultBytesInMemory = 64 * 1024 * 1024;
  // Finished results kept in AsyncRestVO, in all, besides `retention`: past it the oldest are
  // deleted first, and logged. 0: no bound.
  std::size_t maxStoredResultBytes = 1024ULL * 1024 * 1024;
  // The APIs whose results hold secrets (CreateAccessKey's: the new secret): AsyncRestVO keeps
  // their results sealed under `resultKey`, so that no copy of a secret is stored in the clear.
  // Polls open them (on any node with the same host key).
  std::set<std::string> sealedResults;
  std::shared_ptr<const auth::HostKey> resultKey;
};

// The checks a job makes before its flow chain, outside any transaction: every rule of the
// parameter table and the since-versions (params::validate), and the tags against the formats
// registered for the API's resource type (tags::validateRequestTags), which fills `tags`.
Status validateCall(const Registry& registry, const Version& apiVersion, const ApiCall& call, tags::RequestTags* tags);

class JobManager {
 public:
  // Why a call was not accepted, for the HTTP status the client gets.
  enum class Rejection { None, Conflict, Unavailable, Error };
  using Accepted = std::function<void(const Status& status, Rejection rejection, const std::string& jobUuid)>;
  using Finished = std::function<void(const JobResult& result)>;

  JobManager(db::Database& database, const Registry& registry, Env& env, JobOptions options);
  ~JobManager();
  JobManager(const JobManager&) = delete;
  JobManager& operator=(const JobManager&) = delete;

  // Queues the call. `accepted` is called once, from a worker thread, when the job is durable,
  // or with the reason it was not (Conflict: the job uuid belongs to another request or another
  // account, which the answer does not tell apart; Unavailable: shutting down, too many queued
  // jobs, or the database failed). A retry of a known job uuid by the same account with the
  // same request is accepted as that same job, at once when this host still holds it.
  void submit(ApiCall call, Accepted accepted);

  // The job's state. SYS.1003 for an unknown or expired job, and, in the very same words, for
  // another account's (the admin's excepted): a caller learns nothing of jobs not its own.
  Status find(const std::string& jobUuid, const Caller& caller, JobResult* out);
  // The state of a job submitted with an access key, for a poll that names no credential (the
  // SDKs poll so after a signed call): the uuid is the credential, so a new uuid of such a job
  // has 128 random bits (Env::newSecretUuid). SYS.1003, in find()'s words, for any other job.
  Status findSignedJob(const std::string& jobUuid, JobResult* out);

  // Calls `finished` once the job is done: at once (on this thread) if it already is, else on
  // the worker thread that finishes it.
  void whenFinished(const std::string& jobUuid, Finished finished);

  // Marks failed (SYS.1000) the jobs that the management node `nodeUuid` left Processing
  // when it died, so that their pollers get an answer; `nodeUuid` empty: the jobs recorded
  // before nodes were tracked. Runs in the caller's transaction; returns how many there were.
  static long long failJobsOfNode(soci::session& sql, const std::string& nodeUuid, Env& env);

  // Stops taking jobs, runs what was accepted to completion, and joins the workers.
  void stop();

 private:
  struct Job;
  void workerLoop();
  void acceptBatch(std::vector<std::shared_ptr<Job>>& batch);
  void runBatch(std::vector<std::shared_ptr<Job>>& batch);
  void finish(const std::shared_ptr<Job>& job, JobResult result);
  // Deletes the results past `retention`, then, while AsyncRestVO holds more than
  // maxStoredResultBytes of results, the oldest finished ones.
  void sweepStoredResults();
  void deleteOldestResults();
  // Who submitted a job: its account, and the access key when one signed the call.
  struct Submitter {
    std::string accountUuid;
    std::string accessKeyUuid;
  };
  Status lookupStored(const std::string& jobUuid, Submitter* submitter, JobResult* out);
  // find() and findSignedJob(): the job's state when `allowed` accepts its submitter.
  Status findIf(const std::string& jobUuid, const std::function<bool(const Submitter&)>& allowed, JobResult* out);

  db::Database& database_;
  const Registry& registry_;
  Env& env_;
  JobOptions options_;

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::shared_ptr<Job>> pending_;    // submitted, not yet durable
  std::deque<std::shared_ptr<Job>> runnable_;   // durable, not yet run
  std::unordered_map<std::string, std::shared_ptr<Job>> live_;  // by uuid, until forgotten
  struct Forget {
    TimePoint at;
    std::string uuid;
    std::size_t bytes;
  };
  std::deque<Forget> forgetQueue_;  // finished jobs in live_, oldest first
  std::size_t bytesInMemory_ = 0;   // of their results
  TimePoint nextSweep_;
  std::size_t bytesStoredSinceSweep_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace zstack::jobs
