// Slash dates in either order, and the evidence a file's rows give (issue 14 item 15).
#include "common/date_order.h"

#include <gtest/gtest.h>

namespace mercato {
namespace {

TEST(DateOrder, ReadsSlashDatesInTheGivenOrder) {
  EXPECT_EQ(ParseTimestamp("05/03/2024", DateOrder::kDayFirst).value(),
            ParseTimestamp("2024-03-05").value());
  EXPECT_EQ(ParseTimestamp("05/03/2024", DateOrder::kMonthFirst).value(),
            ParseTimestamp("2024-05-03").value());
  EXPECT_EQ(ParseTimestamp(" 25/3/2024 7:05", DateOrder::kDayFirst).value(),
            ParseTimestamp("2024-03-25 07:05").value());
  EXPECT_EQ(ParseTimestamp("2024-03-05", DateOrder::kDayFirst).value(),
            ParseTimestamp("2024-03-05").value());
  auto wrong_way = ParseTimestamp("3/25/2024", DateOrder::kDayFirst);
  ASSERT_FALSE(wrong_way.ok());
  EXPECT_NE(wrong_way.status().message().find("day-first date like 31/1/2024"), std::string::npos);
  EXPECT_NE(wrong_way.status().message().find("'3/25/2024'"), std::string::npos);
  EXPECT_FALSE(ParseTimestamp("123/1/2024", DateOrder::kDayFirst).ok());
}

TEST(DateOrder, EvidenceDecidesTheFilesOrder) {
  DateOrderEvidence none;
  none.See("2024-03-05", 2);
  EXPECT_FALSE(none.any());
  EXPECT_EQ(none.Decide(std::nullopt, DateOrder::kMonthFirst).value(), DateOrder::kMonthFirst);

  DateOrderEvidence ambiguous;
  ambiguous.See("05/03/2024 10:00", 2);
  EXPECT_TRUE(ambiguous.any());
  EXPECT_EQ(ambiguous.Decide(std::nullopt, DateOrder::kMonthFirst).value(), DateOrder::kMonthFirst);
  EXPECT_EQ(ambiguous.Decide(DateOrder::kDayFirst, DateOrder::kMonthFirst).value(),
            DateOrder::kDayFirst);

  DateOrderEvidence day_first;
  day_first.See("05/03/2024", 2);
  day_first.See("25/03/2024", 7);
  day_first.See("26/03/2024", 8);
  EXPECT_EQ(day_first.day_first_line(), 7u);
  EXPECT_EQ(day_first.month_first_line(), 0u);
  EXPECT_EQ(day_first.Decide(std::nullopt, DateOrder::kMonthFirst).value(), DateOrder::kDayFirst);
  auto contradicted = day_first.Decide(DateOrder::kMonthFirst, DateOrder::kMonthFirst);
  ASSERT_FALSE(contradicted.ok());
  EXPECT_NE(contradicted.status().message().find("line 7"), std::string::npos);

  DateOrderEvidence both = day_first;
  both.See("03/25/2024", 9);
  auto refused = both.Decide(std::nullopt, DateOrder::kMonthFirst);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("day-first on line 7"), std::string::npos);
  EXPECT_NE(refused.status().message().find("month-first on line 9"), std::string::npos);
}

}  // namespace
}  // namespace mercato
