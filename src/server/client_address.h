// Which client a request comes from, for per-client rate limits: the peer's address, or behind
// a reverse proxy named with `serve --trusted-proxy`, the address that proxy saw (the
// X-Forwarded-For header, believed only when the peer is a trusted proxy).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mercato::server {

/// The canonical text of an IP address literal: IPv4 dotted quad, IPv6 as inet_ntop writes it,
/// an IPv4-mapped IPv6 address as its IPv4 address; nullopt when `text` is no address.
std::optional<std::string> CanonicalIp(std::string_view text);

/// The client of a request that arrived from `peer` (canonical) with the X-Forwarded-For value
/// `forwarded_for` (may be empty). Unless `peer` is one of `trusted_proxies` (canonical), the
/// peer itself: the header is ignored. From a trusted proxy, the header's entries are walked
/// from the last (the one that proxy appended) backwards past further trusted proxies; the first
/// other entry is the client. A malformed entry there, or a header of trusted proxies only,
/// gives the nearest address that is known: the last trusted one walked.
std::string ClientAddress(std::string_view peer, std::string_view forwarded_for,
                          const std::vector<std::string>& trusted_proxies);

/// The rate-limit bucket of a client address: an IPv4 address as is; an IPv6 address by its
/// /64 prefix ("2001:db8:1:2::/64"), the block one subscriber is given, so a client cannot
/// take a fresh budget by changing the low bits; other text as is.
std::string AddressBucket(std::string_view canonical);

}  // namespace mercato::server
