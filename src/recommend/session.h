// Session-based recommendations: the current session's views and cart (events that arrive live)
// → next items, from item-item cosine similarity over orders, with no retraining per event.
#pragma once

#include <memory>

#include "recommend/bytes.h"
#include "recommend/recommender.h"

namespace mercato::recommend {

/// Trains the session model: cosine similarity n_ij / sqrt(n_i n_j) of items over orders (each
/// order is one finished session), sar_neighbours kept per item. A session of events e_1..e_n
/// (oldest first) scores item i by sum_t w(e_t) * decay^(n - t) * sim(e_t, i), w = 1 for a view,
/// 2 for add-to-cart, 3 for a purchase, decay = session_recency_decay. ForUser treats the
/// customer's latest order as their session.
std::unique_ptr<Recommender> TrainSession(const Snapshot& snapshot, const RecommendConfig& config);

Result<std::unique_ptr<Recommender>> DeserializeSession(ByteReader& reader);

}  // namespace mercato::recommend
