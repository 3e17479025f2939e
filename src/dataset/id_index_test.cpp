// Tests of dense id assignment across growth.
#include "dataset/id_index.h"

#include <gtest/gtest.h>

namespace mercato {
namespace {

TEST(IdIndex, DenseStableIdsAcrossGrowth) {
  IdIndex index;
  EXPECT_EQ(index.Find("x"), IdIndex::kNone);
  for (int i = 0; i < 10000; ++i) EXPECT_EQ(index.Add("k" + std::to_string(i)), i);
  for (int i = 0; i < 10000; i += 7) {
    EXPECT_EQ(index.Add("k" + std::to_string(i)), i);
    EXPECT_EQ(index.Find("k" + std::to_string(i)), i);
  }
  EXPECT_EQ(index.size(), 10000);
  EXPECT_EQ(index.Key(1234), "k1234");
  EXPECT_EQ(index.Find("k10000"), IdIndex::kNone);
  EXPECT_EQ(index.Add(""), 10000);  // the empty key is a key like any other
}

}  // namespace
}  // namespace mercato
