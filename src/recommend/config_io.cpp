// Field-by-field RecommendConfig serialization; one list keeps writer and reader in step.
#include "recommend/config_io.h"

namespace mercato::recommend {
namespace {

// Calls f on every field of the config, in the serialized order.
template <class Config, class F>
void ForEachField(Config& c, F&& f) {
  f(c.seed);
  f(c.threads);
  f(c.trending_half_life_days);
  f(c.sar_similarity);
  f(c.sar_half_life_days);
  f(c.sar_min_cooccurrence);
  f(c.sar_neighbours);
  f(c.als_factors);
  f(c.als_iterations);
  f(c.als_regularization);
  f(c.als_alpha);
  f(c.als_cg_steps);
  f(c.als_init_scale);
  f(c.fbt_min_pair_count);
  f(c.fbt_min_confidence);
  f(c.fbt_min_lift);
  f(c.fbt_relaxed);
  f(c.followup_max_days);
  f(c.followup_min_count);
  f(c.complementary_neighbours);
  f(c.complementary_same_category_weight);
  f(c.content_neighbours);
  f(c.session_recency_decay);
  f(c.ease_lambda);
  f(c.ease_max_items);
  f(c.ease_neighbours);
  f(c.bpr_factors);
  f(c.bpr_epochs);
  f(c.bpr_learning_rate);
  f(c.bpr_regularization);
  f(c.ranker_validation_days);
  f(c.ranker_candidates);
  f(c.ranker_trend_days);
  f(c.ranker_min_customers);
  f(c.ranker_rounds);
  f(c.ranker_max_depth);
  f(c.ranker_eta);
  f(c.ranker_min_child_weight);
  f(c.ranker_boosters);
  // Not ranker_stored_items: the ranker writes it beside its stored lists, so that adding it left
  // every other model's bytes (and the artifacts trained before it) as they were.
}

}  // namespace

void PutConfig(ByteWriter& w, const RecommendConfig& c) {
  ForEachField(c, [&](const auto& v) { w.Put(v); });
}

Status GetConfig(ByteReader& r, RecommendConfig& c) {
  Status status;
  ForEachField(c, [&](auto& v) {
    if (status.ok()) status = r.Get(v);
  });
  return status;
}

}  // namespace mercato::recommend
