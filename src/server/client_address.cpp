// Client addresses: canonical IP text, X-Forwarded-For behind trusted proxies, /64 buckets.
#include "server/client_address.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cstring>

#include "common/text.h"

namespace mercato::server {

std::optional<std::string> CanonicalIp(std::string_view text) {
  text = Trim(text);
  if (text.empty() || text.size() >= INET6_ADDRSTRLEN) return std::nullopt;
  const std::string z(text);
  std::array<char, INET6_ADDRSTRLEN> out{};
  in_addr v4{};
  if (inet_pton(AF_INET, z.c_str(), &v4) == 1) {
    return std::string(inet_ntop(AF_INET, &v4, out.data(), out.size()));
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, z.c_str(), &v6) != 1) return std::nullopt;
  if (IN6_IS_ADDR_V4MAPPED(&v6)) {
    std::memcpy(&v4, &v6.s6_addr[12], 4);
    return std::string(inet_ntop(AF_INET, &v4, out.data(), out.size()));
  }
  return std::string(inet_ntop(AF_INET6, &v6, out.data(), out.size()));
}

std::string ClientAddress(std::string_view peer, std::string_view forwarded_for,
                          const std::vector<std::string>& trusted_proxies) {
  auto trusted = [&](std::string_view address) {
    return std::find(trusted_proxies.begin(), trusted_proxies.end(), address) !=
           trusted_proxies.end();
  };
  std::string client(peer);
  if (!trusted(client) || Trim(forwarded_for).empty()) return client;
  const std::vector<std::string_view> hops = Split(forwarded_for, ',');
  for (auto hop = hops.rbegin(); hop != hops.rend(); ++hop) {
    const std::optional<std::string> address = CanonicalIp(*hop);
    if (!address) return client;
    client = *address;
    if (!trusted(client)) return client;
  }
  return client;
}

std::string AddressBucket(std::string_view canonical) {
  const std::string z(canonical);
  in6_addr v6{};
  if (canonical.find(':') == std::string_view::npos || inet_pton(AF_INET6, z.c_str(), &v6) != 1) {
    return z;
  }
  std::memset(&v6.s6_addr[8], 0, 8);
  std::array<char, INET6_ADDRSTRLEN> out{};
  return std::string(inet_ntop(AF_INET6, &v6, out.data(), out.size())) + "/64";
}

}  // namespace mercato::server
