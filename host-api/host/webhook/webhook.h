// X-Web-Hook: the result of an async API call POSTed to a URL the client named, as ZStack
// does (headers X-Job-UUID and X-Job-Success; body: the result, or {"error":...}).
//
// Deliveries run on a thread of their own, one at a time, each bounded by a timeout, so a
// slow or dead receiver never holds up the API. Failed deliveries are logged, not retried.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

#include "webhook/url.h"

namespace zstack::webhook {

class Sender {
 public:
  Sender();
  ~Sender();  // delivers what is queued (each bounded by the timeout), then stops
  Sender(const Sender&) = delete;
  Sender& operator=(const Sender&) = delete;

  void post(Url url, std::string jobUuid, bool success, std::string body);

 private:
  struct Delivery {
    Url url;
    std::string jobUuid;
    bool success;
    std::string body;
  };
  void loop();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Delivery> queue_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace zstack::webhook
