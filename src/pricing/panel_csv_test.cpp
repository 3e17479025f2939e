// Tests of the long price panel CSV reader: series, groups, optional columns and every kind of
// bad row.
#include "pricing/panel_csv.h"

#include <gtest/gtest.h>

#include "ingest/import_test_util.h"

namespace mercato::pricing {
namespace {

using namespace mercato::testing;

TEST(PanelCsv, ReadsSeriesPerSkuAndStoreInPeriodOrderWithCovariates) {
  const std::string dir = FreshDir();
  const std::string path = WriteFile(dir, "panel.csv",
                                     "store,sku,period,units,price,deal_depth,promo\n"
                                     "2,tropicana,41,100,3.5,0,0\n"
                                     "2,tropicana,40,120,3.0,0.1,1\n"
                                     "5,tropicana,40,80,3.2,0,0\n"
                                     "2,minute_maid,40,60,2.5,0,0\n");
  const PricePanel panel = ReadPanelCsv(path).value();
  EXPECT_EQ(panel.series_level, "series");
  EXPECT_EQ(panel.group_level, "sku");
  EXPECT_EQ(panel.top_level, "all");
  EXPECT_EQ(panel.covariates, (std::vector<std::string>{"deal_depth"}));
  EXPECT_EQ(panel.groups, (std::vector<std::string>{"minute_maid", "tropicana"}));
  ASSERT_EQ(panel.series.size(), 3u);
  const PriceSeries& t2 = panel.series[1];
  EXPECT_EQ(t2.key, "tropicana");
  EXPECT_EQ(t2.location, "2");
  EXPECT_EQ(t2.group, 1);
  EXPECT_EQ(t2.period, (std::vector<int64_t>{40, 41}));
  EXPECT_EQ(t2.units, (std::vector<double>{120, 100}));
  EXPECT_EQ(t2.price, (std::vector<double>{3.0, 3.5}));
  EXPECT_EQ(t2.promo, (std::vector<double>{1, 0}));
  EXPECT_TRUE(t2.feature.empty());  // no feature column
  EXPECT_EQ(t2.covariates, (std::vector<std::vector<double>>{{0.1, 0}}));
  EXPECT_EQ(panel.series[2].location, "5");
  EXPECT_EQ(t2.category, "");  // no category column
}

TEST(PanelCsv, ACategoryColumnIsTheSeriesCategoryNotACovariate) {
  const PricePanel panel = ReadPanelCsv(WriteFile(FreshDir(), "panel.csv",
                                                  "sku,store,period,units,price,category\n"
                                                  "A,1,1,3,2,juice\n"
                                                  "B,1,1,3,2,soda\n"
                                                  "A,1,2,3,2,juice\n"))
                               .value();
  EXPECT_TRUE(panel.covariates.empty());
  ASSERT_EQ(panel.series.size(), 2u);
  EXPECT_EQ(panel.series[0].category, "juice");
  EXPECT_EQ(panel.series[1].category, "soda");
}

TEST(PanelCsv, BadInputNamesFileLineFieldAndExpectation) {
  const std::string dir = FreshDir();
  const auto error = [&](const std::string& name, const std::string& content) {
    return ReadPanelCsv(WriteFile(dir, name, content)).status();
  };
  const std::string header = "sku,store,period,units,price\n";
  const struct {
    std::string name, content, message;
  } cases[] = {
      {"zero.csv", header + "A,1,1,3,2\nA,1,2,3,0\n",
       "zero.csv:3: field 'price': expected a finite number > 0, got '0'"},
      {"negative.csv", header + "A,1,1,3,-2\n",
       "negative.csv:2: field 'price': expected a finite number > 0, got '-2'"},
      {"nan.csv", header + "A,1,1,nan,2\n",
       "nan.csv:2: field 'units': expected a finite number >= 0, got 'nan'"},
      {"negative_units.csv", header + "A,1,1,-1,2\n",
       "negative_units.csv:2: field 'units': expected a finite number >= 0, got '-1'"},
      {"period.csv", header + "A,1,week1,1,2\n",
       "period.csv:2: field 'period': expected an integer week number, got 'week1'"},
      {"sku.csv", header + ",1,1,1,2\n", "sku.csv:2: field 'sku': expected a non-empty SKU"},
      {"width.csv", header + "A,1,1,1\n", "width.csv:2: expected 5 fields (as the header), got 4"},
      {"twice.csv", header + "A,1,7,1,2\nA,1,6,1,2\nA,1,7,2,2\n",
       "twice.csv:4: sku A, store 1, period 7 is given twice (first on line 2)"},
      {"missing.csv", "sku,store,period,units\nA,1,1,1\n", "missing.csv:1: no column 'price'"},
      {"duplicate.csv", "sku,store,period,units,price,price\nA,1,1,1,2,2\n", "duplicate.csv:1: "},
      {"covariate.csv", "sku,store,period,units,price,temp\nA,1,1,1,2,inf\n",
       "covariate.csv:2: field 'temp': expected a finite number, got 'inf'"},
      {"category.csv", "sku,store,period,units,price,category\nA,1,1,1,2,juice\nA,1,2,1,2,soda\n",
       "category.csv:3: field 'category': expected the category of its sku and store's earlier "
       "rows, 'juice' (line 2), got 'soda'"},
      {"empty.csv", "", "empty.csv: empty; expected the header"},
      {"header_only.csv", header, "header_only.csv: no rows after the header"},
  };
  for (const auto& c : cases) {
    const Status s = error(c.name, c.content);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << c.name;
    EXPECT_NE(s.message().find(c.message), std::string::npos) << c.name << ": " << s.message();
  }
  EXPECT_EQ(ReadPanelCsv(dir + "/absent.csv").status().code(), StatusCode::kIoError);
}

}  // namespace
}  // namespace mercato::pricing
