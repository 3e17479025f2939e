// Summary CSV reading: both column conventions, ids, and errors naming file, line and column.
#include "customers/summary.h"

#include <gtest/gtest.h>

#include <fstream>

namespace mercato::customers {
namespace {

std::string Write(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + "/summary_" + name + ".csv";
  std::ofstream(path) << text;
  return path;
}

TEST(Summary, ReadsLifetimesAndFaderHardieColumns) {
  auto a =
      ReadSummaryCsv(Write("lifetimes", "ID,frequency,recency,T\n7,2,30.43,38.86\n8,0,0,38.86\n"));
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  ASSERT_EQ(a->customers.size(), 2u);
  EXPECT_FALSE(a->has_monetary);
  EXPECT_EQ(a->customers[0].id, "7");
  EXPECT_EQ(a->customers[0].frequency, 2);
  EXPECT_EQ(a->customers[0].recency, 30.43);
  EXPECT_EQ(a->customers[0].age, 38.86);

  auto b = ReadSummaryCsv(Write("fh", "x,t_x,T,zbar\n2,30.43,38.86,22.35\n0,0,38.86,0\n"));
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_TRUE(b->has_monetary);
  EXPECT_EQ(b->customers[1].id, "2");
  EXPECT_EQ(b->customers[0].monetary, 22.35);
}

TEST(Summary, ErrorsNameFileLineAndColumn) {
  const std::string path = Write("bad", "frequency,recency,T\n1,2,10\n1,abc,10\n");
  auto r = ReadSummaryCsv(path);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find(path + ":3: column 'recency'"), std::string::npos)
      << r.status().message();
  auto late = ReadSummaryCsv(Write("late", "frequency,recency,T\n1,12,10\n"));
  ASSERT_FALSE(late.ok());
  EXPECT_NE(late.status().message().find(":2: column 'recency'"), std::string::npos);
  EXPECT_FALSE(ReadSummaryCsv(Write("fraction", "frequency,recency,T\n1.5,2,10\n")).ok());
  EXPECT_FALSE(ReadSummaryCsv(Write("spend", "x,t_x,T,zbar\n1,2,10,0\n")).ok());
  EXPECT_FALSE(ReadSummaryCsv(Write("cols", "a,b,c\n1,2,3\n")).ok());
  EXPECT_FALSE(ReadSummaryCsv(Write("empty", "frequency,recency,T\n")).ok());
  EXPECT_FALSE(ReadSummaryCsv(::testing::TempDir() + "/no_such_summary.csv").ok());
}

}  // namespace
}  // namespace mercato::customers
