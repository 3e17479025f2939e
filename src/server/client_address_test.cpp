// Tests of client addresses: canonical forms, X-Forwarded-For only from trusted proxies, and
// the per-address buckets.
#include "server/client_address.h"

#include <gtest/gtest.h>

namespace mercato::server {
namespace {

TEST(CanonicalIp, WritesEachAddressOneWay) {
  EXPECT_EQ(CanonicalIp("203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(CanonicalIp(" 203.0.113.7 "), "203.0.113.7");
  EXPECT_EQ(CanonicalIp("::ffff:203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(CanonicalIp("2001:DB8:0:0:0:0:0:1"), "2001:db8::1");
  for (std::string_view bad :
       {"", "unknown", "203.0.113", "203.0.113.7:8080", "1.2.3.256", "[2001:db8::1]", "::g"}) {
    EXPECT_FALSE(CanonicalIp(bad).has_value()) << bad;
  }
}

TEST(ClientAddress, IgnoresForwardedForFromAnUntrustedPeer) {
  // A client claiming to be someone else keeps its own address (and so its own budget).
  EXPECT_EQ(ClientAddress("198.51.100.9", "203.0.113.7", {}), "198.51.100.9");
  EXPECT_EQ(ClientAddress("198.51.100.9", "203.0.113.7", {"10.0.0.1"}), "198.51.100.9");
}

TEST(ClientAddress, BehindATrustedProxyTakesTheAddressTheProxySaw) {
  const std::vector<std::string> proxies = {"10.0.0.1", "10.0.0.2"};
  EXPECT_EQ(ClientAddress("10.0.0.1", "203.0.113.7", proxies), "203.0.113.7");
  // The client sent its own header; the proxy appended the real peer: only the last counts.
  EXPECT_EQ(ClientAddress("10.0.0.1", "1.1.1.1, 203.0.113.7", proxies), "203.0.113.7");
  // Two trusted proxies in a row are walked past.
  EXPECT_EQ(ClientAddress("10.0.0.1", "1.1.1.1, 203.0.113.7, 10.0.0.2", proxies), "203.0.113.7");
  EXPECT_EQ(ClientAddress("10.0.0.1", "::ffff:203.0.113.7", proxies), "203.0.113.7");
  // No header, a malformed last entry, or proxies only: the nearest known address.
  EXPECT_EQ(ClientAddress("10.0.0.1", "", proxies), "10.0.0.1");
  EXPECT_EQ(ClientAddress("10.0.0.1", "203.0.113.7, garbage", proxies), "10.0.0.1");
  EXPECT_EQ(ClientAddress("10.0.0.1", "203.0.113.7, garbage, 10.0.0.2", proxies), "10.0.0.2");
  EXPECT_EQ(ClientAddress("10.0.0.1", "10.0.0.2", proxies), "10.0.0.2");
}

TEST(AddressBucket, GroupsIpv6ByItsSlash64) {
  EXPECT_EQ(AddressBucket("203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(AddressBucket("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
  EXPECT_EQ(AddressBucket("2001:db8:1:2:bbbb:cccc:dddd:eeee"), "2001:db8:1:2::/64");
  EXPECT_NE(AddressBucket("2001:db8:1:3::1"), AddressBucket("2001:db8:1:2::1"));
  EXPECT_EQ(AddressBucket(""), "");
}

}  // namespace
}  // namespace mercato::server
