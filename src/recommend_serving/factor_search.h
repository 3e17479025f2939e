// Inner-product top-k over item factor vectors (latent-factor models): exact below a catalog
// size threshold, approximate (HNSW graph, hnswlib) above it.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "common/status.h"
#include "recommend/recommender.h"

namespace hnswlib {
template <typename T>
class HierarchicalNSW;
template <typename T>
class SpaceInterface;
}  // namespace hnswlib

namespace mercato::serving {

struct FactorSearchOptions {
  int32_t exact_below = 10000;  // catalogs smaller than this are searched exactly
  int m = 16;                   // HNSW graph degree
  int ef_construction = 200;    // candidate list size while building
  int ef_search = 200;          // candidate list size while searching (>= k is enforced)
  /// Serving sets ef_search to the smallest that reaches this recall@10 against the exact scan
  /// on a sample of its users' vectors (FactorSearch::Calibrate).
  double target_recall = 0.97;
  uint64_t seed = 42;  // level assignment; the build is single-threaded: deterministic
  /// Where the graph is kept between loads ("": rebuilt every time): the file
  /// <cache_prefix>-<key>.hnsw, key a hash of the factors and the graph options, with its
  /// SHA-256 beside it in .hnsw.sha256. A graph whose file is missing, damaged or for other
  /// factors is built and saved, and the prefix's other graphs are removed. Saving is best effort.
  std::string cache_prefix;
};

class FactorSearch {
 public:
  /// Indexes `factors` (items x dim, row-major). Fails on a size that is not items x dim.
  static Result<std::unique_ptr<FactorSearch>> Build(std::vector<float> factors, int32_t dim,
                                                     const FactorSearchOptions& options = {});
  ~FactorSearch();

  /// The k items with the highest inner product with `query` (dim values), best first, ties by
  /// item id; scores are the inner products. Approximate when approximate() is true.
  std::vector<recommend::ScoredItem> Search(std::span<const float> query, int k) const;
  /// Always exact: a scan of every item.
  std::vector<recommend::ScoredItem> SearchExact(std::span<const float> query, int k) const;

  /// Sets the graph's search candidate list size (recall against speed). Not thread-safe: call
  /// it before serving queries, never during.
  void SetEfSearch(int ef);
  /// Sets the smallest ef_search in 16, 32, ..., max_ef whose recall@k against the exact scan
  /// reaches `target` on `queries` (rows of dim values), or max_ef; returns that recall (1 for
  /// an exact search). Not thread-safe, like SetEfSearch.
  double Calibrate(std::span<const float> queries, int k, double target, int max_ef = 1024);
  int ef_search() const { return ef_search_; }

  bool approximate() const { return graph_ != nullptr; }
  /// Whether the graph was read from FactorSearchOptions::cache_prefix instead of built.
  bool loaded_from_cache() const { return loaded_from_cache_; }
  int32_t size() const { return items_; }
  int32_t dim() const { return dim_; }

 private:
  FactorSearch(std::vector<float> factors, int32_t dim);
  float Dot(int32_t item, std::span<const float> query) const;
  // The graph from `path` when its checksum file matches and it holds every item; else false.
  bool LoadGraph(const std::string& path);
  // Writes the graph to `path` and its checksum beside it (via temporary files), then removes
  // the other graphs under `prefix`. Best effort: a cache that cannot be written is skipped.
  void SaveGraph(const std::string& prefix, const std::string& path) const;

  std::vector<float> factors_;
  int32_t dim_ = 0;
  int32_t items_ = 0;
  int ef_search_ = 0;
  bool loaded_from_cache_ = false;
  std::unique_ptr<hnswlib::SpaceInterface<float>> space_;
  std::unique_ptr<hnswlib::HierarchicalNSW<float>> graph_;
};

}  // namespace mercato::serving
