// Content-based similarity for items without interactions: TF-IDF vectors of each item's text
// (title, description, brand, category path, attributes, tags) and its category, compared by
// cosine.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "recommend/bytes.h"
#include "recommend/recommender.h"

namespace mercato::recommend {

/// Lower-case alphanumeric tokens of at least two characters (ASCII letters and digits; other
/// bytes separate tokens).
std::vector<std::string> Tokenize(std::string_view text);

/// Trains the content model from input.item_texts (may be empty: then categories alone) and
/// snapshot.item_category (token "category:<id>"). Weights tf * ln(N / df), rows L2-normalized;
/// terms in more than max(1000, N / 5) items are dropped as uninformative. Keeps the
/// content_neighbours most similar items per item. ForUser sums the similarities of the items
/// in the customer's history.
std::unique_ptr<Recommender> TrainContent(const TrainInput& input, const RecommendConfig& config);

Result<std::unique_ptr<Recommender>> DeserializeContent(ByteReader& reader);

}  // namespace mercato::recommend
