// Prometheus text exposition of the request metrics.
#include "server/metrics.h"

#include <cstdio>

namespace mercato::server {

Metrics::Metrics(std::vector<std::string> route_labels)
    : labels_(std::move(route_labels)), slots_(new Slot[labels_.size() + 1]) {}

void Metrics::Observe(int route, int status, double seconds) {
  Slot& s =
      slots_[route < 0 || static_cast<size_t>(route) >= labels_.size() ? labels_.size() : route];
  const int cls = status / 100;
  if (cls >= 1 && cls <= 5) s.by_class[cls - 1].fetch_add(1, std::memory_order_relaxed);
  size_t b = 0;
  while (b < kBuckets.size() && seconds > kBuckets[b]) ++b;
  s.buckets[b].fetch_add(1, std::memory_order_relaxed);
  s.count.fetch_add(1, std::memory_order_relaxed);
  s.sum_nanos.fetch_add(static_cast<uint64_t>(seconds * 1e9), std::memory_order_relaxed);
}

void Metrics::ObserveRefusal(int status) {
  size_t i = 0;
  while (i < kRefusalStatuses.size() && kRefusalStatuses[i] != status) ++i;
  refusals_[i].fetch_add(1, std::memory_order_relaxed);
}

std::string PrometheusLabel(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string Metrics::Render(const std::string& extra) const {
  std::string out;
  char buf[64];
  out += "# HELP mercato_http_requests_total HTTP requests by route and status class.\n";
  out += "# TYPE mercato_http_requests_total counter\n";
  for (size_t i = 0; i <= labels_.size(); ++i) {
    const std::string route = PrometheusLabel(i < labels_.size() ? labels_[i] : "unmatched");
    for (int c = 0; c < 5; ++c) {
      const uint64_t n = slots_[i].by_class[c].load(std::memory_order_relaxed);
      if (n == 0) continue;
      out += "mercato_http_requests_total{route=\"" + route + "\",status=\"" +
             std::to_string(c + 1) + "xx\"} " + std::to_string(n) + "\n";
    }
  }
  out += "# HELP mercato_http_request_duration_seconds Request latency by route.\n";
  out += "# TYPE mercato_http_request_duration_seconds histogram\n";
  for (size_t i = 0; i <= labels_.size(); ++i) {
    const Slot& s = slots_[i];
    const uint64_t count = s.count.load(std::memory_order_relaxed);
    if (count == 0) continue;
    const std::string route = PrometheusLabel(i < labels_.size() ? labels_[i] : "unmatched");
    uint64_t cumulative = 0;
    for (size_t b = 0; b <= kBuckets.size(); ++b) {
      cumulative += s.buckets[b].load(std::memory_order_relaxed);
      if (b < kBuckets.size()) {
        std::snprintf(buf, sizeof buf, "%g", kBuckets[b]);
      } else {
        std::snprintf(buf, sizeof buf, "+Inf");
      }
      out += "mercato_http_request_duration_seconds_bucket{route=\"" + route + "\",le=\"" + buf +
             "\"} " + std::to_string(cumulative) + "\n";
    }
    std::snprintf(buf, sizeof buf, "%.9f", s.sum_nanos.load(std::memory_order_relaxed) / 1e9);
    out += "mercato_http_request_duration_seconds_sum{route=\"" + route + "\"} " + buf + "\n";
    out += "mercato_http_request_duration_seconds_count{route=\"" + route + "\"} " +
           std::to_string(count) + "\n";
  }
  out +=
      "# HELP mercato_http_refused_total Requests and connections the HTTP front end refused "
      "before any route, by status.\n";
  out += "# TYPE mercato_http_refused_total counter\n";
  for (size_t i = 0; i <= kRefusalStatuses.size(); ++i) {
    const std::string status =
        i < kRefusalStatuses.size() ? std::to_string(kRefusalStatuses[i]) : "other";
    out += "mercato_http_refused_total{status=\"" + status + "\"} " +
           std::to_string(refusals_[i].load(std::memory_order_relaxed)) + "\n";
  }
  out += extra;
  return out;
}

}  // namespace mercato::server
