// Where a webhook may be delivered: the check that keeps a client from making this host call
// into its own network, its own API or the cloud's metadata service (SSRF).
//
// An IPv4-mapped IPv6 address (::ffff:127.0.0.1) is judged as the IPv4 address it carries,
// since that is where a connection to it goes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/ip/address.hpp>

namespace zstack::webhook {

using Address = boost::asio::ip::address;

// An IPv4 or IPv6 network.
struct Network {
  Address address;
  unsigned prefix = 0;  // leading bits that count

  bool contains(const Address& address) const;
};

// "10.0.0.0/8", "fd00::/8", or one address ("192.0.2.7": /32, "::1": /128); none when the
// text is anything else, bits set past the prefix included (a typo more often than a wish).
std::optional<Network> parseNetwork(const std::string& text);

// The addresses of this host's interfaces (getifaddrs), as they are now.
std::vector<Address> interfaceAddresses();

// Immutable once made; any thread may call refusal() at any time.
class DestinationPolicy {
 public:
  // `allowed`: host.webhooks.allowedNetworks, the only networks deliveries may go to; none:
  // the default policy, which refuses loopback, link-local (the metadata service at
  // 169.254.169.254 among them), unspecified, multicast and broadcast addresses and
  // `hostAddresses`, and allows the rest. Either way this host's own API endpoint, at
  // `listenHost` (an IP address; anything else counts as every local address) and
  // `listenPort`, is refused.
  DestinationPolicy(std::optional<std::vector<Network>> allowed, std::vector<Address> hostAddresses,
                    const std::string& listenHost, std::uint16_t listenPort);

  // Why a delivery may not connect to `address` at `port`, as "destination ADDRESS is ...";
  // none when it may.
  std::optional<std::string> refusal(const Address& address, std::uint16_t port) const;

 private:
  bool isOwnEndpoint(const Address& address, std::uint16_t port) const;
  bool isHostAddress(const Address& address) const;

  std::optional<std::vector<Network>> allowed_;
  std::vector<Address> hostAddresses_;
  std::optional<Address> listenAddress_;  // none: a wildcard or a name
  std::uint16_t listenPort_;
};

}  // namespace zstack::webhook
