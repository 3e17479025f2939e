// Which model each serving surface asks first: every surface's default preference, and the choice
// `mercato train recommend` makes per surface by a time-split evaluation on the store's own data,
// recorded beside the models as the `recommend.selection` artifact.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/time.h"
#include "recommend/evaluation.h"
#include "recommend/recommender.h"

namespace mercato::serving {

/// The places a list is served: for-you and email (user), the product page (similar items and
/// complements), the cart or live session, and after an order (post-purchase).
enum class Surface : uint8_t { kUser, kSimilar, kComplementary, kCart, kPostPurchase };
inline constexpr std::array kSurfaces = {Surface::kUser, Surface::kSimilar, Surface::kComplementary,
                                         Surface::kCart, Surface::kPostPurchase};

/// "user", "similar", "complementary", "cart", "post_purchase".
std::string_view SurfaceName(Surface surface);

/// The models a surface asks, in order, when nothing was chosen: the first one present answers
/// (the trending and popularity fallbacks last).
std::span<const recommend::ModelKind> DefaultPreference(Surface surface);

/// How the evaluation asks a model for a surface's list (recommend::EvalQuery).
recommend::EvalQuery SurfaceQuery(Surface surface);

struct SelectionOptions {
  int holdout_days = 30;  // the last days of the store's history held out
  int k = 10;             // list length the figures are measured at
  /// Fewer customers with held-out purchases than this keeps the default order (the figures of
  /// a handful of customers are noise).
  int64_t min_users = 50;
};

/// One candidate's figures on a surface (averages over the held-out customers).
struct CandidateFigures {
  recommend::ModelKind model = recommend::ModelKind::kPopularity;
  recommend::Metrics metrics;
};

struct SurfaceChoice {
  Surface surface = Surface::kUser;
  recommend::ModelKind chosen = recommend::ModelKind::kPopularity;
  /// Every personalized model of the surface's default preference that trained, in that order.
  std::vector<CandidateFigures> candidates;
};

/// The record of a selection: per surface the model chosen and every candidate's figures, or why
/// the default order was kept.
struct ModelSelection {
  /// Why every surface keeps its default order (too little history or too few held-out
  /// customers, or selection turned off); empty when the models were evaluated.
  std::string skipped;
  int k = 10;
  int holdout_days = 30;
  std::optional<Timestamp> split_at;    // training data before it, held out from it
  int64_t held_out_users = 0;           // customers with training history and held-out purchases
  std::vector<SurfaceChoice> surfaces;  // one per surface when evaluated, in kSurfaces order
  double seconds = 0;                   // training and evaluating the candidates
  /// The boosters of the ranker measured here (none when it was not, or fused ranks), which the
  /// ranker trained on the whole store keeps (TrainRecommendModels); not in the record.
  std::vector<std::string> ranker_boosters;
  /// The same for the item ranker measured here, which the item ranker trained on the whole
  /// store keeps.
  std::vector<std::string> item_ranker_boosters;

  /// The choice for `surface`; null when the default order holds.
  const SurfaceChoice* Choice(Surface surface) const;
};

/// A selection that keeps every surface's default order, saying why.
ModelSelection DefaultOrder(std::string why, const SelectionOptions& options);

/// Trains each candidate model once on `split` (a time split of the store, see
/// recommend::TimeSplit) and measures it on every surface it can serve; per surface the highest
/// recall@k is chosen, ties to the higher NDCG@k, then to the default preference's order. The
/// two-stage ranker, a candidate of the user surface (served from the lists it ranks at
/// training), is trained last over the single models already trained here, ranking only the
/// lists of the customers measured; its boosters are kept in the selection. The item ranker, a
/// candidate of the complementary, cart and post-purchase surfaces, ranks its per-item lists
/// with its base models trained here (recommend::ItemRankerBaseKinds, the fallbacks trained by
/// it), its boosters kept in the selection; last of their personalized models, it is chosen only
/// where it measures strictly above every single model. With fewer held-out customers than
/// options.min_users nothing is trained and the default order kept. A candidate the data cannot
/// train (FailedPrecondition) is left out; other training failures are errors.
Result<ModelSelection> SelectModels(const recommend::EvalSplit& split,
                                    const recommend::RecommendConfig& config,
                                    const SelectionOptions& options);

/// The models `surface` asks, in order: the chosen one first (when `selection` has a choice),
/// then the default preference without it.
std::vector<recommend::ModelKind> Preference(Surface surface, const ModelSelection& selection);

/// The selection as JSON (the `recommend.selection` artifact's payload and the CLI's output).
std::string SelectionJson(const ModelSelection& selection);
/// Reads SelectionJson's output; InvalidArgument naming the field on anything else.
Result<ModelSelection> ParseSelectionJson(std::string_view json);

/// Artifact kind of the selection record.
inline constexpr std::string_view kSelectionArtifact = "recommend.selection";

}  // namespace mercato::serving
