// Times loading the dataset snapshot of a store: `mercato_snapshot_bench DB [REPEATS]` prints
// JSON with the median seconds, the order lines loaded and the rate.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "dataset/snapshot.h"
#include "store/open_store.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DB [REPEATS]\n", argv[0]);
    return 2;
  }
  const int repeats = argc > 2 ? std::max(1, std::atoi(argv[2])) : 3;
  auto store = mercato::OpenStore(argv[1]);
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.status().ToString().c_str());
    return 1;
  }
  std::vector<double> seconds;
  size_t lines = 0;
  int64_t nnz = 0;
  for (int i = 0; i < repeats; ++i) {
    const auto start = std::chrono::steady_clock::now();
    auto snapshot = mercato::LoadSnapshot(*store.value());
    seconds.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    if (!snapshot.ok()) {
      std::fprintf(stderr, "%s\n", snapshot.status().ToString().c_str());
      return 1;
    }
    lines = snapshot->lines.size();
    nnz = snapshot->interactions.nnz();
  }
  std::sort(seconds.begin(), seconds.end());
  const double median = seconds[seconds.size() / 2];
  std::printf(
      "{\"order_lines\": %zu, \"interactions_nnz\": %lld, \"median_seconds\": %.4f, "
      "\"lines_per_second\": %.0f}\n",
      lines, static_cast<long long>(nnz), median, static_cast<double>(lines) / median);
  return 0;
}
