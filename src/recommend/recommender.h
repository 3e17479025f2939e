// The public interface of every recommendation model: training from the dataset snapshot,
// queries for a user, an item, a basket or live session and an order, and serialization to bytes.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/time.h"
#include "dataset/snapshot.h"
#include "recommend/erasure.h"

namespace mercato::recommend {

/// Why an item is recommended; serving renders it ("bought together with X in 312 orders").
enum class ReasonKind : uint8_t {
  kPopular,           // count = buyers in the training data
  kTrending,          // count = buyers in the recent window
  kBoughtTogether,    // anchor bought in the same order as it, in `count` orders
  kViewedTogether,    // anchor interacted with by the same `count` customers
  kSimilarContent,    // anchor has similar title, description, category or attributes
  kBecauseYouBought,  // the user bought anchor (count = customers who had both)
  kBecauseYouViewed,  // the user viewed anchor (count = customers who had both)
  kFollowUp,          // bought `delay_days` after anchor by `count` customers
  kSession,           // follows anchor in the current session
  kPersonalized,      // latent-factor match to the user's whole history (anchor may be kNone)
};

/// The name used in JSON and on the CLI ("bought_together", ...).
std::string_view ReasonKindName(ReasonKind kind);

struct Reason {
  ReasonKind kind = ReasonKind::kPopular;
  int32_t anchor = -1;      // dense item id the reason refers to, -1 when none
  int32_t count = 0;        // customers/orders supporting the reason
  int32_t delay_days = -1;  // kFollowUp: the best delay after the anchor purchase, else -1
};

/// One recommended item: dense item id, a model-specific score (higher is better, never NaN)
/// and the reason. Lists are sorted by descending score, ties by ascending item id.
struct ScoredItem {
  int32_t item = -1;
  float score = 0.0f;
  Reason reason;
};

/// What the user did with an item in the context of a query (a cart, a live session, an order).
enum class ContextEvent : uint8_t { kView, kAddToCart, kPurchase };

/// How much an event says about interest, for the models that weigh context items:
/// view 1, add to cart 2, purchase 3.
float ContextEventWeight(ContextEvent event);

struct ContextItem {
  int32_t item = -1;  // dense item id; ids outside the catalog are ignored
  ContextEvent event = ContextEvent::kView;
};

/// The models; each has its own file, its own section in RecommendConfig and its entry in the
/// registry (recommend/model_registry.h), which describes it and lists the values in this order.
enum class ModelKind : uint8_t {
  kPopularity,
  kTrending,
  kSar,
  kAls,
  kComplementary,
  kContent,
  kSession,
  kEase,
  kBpr,
  kRanker,
  kItemRanker,
};

/// The default personalized model, chosen by measurement (bench/results/recommend.md) before
/// EASE and the ranker existed: ALS had the best recall@10 on UCI Online Retail with the last 30
/// days held out (0.0529, 2.8x popularity; SAR 0.0458, content 0.0466, trending 0.0450) and on
/// the synthetic store (0.304, 10.7x popularity; SAR 0.280). EASE now measures higher on both
/// (0.0637 and 0.311): it is a candidate of the per-surface choice at training
/// (recommend_serving/surface_models.h), which serves it where the store's own recent purchases
/// say it is best. So is the two-stage ranker on the user surface, served from the lists it ranks
/// at training (a live query costs milliseconds, against the serving budget of 200 µs), and the
/// item ranker on the complementary, cart and post-purchase surfaces (lists per anchor item).
/// Popularity and trending remain the cold-start fallback.
inline constexpr ModelKind kDefaultModel = ModelKind::kAls;

/// The model's registered name.
std::string_view ModelKindName(ModelKind kind);
/// Parses a name printed by ModelKindName; InvalidArgument listing the known names otherwise.
Result<ModelKind> ParseModelKind(std::string_view name);

/// Similarity between items from co-occurrence counts.
enum class Similarity : uint8_t { kJaccard, kLift, kCosine, kCooccurrence };

/// Every model parameter, with its default, in one place (the single source of truth).
struct RecommendConfig {
  uint64_t seed = 42;
  int threads = 0;  // OpenMP threads; 0 = all cores

  // Popularity / trending.
  double trending_half_life_days = 14.0;  // weight of an interaction halves every so many days

  // SAR.
  Similarity sar_similarity = Similarity::kJaccard;
  double sar_half_life_days = 30.0;  // time decay of the user affinity
  int sar_min_cooccurrence = 1;      // item pairs seen together fewer times get no similarity
  int sar_neighbours = 200;          // similar items kept per item

  // ALS (Hu, Koren & Volinsky implicit feedback, conjugate-gradient solver).
  int als_factors = 64;
  int als_iterations = 15;
  double als_regularization = 0.05;
  double als_alpha = 10.0;  // confidence c = 1 + alpha * r
  int als_cg_steps = 3;     // CG steps per row and sweep (warm-started)
  double als_init_scale = 0.01;

  // Complementary: frequently bought together (within an order) and sequential cross-sell.
  int fbt_min_pair_count = 2;  // strict: pairs in fewer orders are dropped
  double fbt_min_confidence = 0.01;
  double fbt_min_lift = 1.0;
  bool fbt_relaxed = false;    // relaxed variant: min count 1 and lift >= 0, for sparse data
  int followup_max_days = 90;  // later purchases count as follow-ups up to this delay
  int followup_min_count = 2;
  int complementary_neighbours = 50;  // bought-together and follow-up items kept per item
  // Complements usually sit in another category (a case for a phone); a same-category pair is
  // often an alternative, so its confidence is multiplied by this weight when ranking.
  double complementary_same_category_weight = 0.5;

  // Content.
  int content_neighbours = 50;

  // Session.
  double session_recency_decay = 0.7;  // weight of the n-th last event: decay^n

  // EASE (closed-form item-item weights). Lambda and BPR's epochs, learning rate and
  // regularization were chosen on UCI Online Retail's validation split, the 30 days before the
  // evaluation holdout (mercato_recommend_tune_bench, bench/results/recommend.md).
  double ease_lambda = 500.0;  // L2 penalty added to the Gram matrix's diagonal
  int ease_max_items = 10000;  // the dense solve covers at most these most-bought items
  int ease_neighbours = 200;   // weights kept per item (largest in magnitude)

  // BPR (matrix factorization trained on pairwise rankings by SGD).
  int bpr_factors = 64;
  int bpr_epochs = 50;  // each epoch draws as many triples as interactions
  double bpr_learning_rate = 0.05;
  double bpr_regularization = 0.01;
  // Ranker: LambdaMART over every other model's candidates (recommend/ranker.h).
  int ranker_validation_days = 30;  // the training data's last days it learns to rank from
  // Depth, candidates and boosters were chosen on two validation windows before the evaluation
  // holdout of UCI Online Retail and of the synthetic test store (bench/REPORT.md): depth 3
  // had a higher nDCG@10 than depth 6 on every window (deeper trees learned the noise of a few
  // hundred validation customers), 30 candidates scored as 50 at less cost, and the mean of 3
  // seeds' boosters is steadier than any one of them.
  int ranker_candidates = 30;     // items each model proposes per question
  int ranker_trend_days = 14;     // an item's recent buyers: latest interaction this recent
  int ranker_min_customers = 20;  // fewer labelled validation customers: fusion, not learning
  int ranker_rounds = 150;        // boosting rounds
  int ranker_max_depth = 3;
  double ranker_eta = 0.1;
  double ranker_min_child_weight = 0.1;  // LambdaMART's hessians are small: a low floor
  int ranker_boosters = 3;  // learned with seeds seed, seed + 1, ...; their scores are averaged
  static constexpr int kMaxRankerBoosters = 16;
  // Items of each known customer's list ranked at training and served by lookup (a live query
  // costs milliseconds, against serving's 200 µs budget); 0: none, every query ranked live.
  // Also the length of the item ranker's list per anchor item (recommend/item_ranker.h), which
  // has no live query: 0 leaves it nothing to serve.
  // Serving asks for 4k items at least (40 for k = 10): 50 leaves room for its rules.
  int ranker_stored_items = 50;
  static constexpr int kMaxRankerStoredItems = 1000;
};

/// Optional inputs some models need beside the snapshot.
struct TrainInput {
  const Snapshot& snapshot;
  /// Per dense item: its text (title, description, category path, attributes, tags joined),
  /// empty when unknown. Only the content model reads it; ItemTexts fills it from the catalog.
  std::vector<std::string> item_texts;
};

/// The item factors of a latent-factor model, whose user scores are inner products of a user
/// vector and item vectors (serving searches them approximately on large catalogs).
struct LatentFactors {
  int32_t dim = 0;
  std::span<const float> items;  // num_items x dim, row-major
};

/// A trained model. Loaded models are read-only: every query is const and thread-safe.
/// Queries never exclude anything (serving over-fetches and filters: already purchased,
/// stock, price, ...); unknown ids give an empty list, never an error.
class Recommender {
 public:
  virtual ~Recommender() = default;

  virtual ModelKind kind() const = 0;
  /// The catalog size the model was trained on (dense item ids are below it).
  virtual int32_t num_items() const = 0;

  /// Top-k items for a customer (dense id) from the history the model was trained on.
  virtual std::vector<ScoredItem> ForUser(int32_t customer, int k) const = 0;
  /// Top-k items for a basket, cart or live session, without retraining; later entries are
  /// more recent. Items in `context` themselves may be returned (serving filters them).
  virtual std::vector<ScoredItem> ForItems(std::span<const ContextItem> context, int k) const = 0;
  /// Top-k items related to one item (the product page). For the complementary model these are
  /// the complements; for others, similar or co-consumed items.
  virtual std::vector<ScoredItem> Related(int32_t item, int k) const = 0;
  /// Top-k follow-up items after an order of `items` (post-purchase). Models without a notion
  /// of delay answer ForItems with purchase events; reason.delay_days tells the best delay.
  virtual std::vector<ScoredItem> AfterPurchase(std::span<const int32_t> items, int k) const;

  /// Appends the model (kind tag, config, parameters) to `out`.
  virtual void Serialize(std::string& out) const = 0;

  /// The item factors of a latent-factor model, for which ForUser(c, k) is the top-k of
  /// UserFactors(c) . item factors; null for other models.
  virtual std::optional<LatentFactors> Factors() const { return std::nullopt; }
  /// The customer's factor vector (dim values); empty when the model has none or ForUser would
  /// return nothing (unknown customer, no history).
  virtual std::span<const float> UserFactors(int32_t customer) const {
    (void)customer;
    return {};
  }
  /// Sets the reason of each of `items` as ForUser(customer, ...) would (latent-factor models,
  /// for items found by searching their factors); other models leave them as they are.
  virtual void ExplainForUser(int32_t customer, std::span<ScoredItem> items) const {
    (void)customer;
    (void)items;
  }

  /// Customer rows the model keeps (factors, histories); 0 for models without per-customer
  /// state. When not 0 it equals the customer count of the snapshot it was trained on.
  virtual int32_t num_customers() const { return 0; }
  /// Drops what the model keeps about the erased customers; later customers move down as the
  /// erasure says. For rewriting the artifacts of an erasure; serving never calls it.
  virtual void EraseCustomers(const RowErasure& customers) { (void)customers; }
};

/// Trains one model. Fails with InvalidArgument on a bad config (e.g. zero factors).
Result<std::unique_ptr<Recommender>> Train(ModelKind kind, const TrainInput& input,
                                           const RecommendConfig& config);

/// Reads a model written by Recommender::Serialize; fails with a clear message on truncated
/// or foreign bytes.
Result<std::unique_ptr<Recommender>> Deserialize(std::string_view bytes);

/// Per dense item of `snapshot`, the text the content model indexes (see TrainInput): the
/// catalog's title, description, brand, category, attributes and tags.
std::vector<std::string> ItemTexts(const Snapshot& snapshot);

}  // namespace mercato::recommend
