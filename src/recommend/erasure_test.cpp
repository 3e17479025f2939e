// RowErasure: ids move down past removed rows, CSR and dense rows are dropped in step.
#include "recommend/erasure.h"

#include <gtest/gtest.h>

namespace mercato::recommend {
namespace {

TEST(RowErasure, LaterIdsMoveDownPastRemovedRows) {
  const RowErasure e({3, 1, 3});
  EXPECT_EQ(e.removed(), (std::vector<int32_t>{1, 3}));
  EXPECT_EQ(e.NewId(0), 0);
  EXPECT_EQ(e.NewId(1), RowErasure::kRemoved);
  EXPECT_EQ(e.NewId(2), 1);
  EXPECT_EQ(e.NewId(3), RowErasure::kRemoved);
  EXPECT_EQ(e.NewId(7), 5);
  EXPECT_EQ(e.NewId(-1), -1);
}

TEST(RowErasure, CsrAndDenseRowsAreDroppedTogether) {
  const RowErasure e({1, 3});
  std::vector<int64_t> start = {0, 2, 3, 3, 5, 6};  // rows 0..4, row 2 empty
  std::vector<int32_t> col = {10, 11, 12, 13, 14, 15};
  std::vector<float> value = {0, 1, 2, 3, 4, 5};
  e.EraseCsr(start, col, value);
  EXPECT_EQ(start, (std::vector<int64_t>{0, 2, 2, 3}));
  EXPECT_EQ(col, (std::vector<int32_t>{10, 11, 15}));
  EXPECT_EQ(value, (std::vector<float>{0, 1, 5}));
  std::vector<int> dense = {0, 0, 1, 1, 2, 2, 3, 3, 4, 4};
  e.EraseDense(dense, 2);
  EXPECT_EQ(dense, (std::vector<int>{0, 0, 2, 2, 4, 4}));
}

}  // namespace
}  // namespace mercato::recommend
