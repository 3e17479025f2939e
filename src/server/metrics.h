// Request metrics in Prometheus text format: counts by route and status class, latency
// histograms per route, plus gauges the server reports (model versions, ingestion lag).
#pragma once

#include <array>
#include <atomic>
#include <memory>
#include <string>
#include <vector>

namespace mercato::server {

class Metrics {
 public:
  /// One slot per route pattern (indexes as given), and one for requests matching no route.
  explicit Metrics(std::vector<std::string> route_labels);

  /// Records one request to route `route` (-1: no route) with its HTTP status and latency.
  void Observe(int route, int status, double seconds);

  /// Records a request or connection the HTTP front end refused itself, before any route: a
  /// malformed request (400), a header or body deadline passed (408), a body or header over
  /// its limit (413, 431), an unmet expectation or transfer coding (417, 501), a connection
  /// over the limits (503). Other statuses are counted as "other".
  void ObserveRefusal(int status);

  /// The exposition text, followed by `extra` (already in exposition format).
  std::string Render(const std::string& extra) const;

  static constexpr std::array<double, 14> kBuckets = {
      0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};
  static constexpr std::array<int, 7> kRefusalStatuses = {400, 408, 413, 417, 431, 501, 503};

 private:
  struct Slot {
    std::array<std::atomic<uint64_t>, 5> by_class{};  // 1xx..5xx
    std::array<std::atomic<uint64_t>, kBuckets.size() + 1> buckets{};
    std::atomic<uint64_t> count{0};
    std::atomic<uint64_t> sum_nanos{0};
  };
  std::vector<std::string> labels_;
  std::unique_ptr<Slot[]> slots_;
  std::array<std::atomic<uint64_t>, kRefusalStatuses.size() + 1> refusals_{};  // last: other
};

/// Escapes a Prometheus label value.
std::string PrometheusLabel(const std::string& value);

}  // namespace mercato::server
