// zstack-webhook: X-Web-Hook URLs, allowed networks and the destination policy.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "webhook/destinations.h"
#include "webhook/url.h"

namespace zstack::webhook {
namespace {

Url urlOf(const std::string& text) {
  Url url;
  const Status status = parseUrl(text, &url);
  EXPECT_TRUE(status.ok()) << text << ": " << status.error().details;
  return url;
}

// The details of the refusal, "" when the text is accepted.
std::string refusalOf(const std::string& text) {
  Url url;
  const Status status = parseUrl(text, &url);
  if (status.ok()) return "";
  EXPECT_EQ(status.error().code, codes::kInvalidArgument);
  return status.error().details;
}

Address ip(const std::string& text) { return boost::asio::ip::make_address(text); }

Network network(const std::string& text) {
  const std::optional<Network> parsed = parseNetwork(text);
  EXPECT_TRUE(parsed) << text;
  return parsed.value_or(Network{});
}

std::vector<Network> networks(const std::vector<std::string>& texts) {
  std::vector<Network> out;
  for (const std::string& text : texts) out.push_back(network(text));
  return out;
}

TEST(ParseUrl, SplitsHostPortAndTarget) {
  struct Case {
    std::string text, host;
    std::uint16_t port;
    std::string target;
  };
  for (const Case& c : std::vector<Case>{
           {"http://Hooks.Example.COM:8080/a/b?x=1&y=2", "hooks.example.com", 8080, "/a/b?x=1&y=2"},
           {"HTTP://example.com", "example.com", 80, "/"},
           {"http://example.com?x=1", "example.com", 80, "/?x=1"},
           {"http://example.com/a#fragment", "example.com", 80, "/a"},
           {"http://my_host-1.example/", "my_host-1.example", 80, "/"},
           // IPv6 in brackets, kept without them in its shortest form.
           {"http://[::1]:8080/x", "::1", 8080, "/x"},
           {"http://[2001:DB8:0:0::1]", "2001:db8::1", 80, "/"},
           {"http://[::ffff:127.0.0.1]/", "::ffff:127.0.0.1", 80, "/"},
           // Percent-encoded where a byte cannot stand in a request line; reserved and
           // unreserved characters, and what the client encoded already, stay as sent.
           {"http://h/a b\r\nX-Injected: 1", "h", 80, "/a%20b%0D%0AX-Injected:%201"},
           {"http://h/caf\xc3\xa9?q=\"<x>\"&t=\t", "h", 80, "/caf%C3%A9?q=%22%3Cx%3E%22&t=%09"},
           {"http://h/{a}|b\\c^d`e\x7f", "h", 80, "/%7Ba%7D%7Cb%5Cc%5Ed%60e%7F"},
           {"http://h/p-._~:@!$&'()*+,;=/%41%2F?k=v/?[]", "h", 80, "/p-._~:@!$&'()*+,;=/%41%2F?k=v/?[]"},
       }) {
    const Url url = urlOf(c.text);
    EXPECT_EQ(url.host, c.host) << c.text;
    EXPECT_EQ(url.port, c.port) << c.text;
    EXPECT_EQ(url.target, c.target) << c.text;
  }
}

TEST(ParseUrl, RefusesWithTheReason) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"ftp://example.com/hook", "is not an http:// URL"},
      {"https://example.com/hook", "is not an http:// URL"},
      {"not a url", "is not an http:// URL"},
      {"http://user:secret@example.com/", "user information"},
      {"http://@example.com/", "user information"},
      {"http://", "has no host"},
      {"http:///path", "has no host"},
      {"http://:8080/", "has no host"},
      {"http://example.com:0/", "invalid port"},
      {"http://example.com:65536/", "invalid port"},
      {"http://host:99999/x", "invalid port"},
      {"http://example.com:/", "invalid port"},
      {"http://example.com:80a/", "invalid port"},
      {"http://example.com:-1/", "invalid port"},
      {"http://exam\r\nple.com/", "control character"},
      {"http://example.com\n:80/", "control character"},
      {std::string("http://exa\0mple.com/", 20), "control character"},
      {"http://exa mple.com/", "invalid host"},
      {"http://ex%41mple.com/", "invalid host"},
      {"http://caf\xc3\xa9.example/", "invalid host"},
      {"http://::1/", "invalid host"},
      {"http://[::1/x", "unclosed"},
      {"http://[::1]x/", "text after its IPv6 address"},
      {"http://[127.0.0.1]/", "invalid IPv6 address"},
      {"http://[fe80::1%25eth0]/", "invalid IPv6 address"},
      {"http://127.1/", "other than dotted decimal"},
      {"http://2130706433/", "other than dotted decimal"},
      {"http://0x7f.0.0.1/", "other than dotted decimal"},
      {"http://0177.0.0.1/", "other than dotted decimal"},
  };
  for (const auto& [text, reason] : cases) {
    const std::string details = refusalOf(text);
    EXPECT_NE(details.find("X-Web-Hook"), std::string::npos) << text << ": " << details;
    EXPECT_NE(details.find(reason), std::string::npos) << text << ": " << details;
    EXPECT_EQ(details.find_first_of("\r\n"), std::string::npos) << "the client's text is quoted: " << details;
  }
}

TEST(ParseUrl, TakesAtMost2048Bytes) {
  const std::string prefix = "http://example.com/";
  EXPECT_EQ(refusalOf(prefix + std::string(2048 - prefix.size(), 'a')), "");
  EXPECT_NE(refusalOf(prefix + std::string(2049 - prefix.size(), 'a')).find("longer than 2048 bytes"), std::string::npos);
}

TEST(ParseNetwork, ReadsIpv4AndIpv6Networks) {
  const Network tens = network("10.0.0.0/8");
  EXPECT_EQ(tens.address, ip("10.0.0.0"));
  EXPECT_EQ(tens.prefix, 8u);
  EXPECT_EQ(network("192.0.2.7").prefix, 32u);
  EXPECT_EQ(network("::1").prefix, 128u);
  EXPECT_EQ(network("fd00::/8").prefix, 8u);
  EXPECT_EQ(network("0.0.0.0/0").prefix, 0u);
  // An IPv4-mapped network is the IPv4 network it carries.
  const Network mapped = network("::ffff:10.0.0.0/104");
  EXPECT_EQ(mapped.address, ip("10.0.0.0"));
  EXPECT_EQ(mapped.prefix, 8u);
}

TEST(ParseNetwork, RefusesAnythingElse) {
  for (const char* text : {"", "10.0.0.1/8", "10.0.0.0/33", "::/129", "fd00::1/8", "10.0.0.0/", "10.0.0.0/x", "10.0.0.0/-1",
                           "10.0.0.0/8/8", "10.0.0/8", "example.com/8", "fe80::1%eth0", "fe80::%eth0/64", " 10.0.0.0/8"}) {
    EXPECT_FALSE(parseNetwork(text)) << text;
  }
}

TEST(ParseNetwork, ContainsByPrefix) {
  const Network privateB = network("172.16.0.0/12");
  EXPECT_TRUE(privateB.contains(ip("172.16.0.0")));
  EXPECT_TRUE(privateB.contains(ip("172.31.255.255")));
  EXPECT_FALSE(privateB.contains(ip("172.32.0.0")));
  EXPECT_FALSE(privateB.contains(ip("172.15.255.255")));
  EXPECT_TRUE(network("0.0.0.0/0").contains(ip("203.0.113.9")));
  EXPECT_FALSE(network("0.0.0.0/0").contains(ip("2001:db8::1")));
  EXPECT_TRUE(network("2001:db8::/32").contains(ip("2001:db8:ffff::1")));
  EXPECT_FALSE(network("2001:db8::/32").contains(ip("2001:db9::1")));
  // IPv4-mapped addresses are their IPv4 address, whichever way round.
  EXPECT_TRUE(network("127.0.0.0/8").contains(ip("::ffff:127.0.0.1")));
  EXPECT_FALSE(network("::/0").contains(ip("::ffff:127.0.0.1")));
}

class DestinationPolicyTest : public ::testing::Test {
 protected:
  // What the policy says of `address` at port 80 (8080 is the listen port below).
  static std::string verdict(const DestinationPolicy& policy, const std::string& address, std::uint16_t port = 80) {
    return policy.refusal(ip(address), port).value_or("allowed");
  }
  const std::vector<Address> hostAddresses_ = {ip("192.0.2.10"), ip("2001:db8::10")};
};

TEST_F(DestinationPolicyTest, DefaultRefusesLocalAndSpecialAddresses) {
  const DestinationPolicy policy(std::nullopt, hostAddresses_, "192.0.2.10", 8080);
  const std::vector<std::pair<std::string, std::string>> refused = {
      {"127.0.0.1", "a loopback address"},       {"127.255.0.9", "a loopback address"},
      {"::1", "a loopback address"},             {"::ffff:127.0.0.1", "a loopback address"},
      {"169.254.169.254", "a link-local address"}, {"::ffff:169.254.169.254", "a link-local address"},
      {"fe80::1", "a link-local address"},       {"0.0.0.0", "an unspecified address"},
      {"0.1.2.3", "an unspecified address"},     {"::", "an unspecified address"},
      {"::ffff:0.0.0.0", "an unspecified address"}, {"224.0.0.1", "a multicast address"},
      {"239.255.255.250", "a multicast address"}, {"ff02::1", "a multicast address"},
      {"::ffff:224.0.0.1", "a multicast address"}, {"255.255.255.255", "the broadcast address"},
      {"::ffff:255.255.255.255", "the broadcast address"}, {"192.0.2.10", "an address of this host"},
      {"::ffff:192.0.2.10", "an address of this host"}, {"2001:db8::10", "an address of this host"},
  };
  for (const auto& [address, kind] : refused) {
    EXPECT_EQ(verdict(policy, address),
              "destination " + address + " is " + kind + ", refused unless host.webhooks.allowedNetworks allows it");
  }
  for (const char* address : {"192.0.2.11", "10.1.2.3", "203.0.113.9", "2001:db8::11", "::ffff:203.0.113.9"}) {
    EXPECT_EQ(verdict(policy, address), "allowed") << address;
  }
}

TEST_F(DestinationPolicyTest, ConfiguredNetworksAreTheOnlyOnesAllowed) {
  const DestinationPolicy policy(networks({"10.0.0.0/8", "127.0.0.0/8", "::1/128"}), hostAddresses_, "0.0.0.0", 8080);
  for (const char* address : {"10.1.2.3", "127.0.0.1", "::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1"}) {
    EXPECT_EQ(verdict(policy, address), "allowed") << address;
  }
  for (const char* address : {"11.0.0.1", "169.254.169.254", "192.0.2.11", "::2", "fe80::1"}) {
    EXPECT_EQ(verdict(policy, address), std::string("destination ") + address + " is not allowed by host.webhooks.allowedNetworks");
  }
  const DestinationPolicy none(std::vector<Network>{}, hostAddresses_, "0.0.0.0", 8080);
  EXPECT_NE(verdict(none, "203.0.113.9"), "allowed");
}

TEST_F(DestinationPolicyTest, OwnEndpointIsRefusedEvenWhenItsNetworkIsAllowed) {
  const DestinationPolicy policy(networks({"127.0.0.0/8", "::/0"}), hostAddresses_, "127.0.0.1", 8080);
  EXPECT_EQ(verdict(policy, "127.0.0.1", 8080), "destination 127.0.0.1:8080 is this host's own API endpoint");
  EXPECT_EQ(verdict(policy, "::ffff:127.0.0.1", 8080), "destination [::ffff:127.0.0.1]:8080 is this host's own API endpoint");
  EXPECT_EQ(verdict(policy, "0.0.0.0", 8080), "destination 0.0.0.0:8080 is this host's own API endpoint");
  EXPECT_EQ(verdict(policy, "::", 8080), "destination [::]:8080 is this host's own API endpoint");
  EXPECT_EQ(verdict(policy, "127.0.0.1", 8081), "allowed");
  // Nothing listens at another loopback address when the host listens at 127.0.0.1 only.
  EXPECT_EQ(verdict(policy, "127.0.0.2", 8080), "allowed");
}

TEST_F(DestinationPolicyTest, WildcardListenRefusesEveryLocalAddressAtThePort) {
  for (const char* listen : {"0.0.0.0", "::", "mn.example.com"}) {
    const DestinationPolicy policy(networks({"0.0.0.0/0", "::/0"}), hostAddresses_, listen, 8080);
    for (const char* address : {"192.0.2.10", "::ffff:192.0.2.10", "2001:db8::10", "127.0.0.1", "127.0.0.2", "::1", "0.0.0.0"}) {
      EXPECT_NE(verdict(policy, address, 8080).find("this host's own API endpoint"), std::string::npos) << listen << " " << address;
      EXPECT_EQ(verdict(policy, address, 8081), "allowed") << listen << " " << address;
    }
    EXPECT_EQ(verdict(policy, "192.0.2.11", 8080), "allowed") << listen;
  }
}

TEST(InterfaceAddresses, IncludeLoopback) {
  const std::vector<Address> addresses = interfaceAddresses();
  EXPECT_NE(std::find(addresses.begin(), addresses.end(), ip("127.0.0.1")), addresses.end());
}

}  // namespace
}  // namespace zstack::webhook
