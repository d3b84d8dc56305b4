#include "webhook/destinations.h"

#include <ifaddrs.h>
#include <netinet/in.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <utility>

#include "common/log.h"

namespace zstack::webhook {
namespace {

namespace ip = boost::asio::ip;

// As a connection sees it: an IPv4-mapped address as IPv4, and no IPv6 scope (a scope picks
// the interface, not another address).
Address normalized(const Address& address) {
  if (address.is_v4()) return address;
  const ip::address_v6 v6 = address.to_v6();
  if (v6.is_v4_mapped()) return ip::make_address_v4(ip::v4_mapped, v6);
  return ip::address_v6(v6.to_bytes());
}

std::vector<unsigned char> bytesOf(const Address& address) {
  if (address.is_v4()) {
    const auto bytes = address.to_v4().to_bytes();
    return {bytes.begin(), bytes.end()};
  }
  const auto bytes = address.to_v6().to_bytes();
  return {bytes.begin(), bytes.end()};
}

// The bits of byte `i` that a prefix of `prefix` bits covers.
unsigned maskOf(unsigned prefix, std::size_t i) {
  if (prefix >= (i + 1) * 8) return 0xff;
  if (prefix <= i * 8) return 0;
  return (0xff << (8 - (prefix - i * 8))) & 0xff;
}

const std::vector<std::pair<Network, const char*>>& defaultRefused() {
  static const std::vector<std::pair<Network, const char*>> networks = [] {
    std::vector<std::pair<Network, const char*>> out;
    for (const auto& [text, kind] :
         std::initializer_list<std::pair<const char*, const char*>>{{"0.0.0.0/8", "an unspecified address"},
                                                                    {"::/128", "an unspecified address"},
                                                                    {"127.0.0.0/8", "a loopback address"},
                                                                    {"::1/128", "a loopback address"},
                                                                    {"169.254.0.0/16", "a link-local address"},
                                                                    {"fe80::/10", "a link-local address"},
                                                                    {"224.0.0.0/4", "a multicast address"},
                                                                    {"ff00::/8", "a multicast address"},
                                                                    {"255.255.255.255/32", "the broadcast address"}}) {
      out.emplace_back(*parseNetwork(text), kind);
    }
    return out;
  }();
  return networks;
}

std::string endpointText(const Address& address, std::uint16_t port) {
  const std::string host = address.is_v6() ? "[" + address.to_string() + "]" : address.to_string();
  return host + ":" + std::to_string(port);
}

}  // namespace

bool Network::contains(const Address& candidate) const {
  const Address other = normalized(candidate);
  if (other.is_v4() != address.is_v4()) return false;
  const std::vector<unsigned char> mine = bytesOf(address);
  const std::vector<unsigned char> theirs = bytesOf(other);
  for (std::size_t i = 0; i < mine.size(); ++i) {
    if ((mine[i] & maskOf(prefix, i)) != (theirs[i] & maskOf(prefix, i))) return false;
  }
  return true;
}

std::optional<Network> parseNetwork(const std::string& text) {
  const std::size_t slash = text.find('/');
  const std::string addressText = text.substr(0, slash);
  boost::system::error_code ec;
  Address address = ip::make_address(addressText, ec);
  if (ec || addressText.find('%') != std::string::npos) return std::nullopt;
  unsigned prefix = address.is_v4() ? 32 : 128;
  if (slash != std::string::npos) {
    const std::string_view digits = std::string_view(text).substr(slash + 1);
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
    if (digits.empty() || error != std::errc() || end != digits.data() + digits.size() ||
        prefix > (address.is_v4() ? 32u : 128u)) {
      return std::nullopt;
    }
  }
  if (address.is_v6() && address.to_v6().is_v4_mapped() && prefix >= 96) {
    address = normalized(address);
    prefix -= 96;
  }
  const std::vector<unsigned char> bytes = bytesOf(address);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (bytes[i] & ~maskOf(prefix, i) & 0xff) return std::nullopt;
  }
  return Network{address, prefix};
}

std::vector<Address> interfaceAddresses() {
  std::vector<Address> out;
  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) != 0) {
    log::warn(std::string("cannot list this host's addresses (getifaddrs: ") + std::strerror(errno) +
              "); webhooks to them are refused only where they are loopback");
    return out;
  }
  for (const ifaddrs* entry = list; entry; entry = entry->ifa_next) {
    if (!entry->ifa_addr) continue;
    if (entry->ifa_addr->sa_family == AF_INET) {
      const auto* v4 = reinterpret_cast<const sockaddr_in*>(entry->ifa_addr);
      out.push_back(ip::address_v4(ntohl(v4->sin_addr.s_addr)));
    } else if (entry->ifa_addr->sa_family == AF_INET6) {
      const auto* v6 = reinterpret_cast<const sockaddr_in6*>(entry->ifa_addr);
      ip::address_v6::bytes_type bytes;
      std::memcpy(bytes.data(), v6->sin6_addr.s6_addr, bytes.size());
      out.push_back(ip::address_v6(bytes));
    }
  }
  ::freeifaddrs(list);
  return out;
}

DestinationPolicy::DestinationPolicy(std::optional<std::vector<Network>> allowed, std::vector<Address> hostAddresses,
                                     const std::string& listenHost, std::uint16_t listenPort)
    : allowed_(std::move(allowed)), listenPort_(listenPort) {
  for (const Address& address : hostAddresses) hostAddresses_.push_back(normalized(address));
  boost::system::error_code ec;
  const Address listen = ip::make_address(listenHost, ec);
  if (!ec && !listen.is_unspecified()) listenAddress_ = normalized(listen);
}

bool DestinationPolicy::isHostAddress(const Address& address) const {
  return std::find(hostAddresses_.begin(), hostAddresses_.end(), address) != hostAddresses_.end();
}

bool DestinationPolicy::isOwnEndpoint(const Address& address, std::uint16_t port) const {
  if (port != listenPort_) return false;
  // A connection to the unspecified address reaches this host, whatever it listens on.
  if (address.is_unspecified()) return true;
  if (listenAddress_) return address == *listenAddress_;
  return address.is_loopback() || isHostAddress(address);
}

std::optional<std::string> DestinationPolicy::refusal(const Address& address, std::uint16_t port) const {
  const Address target = normalized(address);
  if (isOwnEndpoint(target, port)) {
    return "destination " + endpointText(address, port) + " is this host's own API endpoint";
  }
  const std::string destination = "destination " + address.to_string();
  if (allowed_) {
    const bool allowed = std::any_of(allowed_->begin(), allowed_->end(),
                                     [&](const Network& network) { return network.contains(target); });
    if (allowed) return std::nullopt;
    return destination + " is not allowed by host.webhooks.allowedNetworks";
  }
  const auto& refused = defaultRefused();
  const auto match =
      std::find_if(refused.begin(), refused.end(), [&](const auto& entry) { return entry.first.contains(target); });
  const char* kind = match != refused.end()  ? match->second
                     : isHostAddress(target) ? "an address of this host"
                                             : nullptr;
  if (!kind) return std::nullopt;
  return destination + " is " + kind + ", refused unless host.webhooks.allowedNetworks allows it";
}

}  // namespace zstack::webhook
