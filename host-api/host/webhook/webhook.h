// X-Web-Hook: the result of an async API call POSTed to a URL the client named, as ZStack
// does (headers X-Job-UUID and X-Job-Success; body: the result, or {"error":...}).
//
// A webhook's receiver is whoever the client chose, so the sender trusts none of them: each
// delivery has one deadline for everything it does, many run at once, the bodies waiting are
// bounded in bytes, and only allowed destinations are connected to. A failed delivery is
// logged, not retried; its result stays readable by polling the job.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "webhook/destinations.h"
#include "webhook/url.h"
#include "zstack/error.h"

namespace zstack::webhook {

struct SenderOptions {
  // The deadline of one delivery, from name resolution to the end of the answer; also how
  // long stop() lets the deliveries left run (host.webhooks.timeout).
  std::chrono::seconds timeout{5};
  // The bodies queued and in flight, in all (host.webhooks.maxQueuedBytes).
  std::size_t maxQueuedBytes = 64 * 1024 * 1024;
  // host.webhooks.allowedNetworks; none: the default policy (DestinationPolicy).
  std::optional<std::vector<Network>> allowedNetworks;
  // This host's API endpoint, which is never a destination.
  std::string listenHost = "0.0.0.0";
  std::uint16_t listenPort = 8080;
};

// Delivers on a thread of its own. Every method may be called from any thread at once.
class Sender {
 public:
  explicit Sender(SenderOptions options);
  Sender(const Sender&) = delete;
  Sender& operator=(const Sender&) = delete;
  ~Sender();  // stop()

  // What can be decided before the job runs: an IP address, or `localhost`, that the policy
  // refuses is SYS.1007 naming X-Web-Hook and why. A name is checked when it is delivered to,
  // each of the addresses it resolves to then (it may resolve differently by then).
  Status checkDestination(const Url& url) const;

  // Queues a delivery. Each account has a few deliveries in flight at most, so that one
  // account's dead receivers cannot take every slot. Dropped, with a warning, when `body`
  // does not fit in maxQueuedBytes, and once stop() has begun.
  void post(Url url, std::string accountUuid, std::string jobUuid, bool success, std::string body);

  // Deliveries queued or in flight.
  std::size_t pending() const;

  // Takes no more deliveries, lets those queued and in flight run until `timeout` after the
  // call, abandons the rest (logging how many) and returns. Later calls return once the
  // first has.
  void stop();

 private:
  class Core;
  std::unique_ptr<Core> core_;
};

}  // namespace zstack::webhook
