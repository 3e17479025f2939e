#include "recommend/content.h"

#include <gtest/gtest.h>

#include "recommend/snapshot_test_util.h"

namespace mercato::recommend {
namespace {

using testing::MakeSnapshot;

TEST(ContentTest, TokenizesLowerCaseAlphanumerics) {
  EXPECT_EQ(Tokenize("Red T-Shirt, size XL {\"color\":\"red\"} a 42"),
            (std::vector<std::string>{"red", "shirt", "size", "xl", "color", "red", "42"}));
}

TEST(ContentTest, SimilarTextsAreNeighboursEvenWithoutInteractions) {
  // Nobody bought anything: content alone relates the items.
  const Snapshot s = MakeSnapshot(1, 4, {}, 1);
  TrainInput input{s, {"red cotton shirt", "blue cotton shirt", "garden hose", "red garden hose"}};
  auto model = TrainContent(input, {});
  const auto related = model->Related(0, 5);
  ASSERT_EQ(related.size(), 2u);  // item 2 shares no weighted term with item 0
  EXPECT_EQ(related[0].item, 1);
  EXPECT_EQ(related[0].reason.kind, ReasonKind::kSimilarContent);
  EXPECT_EQ(related[0].reason.anchor, 0);
  EXPECT_EQ(related[1].item, 3);
  // idf: blue in 1 of 4 items: 2 ln 2; the others in 2: ln 2; the category in all: 0.
  // Item 0 (ln2)(1,1,1) and item 1 (ln2)(2,1,1) share cotton and shirt: 2 / sqrt(3 * 6).
  EXPECT_NEAR(related[0].score, 2 / std::sqrt(18.0f), 1e-6);
  EXPECT_NEAR(related[1].score, 1.0f / 3, 1e-6);
}

}  // namespace
}  // namespace mercato::recommend
