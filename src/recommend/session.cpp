// The session model: order-level cosine neighbours and recency-weighted live queries.
#include "recommend/session.h"

#include <cmath>

#include "recommend/config_io.h"
#include "recommend/cooccurrence.h"

namespace mercato::recommend {
namespace {

class SessionModel final : public Recommender {
 public:
  SessionModel(RecommendConfig config, int32_t num_items, Neighbours nb, ItemSets latest)
      : config_(config), num_items_(num_items), nb_(std::move(nb)), latest_(std::move(latest)) {}

  ModelKind kind() const override { return ModelKind::kSession; }
  int32_t num_items() const override { return num_items_; }

  std::vector<ScoredItem> ForUser(int32_t customer, int k) const override {
    if (customer < 0 || customer >= latest_.rows()) return {};
    std::vector<ContextItem> session;
    for (int32_t item : latest_.Row(customer)) session.push_back({item, ContextEvent::kPurchase});
    return ForItems(session, k);
  }

  std::vector<ScoredItem> ForItems(std::span<const ContextItem> context, int k) const override {
    std::vector<Seed> seeds;
    const auto decay = static_cast<float>(config_.session_recency_decay);
    float recency = 1.0f;
    for (size_t t = context.size(); t-- > 0;) {  // newest first
      seeds.push_back(
          {context[t].item, ContextEventWeight(context[t].event) * recency, ReasonKind::kSession});
      recency *= decay;
    }
    return ScoreByNeighbours(nb_, seeds, k);
  }

  std::vector<ScoredItem> Related(int32_t item, int k) const override {
    const Seed seed{item, 1.0f, ReasonKind::kSession};
    return ScoreByNeighbours(nb_, {&seed, 1}, k);
  }

  void Serialize(std::string& out) const override {
    ByteWriter w(out);
    w.Put(ModelKind::kSession);
    PutConfig(w, config_);
    w.Put(num_items_);
    PutNeighbours(w, nb_);
    PutItemSets(w, latest_);
  }

  int32_t num_customers() const override { return latest_.rows(); }
  void EraseCustomers(const RowErasure& customers) override {
    customers.EraseCsr(latest_.start, latest_.item);
  }

 private:
  RecommendConfig config_;
  int32_t num_items_;
  Neighbours nb_;
  ItemSets latest_;  // per customer: the items of their latest order
};

}  // namespace

std::unique_ptr<Recommender> TrainSession(const Snapshot& snapshot, const RecommendConfig& config) {
  const ItemSets orders = ItemSetsOfOrders(snapshot);
  const std::vector<int32_t> support = ItemSupport(orders);
  const PairScore cosine = [&](int32_t i, int32_t j, int32_t both) -> float {
    return static_cast<float>(both /
                              std::sqrt(static_cast<double>(support[static_cast<size_t>(i)]) *
                                        static_cast<double>(support[static_cast<size_t>(j)])));
  };
  return std::make_unique<SessionModel>(
      config, snapshot.items.size(),
      TopNeighbours(orders, config.sar_neighbours, config.sar_min_cooccurrence, cosine,
                    config.threads),
      LatestOrderOfCustomers(snapshot));
}

Result<std::unique_ptr<Recommender>> DeserializeSession(ByteReader& reader) {
  RecommendConfig config;
  int32_t num_items = 0;
  Neighbours nb;
  ItemSets latest;
  RETURN_IF_ERROR(GetConfig(reader, config));
  RETURN_IF_ERROR(reader.Get(num_items));
  if (num_items < 0) return InvalidArgument("session model bytes are corrupt");
  RETURN_IF_ERROR(GetNeighbours(reader, num_items, nb));
  RETURN_IF_ERROR(GetItemSets(reader, num_items, latest));
  return std::unique_ptr<Recommender>(
      std::make_unique<SessionModel>(config, num_items, std::move(nb), std::move(latest)));
}

}  // namespace mercato::recommend
