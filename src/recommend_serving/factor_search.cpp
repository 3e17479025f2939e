// Exact scan and the hnswlib graph behind FactorSearch.
#include "recommend_serving/factor_search.h"

#include <hnswlib/hnswlib.h>

#include <algorithm>
#include <limits>

#include "recommend/ranking.h"

namespace mercato::serving {

FactorSearch::FactorSearch(std::vector<float> factors, int32_t dim)
    : factors_(std::move(factors)),
      dim_(dim),
      items_(static_cast<int32_t>(factors_.size() / static_cast<size_t>(dim))) {}

FactorSearch::~FactorSearch() = default;

Result<std::unique_ptr<FactorSearch>> FactorSearch::Build(std::vector<float> factors, int32_t dim,
                                                          const FactorSearchOptions& options) {
  if (dim <= 0 || factors.size() % static_cast<size_t>(dim) != 0) {
    return InvalidArgument("factor matrix of " + std::to_string(factors.size()) +
                           " values is not items x " + std::to_string(dim));
  }
  if (options.m < 2 || options.ef_construction < 1 || options.ef_search < 1) {
    return InvalidArgument("HNSW needs m >= 2, ef_construction >= 1 and ef_search >= 1");
  }
  std::unique_ptr<FactorSearch> search(new FactorSearch(std::move(factors), dim));
  search->ef_search_ = options.ef_search;
  if (search->items_ < options.exact_below || search->items_ == 0) return search;
  search->space_ = std::make_unique<hnswlib::InnerProductSpace>(static_cast<size_t>(dim));
  search->graph_ = std::make_unique<hnswlib::HierarchicalNSW<float>>(
      search->space_.get(), static_cast<size_t>(search->items_), static_cast<size_t>(options.m),
      static_cast<size_t>(options.ef_construction), static_cast<size_t>(options.seed));
  for (int32_t i = 0; i < search->items_; ++i) {
    search->graph_->addPoint(search->factors_.data() + static_cast<size_t>(i) * dim,
                             static_cast<hnswlib::labeltype>(i));
  }
  search->graph_->setEf(static_cast<size_t>(options.ef_search));
  return search;
}

std::vector<recommend::ScoredItem> FactorSearch::SearchExact(std::span<const float> query,
                                                             int k) const {
  std::vector<float> scores(static_cast<size_t>(items_));
  for (int32_t i = 0; i < items_; ++i) {
    const float* row = factors_.data() + static_cast<size_t>(i) * dim_;
    float dot = 0;
    for (int32_t d = 0; d < dim_; ++d) dot += row[d] * query[static_cast<size_t>(d)];
    scores[static_cast<size_t>(i)] = dot;
  }
  return recommend::TopK(scores, k, -std::numeric_limits<float>::infinity());
}

std::vector<recommend::ScoredItem> FactorSearch::Search(std::span<const float> query, int k) const {
  if (graph_ == nullptr) return SearchExact(query, k);
  k = std::clamp(k, 0, items_);
  // hnswlib searches a candidate list of max(ef_search, k).
  auto found = graph_->searchKnn(query.data(), static_cast<size_t>(k));
  std::vector<recommend::ScoredItem> out;
  out.reserve(found.size());
  for (; !found.empty(); found.pop()) {
    // hnswlib's inner-product distance is 1 - dot.
    out.push_back({static_cast<int32_t>(found.top().second), 1.0f - found.top().first, {}});
  }
  std::sort(out.begin(), out.end(), recommend::RanksBefore);
  return out;
}

}  // namespace mercato::serving
