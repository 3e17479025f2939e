// Area under the ROC curve of scores against binary outcomes (the Mann–Whitney statistic).
#pragma once

#include <cstdint>
#include <optional>
#include <span>

namespace mercato {

/// P(score of a random positive > score of a random negative), ties counting 1/2; nullopt when
/// there is no positive or no negative. `positive` (nonzero for a positive) and `scores` have one
/// entry per example.
std::optional<double> RocAuc(std::span<const double> scores, std::span<const uint8_t> positive);

}  // namespace mercato
