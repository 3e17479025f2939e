// TF-IDF vectors in an inverted index; each item's neighbours from the postings of its terms.
#include "recommend/content.h"

#include <omp.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <unordered_map>

#include "recommend/config_io.h"
#include "recommend/cooccurrence.h"

namespace mercato::recommend {
namespace {

struct Posting {
  int32_t item;
  float weight;
};

class ContentModel final : public Recommender {
 public:
  ContentModel(RecommendConfig config, int32_t num_items, Neighbours nb, ItemSets history)
      : config_(config), num_items_(num_items), nb_(std::move(nb)), history_(std::move(history)) {}

  ModelKind kind() const override { return ModelKind::kContent; }
  int32_t num_items() const override { return num_items_; }

  std::vector<ScoredItem> ForUser(int32_t customer, int k) const override {
    if (customer < 0 || customer >= history_.rows()) return {};
    std::vector<Seed> seeds;
    for (int32_t item : history_.Row(customer)) {
      seeds.push_back({item, 1.0f, ReasonKind::kSimilarContent});
    }
    return ScoreByNeighbours(nb_, seeds, k);
  }

  std::vector<ScoredItem> ForItems(std::span<const ContextItem> context, int k) const override {
    std::vector<Seed> seeds;
    for (const ContextItem& c : context)
      seeds.push_back({c.item, 1.0f, ReasonKind::kSimilarContent});
    return ScoreByNeighbours(nb_, seeds, k);
  }

  std::vector<ScoredItem> Related(int32_t item, int k) const override {
    const Seed seed{item, 1.0f, ReasonKind::kSimilarContent};
    return ScoreByNeighbours(nb_, {&seed, 1}, k);
  }

  void Serialize(std::string& out) const override {
    ByteWriter w(out);
    w.Put(ModelKind::kContent);
    PutConfig(w, config_);
    w.Put(num_items_);
    PutNeighbours(w, nb_);
    PutItemSets(w, history_);
  }

  int32_t num_customers() const override { return history_.rows(); }
  void EraseCustomers(const RowErasure& customers) override {
    customers.EraseCsr(history_.start, history_.item);
  }

 private:
  RecommendConfig config_;
  int32_t num_items_;
  Neighbours nb_;
  ItemSets history_;  // per customer: the items they interacted with
};

}  // namespace

std::vector<std::string> Tokenize(std::string_view text) {
  std::vector<std::string> tokens;
  std::string current;
  auto flush = [&] {
    if (current.size() >= 2) tokens.push_back(current);
    current.clear();
  };
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 128 && std::isalnum(c)) {
      current.push_back(static_cast<char>(std::tolower(c)));
    } else {
      flush();
    }
  }
  flush();
  return tokens;
}

std::unique_ptr<Recommender> TrainContent(const TrainInput& input, const RecommendConfig& config) {
  const Snapshot& s = input.snapshot;
  const int32_t n = s.items.size();
  // Term counts per item, in term-id order.
  std::unordered_map<std::string, int32_t> term_ids;
  std::vector<std::vector<std::pair<int32_t, float>>> rows(static_cast<size_t>(n));
  std::vector<int32_t> df;
  for (int32_t i = 0; i < n; ++i) {
    std::vector<std::string> tokens;
    if (static_cast<size_t>(i) < input.item_texts.size()) {
      tokens = Tokenize(input.item_texts[static_cast<size_t>(i)]);
    }
    if (s.item_category[static_cast<size_t>(i)] != IdIndex::kNone) {
      tokens.push_back("category:" + std::to_string(s.item_category[static_cast<size_t>(i)]));
    }
    std::vector<int32_t> ids;
    for (const std::string& t : tokens) {
      auto [it, added] = term_ids.emplace(t, static_cast<int32_t>(df.size()));
      if (added) df.push_back(0);
      ids.push_back(it->second);
    }
    std::sort(ids.begin(), ids.end());
    auto& row = rows[static_cast<size_t>(i)];
    for (size_t a = 0; a < ids.size();) {
      size_t b = a;
      while (b < ids.size() && ids[b] == ids[a]) ++b;
      row.push_back({ids[a], static_cast<float>(b - a)});
      ++df[static_cast<size_t>(ids[a])];
      a = b;
    }
  }
  const int64_t max_df = std::max<int64_t>(1000, n / 5);
  std::vector<std::vector<Posting>> postings(df.size());
  for (int32_t i = 0; i < n; ++i) {
    auto& row = rows[static_cast<size_t>(i)];
    double norm = 0;
    for (auto& [term, w] : row) {
      const int32_t d = df[static_cast<size_t>(term)];
      w = d > max_df ? 0.0f : static_cast<float>(w * std::log(static_cast<double>(n) / d));
      norm += static_cast<double>(w) * w;
    }
    if (norm <= 0) continue;
    for (auto& [term, w] : row) {
      w = static_cast<float>(w / std::sqrt(norm));
      if (w > 0) postings[static_cast<size_t>(term)].push_back({i, w});
    }
  }
  std::vector<std::vector<Posting>> lists(static_cast<size_t>(n));
  const int threads = config.threads > 0 ? config.threads : omp_get_max_threads();
#pragma omp parallel num_threads(threads)
  {
    std::vector<float> dot(static_cast<size_t>(n), 0.0f);
    std::vector<int32_t> touched;
#pragma omp for schedule(dynamic, 64)
    for (int32_t i = 0; i < n; ++i) {
      touched.clear();
      for (const auto& [term, w] : rows[static_cast<size_t>(i)]) {
        if (w <= 0) continue;
        for (const Posting& p : postings[static_cast<size_t>(term)]) {
          if (p.item == i) continue;
          if (dot[static_cast<size_t>(p.item)] == 0.0f) touched.push_back(p.item);
          dot[static_cast<size_t>(p.item)] += w * p.weight;
        }
      }
      auto& out = lists[static_cast<size_t>(i)];
      for (int32_t j : touched) {
        out.push_back({j, dot[static_cast<size_t>(j)]});
        dot[static_cast<size_t>(j)] = 0.0f;
      }
      auto better = [](const Posting& a, const Posting& b) {
        return a.weight > b.weight || (a.weight == b.weight && a.item < b.item);
      };
      const auto keep = static_cast<size_t>(config.content_neighbours);
      if (out.size() > keep) {
        std::nth_element(out.begin(), out.begin() + static_cast<ptrdiff_t>(keep), out.end(),
                         better);
        out.resize(keep);
      }
      std::sort(out.begin(), out.end(), better);
    }
  }
  Neighbours nb;
  nb.start.push_back(0);
  for (const auto& list : lists) {
    for (const Posting& p : list) {
      nb.item.push_back(p.item);
      nb.score.push_back(p.weight);
      nb.count.push_back(0);
    }
    nb.start.push_back(static_cast<int64_t>(nb.item.size()));
  }
  return std::make_unique<ContentModel>(config, n, std::move(nb), ItemSetsOfCustomers(s));
}

Result<std::unique_ptr<Recommender>> DeserializeContent(ByteReader& reader) {
  RecommendConfig config;
  int32_t num_items = 0;
  Neighbours nb;
  ItemSets history;
  RETURN_IF_ERROR(GetConfig(reader, config));
  RETURN_IF_ERROR(reader.Get(num_items));
  if (num_items < 0) return InvalidArgument("content model bytes are corrupt");
  RETURN_IF_ERROR(GetNeighbours(reader, num_items, nb));
  RETURN_IF_ERROR(GetItemSets(reader, num_items, history));
  return std::unique_ptr<Recommender>(
      std::make_unique<ContentModel>(config, num_items, std::move(nb), std::move(history)));
}

}  // namespace mercato::recommend
