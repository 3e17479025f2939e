// ROC AUC: perfect, reversed and tied rankings, a hand-computed case, and undefined inputs.
#include "numeric/roc_auc.h"

#include <gtest/gtest.h>

#include <vector>

namespace mercato {
namespace {

TEST(RocAuc, PerfectReversedAndTiedRankings) {
  const std::vector<uint8_t> y = {0, 0, 1, 1};
  EXPECT_DOUBLE_EQ(*RocAuc(std::vector<double>{1, 2, 3, 4}, y), 1.0);
  EXPECT_DOUBLE_EQ(*RocAuc(std::vector<double>{4, 3, 2, 1}, y), 0.0);
  EXPECT_DOUBLE_EQ(*RocAuc(std::vector<double>{5, 5, 5, 5}, y), 0.5);
}

TEST(RocAuc, MatchesAHandCount) {
  // Pairs (positive, negative): 0.9>0.1, 0.9>0.4, 0.9>0.35(+1 each: 3); 0.35 vs 0.1 (+1), vs 0.4
  // (0), vs itself tie (0.5); 0.8 beats all three (3): 7.5 of 9.
  const std::vector<double> s = {0.1, 0.4, 0.35, 0.9, 0.35, 0.8};
  const std::vector<uint8_t> y = {0, 0, 0, 1, 1, 1};
  EXPECT_DOUBLE_EQ(*RocAuc(s, y), 7.5 / 9.0);
}

TEST(RocAuc, UndefinedWithoutBothClasses) {
  EXPECT_FALSE(RocAuc(std::vector<double>{1, 2}, std::vector<uint8_t>{1, 1}).has_value());
  EXPECT_FALSE(RocAuc(std::vector<double>{}, std::vector<uint8_t>{}).has_value());
}

}  // namespace
}  // namespace mercato
