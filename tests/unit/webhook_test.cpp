// zstack-webhook: X-Web-Hook URLs, allowed networks, the destination policy, and the sender
// against receivers on 127.0.0.1 that answer, hang, trickle or reset. Timings have generous
// margins: this runs on a loaded machine.
#include "webhook/webhook.h"

#include <algorithm>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "webhook_receiver.h"

namespace zstack::webhook {
namespace {

using namespace std::chrono_literals;
using zstack::testing::WebhookReceiver;
using Clock = std::chrono::steady_clock;
using Behaviour = WebhookReceiver::Behaviour;

constexpr char kJob[] = "0123456789abcdef0123456789abcdef";

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

// Polls `done` until it holds or `limit` passes; how long that took.
Clock::duration waitFor(const std::function<bool()>& done, Clock::duration limit = 15s) {
  const auto start = Clock::now();
  while (!done() && Clock::now() - start < limit) std::this_thread::sleep_for(10ms);
  return Clock::now() - start;
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
  EXPECT_NE(refusalOf(prefix + std::string(2049 - prefix.size(), 'a')).find("longer than 2048 bytes"),
            std::string::npos);
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
  for (const char* text :
       {"", "10.0.0.1/8", "10.0.0.0/33", "::/129", "fd00::1/8", "10.0.0.0/", "10.0.0.0/x", "10.0.0.0/-1",
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
      {"127.0.0.1", "a loopback address"},
      {"127.255.0.9", "a loopback address"},
      {"::1", "a loopback address"},
      {"::ffff:127.0.0.1", "a loopback address"},
      {"169.254.169.254", "a link-local address"},
      {"::ffff:169.254.169.254", "a link-local address"},
      {"fe80::1", "a link-local address"},
      {"0.0.0.0", "an unspecified address"},
      {"0.1.2.3", "an unspecified address"},
      {"::", "an unspecified address"},
      {"::ffff:0.0.0.0", "an unspecified address"},
      {"224.0.0.1", "a multicast address"},
      {"239.255.255.250", "a multicast address"},
      {"ff02::1", "a multicast address"},
      {"::ffff:224.0.0.1", "a multicast address"},
      {"255.255.255.255", "the broadcast address"},
      {"::ffff:255.255.255.255", "the broadcast address"},
      {"192.0.2.10", "an address of this host"},
      {"::ffff:192.0.2.10", "an address of this host"},
      {"2001:db8::10", "an address of this host"},
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
    EXPECT_EQ(verdict(policy, address),
              std::string("destination ") + address + " is not allowed by host.webhooks.allowedNetworks");
  }
  const DestinationPolicy none(std::vector<Network>{}, hostAddresses_, "0.0.0.0", 8080);
  EXPECT_NE(verdict(none, "203.0.113.9"), "allowed");
}

TEST_F(DestinationPolicyTest, OwnEndpointIsRefusedEvenWhenItsNetworkIsAllowed) {
  const DestinationPolicy policy(networks({"127.0.0.0/8", "::/0"}), hostAddresses_, "127.0.0.1", 8080);
  EXPECT_EQ(verdict(policy, "127.0.0.1", 8080), "destination 127.0.0.1:8080 is this host's own API endpoint");
  EXPECT_EQ(verdict(policy, "::ffff:127.0.0.1", 8080),
            "destination [::ffff:127.0.0.1]:8080 is this host's own API endpoint");
  EXPECT_EQ(verdict(policy, "0.0.0.0", 8080), "destination 0.0.0.0:8080 is this host's own API endpoint");
  EXPECT_EQ(verdict(policy, "::", 8080), "destination [::]:8080 is this host's own API endpoint");
  EXPECT_EQ(verdict(policy, "127.0.0.1", 8081), "allowed");
  // Nothing listens at another loopback address when the host listens at 127.0.0.1 only.
  EXPECT_EQ(verdict(policy, "127.0.0.2", 8080), "allowed");
}

TEST_F(DestinationPolicyTest, WildcardListenRefusesEveryLocalAddressAtThePort) {
  for (const char* listen : {"0.0.0.0", "::", "mn.example.com"}) {
    const DestinationPolicy policy(networks({"0.0.0.0/0", "::/0"}), hostAddresses_, listen, 8080);
    for (const char* address :
         {"192.0.2.10", "::ffff:192.0.2.10", "2001:db8::10", "127.0.0.1", "127.0.0.2", "::1", "0.0.0.0"}) {
      EXPECT_NE(verdict(policy, address, 8080).find("this host's own API endpoint"), std::string::npos)
          << listen << " " << address;
      EXPECT_EQ(verdict(policy, address, 8081), "allowed") << listen << " " << address;
    }
    EXPECT_EQ(verdict(policy, "192.0.2.11", 8080), "allowed") << listen;
  }
}

TEST(InterfaceAddresses, IncludeLoopback) {
  const std::vector<Address> addresses = interfaceAddresses();
  EXPECT_NE(std::find(addresses.begin(), addresses.end(), ip("127.0.0.1")), addresses.end());
}

// The sender, allowed to reach the receivers on 127.0.0.0/8.
SenderOptions loopbackOptions(std::chrono::seconds timeout = 1s) {
  SenderOptions options;
  options.timeout = timeout;
  options.allowedNetworks = networks({"127.0.0.0/8"});
  options.listenHost = "127.0.0.1";
  options.listenPort = 1;  // no receiver's
  return options;
}

TEST(SenderDestination, ChecksAddressesAndLocalhostAtSubmit) {
  Sender defaults(SenderOptions{});
  const Status loopback = defaults.checkDestination(urlOf("http://127.0.0.1:9/x"));
  ASSERT_FALSE(loopback.ok());
  EXPECT_EQ(loopback.error().code, codes::kInvalidArgument);
  EXPECT_EQ(loopback.error().details,
            "X-Web-Hook: destination 127.0.0.1 is a loopback address, refused unless host.webhooks.allowedNetworks "
            "allows it");
  for (const char* url : {"http://localhost/", "http://LOCALHOST./", "http://api.localhost/", "http://[::1]/",
                          "http://169.254.169.254/latest/meta-data/", "http://[::ffff:169.254.169.254]/",
                          "http://0.0.0.0/", "http://127.0.0.1:8080/"}) {
    EXPECT_FALSE(defaults.checkDestination(urlOf(url)).ok()) << url;
  }
  // Names are checked at delivery, when they resolve.
  EXPECT_TRUE(defaults.checkDestination(urlOf("http://hooks.example.com/")).ok());
  EXPECT_TRUE(defaults.checkDestination(urlOf("http://203.0.113.9/")).ok());

  Sender configured(loopbackOptions());
  EXPECT_TRUE(configured.checkDestination(urlOf("http://127.0.0.1:9/")).ok());
  EXPECT_TRUE(configured.checkDestination(urlOf("http://localhost:9/")).ok());
  const Status outside = configured.checkDestination(urlOf("http://10.0.0.1/"));
  ASSERT_FALSE(outside.ok());
  EXPECT_EQ(outside.error().details,
            "X-Web-Hook: destination 10.0.0.1 is not allowed by host.webhooks.allowedNetworks");
  const Status own = configured.checkDestination(urlOf("http://127.0.0.1:1/"));
  ASSERT_FALSE(own.ok());
  EXPECT_EQ(own.error().details, "X-Web-Hook: destination 127.0.0.1:1 is this host's own API endpoint");
}

TEST(Sender, DeliversWithTheJobHeaders) {
  WebhookReceiver receiver(Behaviour::Answer);
  Sender sender(loopbackOptions());
  sender.post(urlOf(receiver.url("/hooks/a b?x=\r\n")), "account", kJob, true, R"({"inventory":{}})");
  const auto request = receiver.next();
  ASSERT_TRUE(request);
  EXPECT_EQ(request->method, "POST");
  EXPECT_EQ(request->target, "/hooks/a%20b?x=%0D%0A");
  EXPECT_EQ(request->host, "127.0.0.1:" + std::to_string(receiver.port()));
  EXPECT_EQ(request->jobUuid, kJob);
  EXPECT_EQ(request->success, "true");
  EXPECT_EQ(request->contentType, "application/json;charset=UTF-8");
  EXPECT_EQ(request->body, R"({"inventory":{}})");
  waitFor([&] { return sender.pending() == 0; });
  EXPECT_EQ(sender.pending(), 0u);
}

TEST(Sender, ResolvesNamesAndConnectsOnlyToAllowedAddresses) {
  WebhookReceiver receiver(Behaviour::Answer);
  Sender sender(loopbackOptions());
  // localhost resolves (from /etc/hosts) to 127.0.0.1, and perhaps ::1, which is not allowed.
  sender.post(urlOf("http://localhost:" + std::to_string(receiver.port()) + "/named"), "account", kJob, false, "{}");
  const auto request = receiver.next();
  ASSERT_TRUE(request);
  EXPECT_EQ(request->target, "/named");
  EXPECT_EQ(request->host, "localhost:" + std::to_string(receiver.port()));
  EXPECT_EQ(request->success, "false");
}

TEST(Sender, ChecksTheDestinationAgainAtDelivery) {
  WebhookReceiver receiver(Behaviour::Answer);
  SenderOptions elsewhere = loopbackOptions();
  elsewhere.allowedNetworks = networks({"10.0.0.0/8"});
  SenderOptions ownPort = loopbackOptions();
  ownPort.listenPort = receiver.port();
  for (const SenderOptions& options : {elsewhere, ownPort}) {
    Sender sender(options);
    for (const std::string& url : {receiver.url(), "http://localhost:" + std::to_string(receiver.port()) + "/"}) {
      sender.post(urlOf(url), "account", kJob, true, "{}");
    }
    EXPECT_LT(waitFor([&] { return sender.pending() == 0; }), 3s);
  }
  EXPECT_EQ(receiver.connections(), 0u);
}

TEST(Sender, EachBrokenReceiverEndsWithinTheDeadline) {
  for (const Behaviour behaviour : {Behaviour::Stall, Behaviour::Trickle, Behaviour::Reset}) {
    WebhookReceiver receiver(behaviour);
    Sender sender(loopbackOptions(1s));
    sender.post(urlOf(receiver.url()), "account", kJob, true, "{}");
    const auto took = waitFor([&] { return sender.pending() == 0; });
    EXPECT_EQ(sender.pending(), 0u) << static_cast<int>(behaviour);
    EXPECT_LT(took, 1s + 2s) << static_cast<int>(behaviour);
    EXPECT_EQ(receiver.connections(), 1u);
  }
}

TEST(Sender, AStuckReceiverDelaysNoOtherDelivery) {
  WebhookReceiver stuck(Behaviour::Stall);
  WebhookReceiver good(Behaviour::Answer);
  Sender sender(loopbackOptions(5s));
  sender.post(urlOf(stuck.url()), "account", kJob, true, "{}");
  waitFor([&] { return stuck.connections() == 1; });
  const auto start = Clock::now();
  sender.post(urlOf(good.url()), "account", kJob, true, "{}");
  ASSERT_TRUE(good.next(5s));
  EXPECT_LT(Clock::now() - start, 2s) << "well under the 5 s deadline";
  waitFor([&] { return sender.pending() == 1; }, 1s);
  EXPECT_EQ(sender.pending(), 1u) << "the stuck one is still in flight";
}

TEST(Sender, OneAccountsStuckReceiversTakeOnlyItsOwnSlots) {
  WebhookReceiver stuck(Behaviour::Stall);
  WebhookReceiver good(Behaviour::Answer);
  Sender sender(loopbackOptions(3s));
  for (int i = 0; i < 9; ++i) sender.post(urlOf(stuck.url()), "greedy", kJob, true, "{}");
  waitFor([&] { return stuck.connections() >= 8; });
  const auto start = Clock::now();
  sender.post(urlOf(good.url()), "other", kJob, true, "{}");
  ASSERT_TRUE(good.next(5s));
  EXPECT_LT(Clock::now() - start, 2s);
  EXPECT_EQ(stuck.connections(), 8u) << "the greedy account's ninth waits for one of its eight";
  // Its turn comes when one of the first eight times out.
  EXPECT_LT(waitFor([&] { return stuck.connections() == 9; }), 3s + 3s);
  EXPECT_LT(waitFor([&] { return sender.pending() == 0; }), 3s + 3s);
}

TEST(Sender, DropsWhatDoesNotFitInTheByteBound) {
  WebhookReceiver stuck(Behaviour::Stall);
  WebhookReceiver good(Behaviour::Answer);
  SenderOptions options = loopbackOptions(2s);
  options.maxQueuedBytes = 1000;
  Sender sender(options);
  sender.post(urlOf(stuck.url()), "account", kJob, true, std::string(600, 'a'));
  EXPECT_EQ(sender.pending(), 1u);
  sender.post(urlOf(good.url()), "account", kJob, true, std::string(600, 'b'));
  EXPECT_EQ(sender.pending(), 1u) << "600 more bytes do not fit beside the first 600";
  sender.post(urlOf(good.url()), "account", kJob, true, std::string(1001, 'c'));
  EXPECT_EQ(sender.pending(), 1u) << "more than the bound on its own";
  sender.post(urlOf(good.url()), "account", kJob, true, std::string(400, 'd'));
  EXPECT_EQ(sender.pending(), 2u) << "400 do";
  const auto fitted = good.next(5s);
  ASSERT_TRUE(fitted);
  EXPECT_EQ(fitted->body, std::string(400, 'd'));
  // Once the stuck delivery has failed, its bytes are free again.
  waitFor([&] { return sender.pending() == 0; });
  sender.post(urlOf(good.url()), "account", kJob, true, std::string(1000, 'e'));
  const auto whole = good.next(5s);
  ASSERT_TRUE(whole);
  EXPECT_EQ(whole->body, std::string(1000, 'e'));
  EXPECT_FALSE(good.next(100ms)) << "nothing dropped arrives later";
}

TEST(Sender, StopAbandonsHangingDeliveriesAfterTheTimeout) {
  WebhookReceiver stuck(Behaviour::Stall);
  WebhookReceiver trickle(Behaviour::Trickle);
  Sender sender(loopbackOptions(1s));
  // One account: eight at a time, so left alone these would take five rounds of 1 s.
  for (int i = 0; i < 40; ++i) sender.post(urlOf(i % 2 ? stuck.url() : trickle.url()), "account", kJob, true, "{}");
  waitFor([&] { return stuck.connections() + trickle.connections() >= 8; });
  const auto start = Clock::now();
  sender.stop();
  EXPECT_LT(Clock::now() - start, 1s + 2s);
  EXPECT_EQ(sender.pending(), 0u);
  EXPECT_LT(stuck.connections() + trickle.connections(), 40u);
  sender.post(urlOf(stuck.url()), "account", kJob, true, "{}");
  EXPECT_EQ(sender.pending(), 0u) << "a stopped sender takes nothing";
  sender.stop();  // again: at once
}

TEST(Sender, StopDeliversWhatIsQueuedFirst) {
  WebhookReceiver good(Behaviour::Answer);
  std::unique_ptr<Sender> sender = std::make_unique<Sender>(loopbackOptions(5s));
  for (int i = 0; i < 3; ++i) sender->post(urlOf(good.url()), "account", kJob, true, "{}");
  const auto start = Clock::now();
  sender.reset();  // the destructor stops
  EXPECT_LT(Clock::now() - start, 3s) << "done well before the 5 s timeout";
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(good.next(100ms)) << i;
}

TEST(Sender, AnErrorStatusIsAFailedDelivery) {
  WebhookReceiver failing(Behaviour::Answer, 500);
  Sender sender(loopbackOptions());
  sender.post(urlOf(failing.url()), "account", kJob, true, "{}");
  ASSERT_TRUE(failing.next());
  EXPECT_LT(waitFor([&] { return sender.pending() == 0; }), 3s);
}

}  // namespace
}  // namespace zstack::webhook
