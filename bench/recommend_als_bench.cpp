// Times ALS training on a store: `mercato_recommend_als_bench DB [FACTORS] [ITERATIONS] [REPEATS]`
// prints JSON with the median wall and CPU seconds (all threads), the floating-point operations
// and GFLOP/s (on the wall time).
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include "recommend/als.h"
#include "store/open_store.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DB [FACTORS] [ITERATIONS] [REPEATS]\n", argv[0]);
    return 2;
  }
  mercato::recommend::RecommendConfig config;
  if (argc > 2) config.als_factors = std::max(1, std::atoi(argv[2]));
  if (argc > 3) config.als_iterations = std::max(0, std::atoi(argv[3]));
  const int repeats = argc > 4 ? std::max(1, std::atoi(argv[4])) : 3;
  auto store = mercato::OpenStore(argv[1]);
  auto snapshot = store.ok() ? mercato::LoadSnapshot(*store.value())
                             : mercato::Result<mercato::Snapshot>(store.status());
  if (!snapshot.ok()) {
    std::fprintf(stderr, "%s\n", snapshot.status().ToString().c_str());
    return 1;
  }
  const mercato::Snapshot& s = snapshot.value();
  std::vector<double> seconds, cpu_seconds;
  for (int i = 0; i < repeats; ++i) {
    const auto start = std::chrono::steady_clock::now();
    const std::clock_t cpu_start = std::clock();
    auto model = mercato::recommend::TrainAls(s, config);
    cpu_seconds.push_back(static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC);
    seconds.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(seconds.begin(), seconds.end());
  std::sort(cpu_seconds.begin(), cpu_seconds.end());
  const double median = seconds[seconds.size() / 2];
  const double cpu_median = cpu_seconds[cpu_seconds.size() / 2];
  const double flops = mercato::recommend::AlsTrainingFlops(s.customers.size(), s.items.size(),
                                                            s.interactions.nnz(), config);
  std::printf(
      "{\"users\": %d, \"items\": %d, \"nnz\": %lld, \"factors\": %d, \"iterations\": %d, "
      "\"cg_steps\": %d, \"threads\": %d, \"median_seconds\": %.4f, \"median_cpu_seconds\": %.4f, "
      "\"flops\": %.4g, "
      "\"gflops_per_second\": %.3f}\n",
      s.customers.size(), s.items.size(), static_cast<long long>(s.interactions.nnz()),
      config.als_factors, config.als_iterations, config.als_cg_steps, omp_get_max_threads(), median,
      cpu_median, flops, flops / median / 1e9);
  return 0;
}
