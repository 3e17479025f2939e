// Exact scan (Eigen) and the hnswlib inner-product graph behind FactorSearch.
#include "recommend_serving/factor_search.h"

#include <hnswlib/hnswlib.h>
#include <unistd.h>

#include <Eigen/Core>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>

#include "common/text.h"
#include "recommend/ranking.h"

namespace mercato::serving {
namespace {

constexpr std::string_view kGraphSuffix = ".hnsw";
constexpr std::string_view kChecksumSuffix = ".sha256";

// Names the graph of these factors and options: any change gives another file.
std::string GraphKey(const std::vector<float>& factors, int32_t dim,
                     const FactorSearchOptions& options) {
  std::string bytes(reinterpret_cast<const char*>(factors.data()), factors.size() * sizeof(float));
  bytes += "|" + std::to_string(dim) + "|" + std::to_string(options.m) + "|" +
           std::to_string(options.ef_construction) + "|" + std::to_string(options.seed);
  return Sha256Hex(bytes).substr(0, 16);
}

std::optional<std::string> ReadWhole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return std::nullopt;
  return data;
}

}  // namespace

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
  if (search->items_ < options.exact_below || search->items_ == 0) return search;
  search->space_ = std::make_unique<hnswlib::InnerProductSpace>(static_cast<size_t>(dim));
  const std::string path = options.cache_prefix.empty()
                               ? std::string()
                               : options.cache_prefix + "-" +
                                     GraphKey(search->factors_, dim, options) +
                                     std::string(kGraphSuffix);
  if (!path.empty() && search->LoadGraph(path)) {
    search->loaded_from_cache_ = true;
  } else {
    search->graph_ = std::make_unique<hnswlib::HierarchicalNSW<float>>(
        search->space_.get(), static_cast<size_t>(search->items_), static_cast<size_t>(options.m),
        static_cast<size_t>(options.ef_construction), static_cast<size_t>(options.seed));
    for (int32_t i = 0; i < search->items_; ++i) {
      search->graph_->addPoint(search->factors_.data() + static_cast<size_t>(i) * dim,
                               static_cast<hnswlib::labeltype>(i));
    }
    if (!path.empty()) search->SaveGraph(options.cache_prefix, path);
  }
  search->SetEfSearch(options.ef_search);
  return search;
}

bool FactorSearch::LoadGraph(const std::string& path) {
  const auto checksum = ReadWhole(path + std::string(kChecksumSuffix));
  const auto graph = ReadWhole(path);
  if (!checksum || !graph || *checksum != Sha256Hex(*graph)) return false;
  try {
    auto loaded = std::make_unique<hnswlib::HierarchicalNSW<float>>(space_.get(), path, false,
                                                                    static_cast<size_t>(items_));
    if (loaded->cur_element_count != static_cast<size_t>(items_)) return false;
    graph_ = std::move(loaded);
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

void FactorSearch::SaveGraph(const std::string& prefix, const std::string& path) const {
  namespace fs = std::filesystem;
  std::error_code ec;
  const std::string tmp = path + ".tmp" + std::to_string(::getpid());
  try {
    graph_->saveIndex(tmp);
  } catch (const std::exception&) {
    fs::remove(tmp, ec);
    return;
  }
  const auto written = ReadWhole(tmp);
  if (!written) {
    fs::remove(tmp, ec);
    return;
  }
  const std::string checksum_tmp = tmp + std::string(kChecksumSuffix);
  std::ofstream(checksum_tmp, std::ios::binary) << Sha256Hex(*written);
  // The graph first: a checksum always names a complete graph.
  fs::rename(tmp, path, ec);
  if (!ec) fs::rename(checksum_tmp, path + std::string(kChecksumSuffix), ec);
  fs::remove(tmp, ec);
  fs::remove(checksum_tmp, ec);
  const fs::path dir = fs::path(prefix).parent_path();
  const std::string stem = fs::path(prefix).filename().string() + "-";
  const std::string keep = fs::path(path).filename().string();
  for (const auto& entry : fs::directory_iterator(dir.empty() ? "." : dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(stem, 0) == 0 && name.rfind(keep, 0) != 0) fs::remove(entry.path(), ec);
  }
}

void FactorSearch::SetEfSearch(int ef) {
  ef_search_ = std::max(ef, 1);
  if (graph_ != nullptr) graph_->setEf(static_cast<size_t>(ef_search_));
}

double FactorSearch::Calibrate(std::span<const float> queries, int k, double target, int max_ef) {
  const size_t n = queries.size() / static_cast<size_t>(dim_);
  if (graph_ == nullptr || n == 0 || k <= 0) return 1.0;
  std::vector<std::vector<int32_t>> truth(n);
  for (size_t q = 0; q < n; ++q) {
    for (const auto& s : SearchExact(
             queries.subspan(q * static_cast<size_t>(dim_), static_cast<size_t>(dim_)), k)) {
      truth[q].push_back(s.item);
    }
    std::sort(truth[q].begin(), truth[q].end());
  }
  double recall = 0;
  for (int ef = 16;; ef *= 2) {
    SetEfSearch(std::min(ef, max_ef));
    size_t hits = 0, wanted = 0;
    for (size_t q = 0; q < n; ++q) {
      for (const auto& s :
           Search(queries.subspan(q * static_cast<size_t>(dim_), static_cast<size_t>(dim_)), k)) {
        hits += std::binary_search(truth[q].begin(), truth[q].end(), s.item);
      }
      wanted += truth[q].size();
    }
    recall = wanted == 0 ? 1.0 : static_cast<double>(hits) / static_cast<double>(wanted);
    if (recall >= target || ef >= max_ef) return recall;
  }
}

float FactorSearch::Dot(int32_t item, std::span<const float> query) const {
  const Eigen::Map<const Eigen::VectorXf> row(factors_.data() + static_cast<size_t>(item) * dim_,
                                              dim_);
  return row.dot(Eigen::Map<const Eigen::VectorXf>(query.data(), dim_));
}

std::vector<recommend::ScoredItem> FactorSearch::SearchExact(std::span<const float> query,
                                                             int k) const {
  using RowMajor = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  const Eigen::Map<const RowMajor> items(factors_.data(), items_, dim_);
  std::vector<float> scores(static_cast<size_t>(items_));
  Eigen::Map<Eigen::VectorXf>(scores.data(), items_).noalias() =
      items * Eigen::Map<const Eigen::VectorXf>(query.data(), dim_);
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
    const auto item = static_cast<int32_t>(found.top().second);
    out.push_back({item, Dot(item, query), {}});
  }
  std::sort(out.begin(), out.end(), recommend::RanksBefore);
  return out;
}

}  // namespace mercato::serving
