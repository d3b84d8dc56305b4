// A fixed pool of threads taking work from a queue bounded in length: where the host runs work
// that must not hold up the HTTP threads (queries), without letting it pile up unboundedly.
//
// post() may be called from any thread at once, stop() from any thread but the pool's own.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace zstack {

struct WorkQueueOptions {
  int threads = 2;
  std::size_t maxQueued = 64;  // work waiting for a thread; beyond it post() refuses
  // Added to the threads' nice value (Linux schedules threads one by one): positive values let
  // the HTTP threads and the job workers run first when the cores are busy.
  int niceness = 0;
};

class WorkQueue {
 public:
  explicit WorkQueue(WorkQueueOptions options);
  ~WorkQueue();  // stop()
  WorkQueue(const WorkQueue&) = delete;
  WorkQueue& operator=(const WorkQueue&) = delete;

  // Queues `work`; false when the queue is full or stopping, and then `work` never runs.
  bool post(std::function<void()> work);
  // Takes no more work, runs what is queued, and joins the threads. Idempotent.
  void stop();

 private:
  void loop();

  WorkQueueOptions options_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace zstack
