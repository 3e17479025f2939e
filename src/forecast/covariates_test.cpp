// Tests of the covariate CSV reader and the panel covariates: holidays, prices, promotions.
#include "forecast/covariates.h"

#include <gtest/gtest.h>

#include <cmath>

#include "ingest/import_test_util.h"

namespace mercato::forecast {
namespace {

using namespace mercato::testing;

TEST(CovariateCsv, ReadsRowsWithAndWithoutSku) {
  const std::string dir = FreshDir();
  const std::string path = WriteFile(dir, "cov.csv",
                                     "date,sku,name,value\n"
                                     "2024-01-01,,temperature,3.5\n"
                                     "2024-01-02,A,display,1\n"
                                     "2024-01-03,,temperature,-1\n");
  const CovariateFile f = ReadCovariateCsv(path).value();
  ASSERT_EQ(f.values.size(), 3u);
  EXPECT_EQ(f.names, (std::vector<std::string>{"temperature", "display"}));
  EXPECT_EQ(f.values[1].sku, "A");
  EXPECT_EQ(f.values[1].day, DayOf(ParseTimestamp("2024-01-02").value()));
  EXPECT_DOUBLE_EQ(f.values[2].value, -1);
  const std::string no_sku = WriteFile(dir, "g.csv", "name,date,value\nrain,2024-01-01,2\n");
  EXPECT_EQ(ReadCovariateCsv(no_sku).value().values[0].sku, "");
}

TEST(CovariateCsv, BadRowsNameFileLineFieldAndExpectation) {
  const std::string dir = FreshDir();
  const std::string bad_value =
      WriteFile(dir, "v.csv", "date,name,value\n2024-01-01,t,1\n2024-01-02,t,warm\n");
  const Status s = ReadCovariateCsv(bad_value).status();
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("v.csv:3: field 'value': expected a finite number, got 'warm'"),
            std::string::npos)
      << s.message();
  const Status d =
      ReadCovariateCsv(WriteFile(dir, "d.csv", "date,name,value\nyesterday,t,1\n")).status();
  EXPECT_NE(d.message().find("d.csv:2: field 'date': expected a date"), std::string::npos)
      << d.message();
  const Status n =
      ReadCovariateCsv(WriteFile(dir, "n.csv", "date,name,value\n2024-01-01,,1\n")).status();
  EXPECT_NE(n.message().find("field 'name'"), std::string::npos) << n.message();
  const Status h = ReadCovariateCsv(WriteFile(dir, "h.csv", "date,value\n2024-01-01,1\n")).status();
  EXPECT_NE(h.message().find("expected the header date[,sku],name,value"), std::string::npos)
      << h.message();
  const Status w =
      ReadCovariateCsv(WriteFile(dir, "w.csv", "date,name,value\n2024-01-01,t\n")).status();
  EXPECT_NE(w.message().find("w.csv:2: expected 3 fields, got 2"), std::string::npos)
      << w.message();
  EXPECT_FALSE(
      ReadCovariateCsv(WriteFile(dir, "e.csv", "date,name,value\n2024-01-01,t,inf\n")).ok());
}

// Weeks of Monday 2024-03-25 (Good Friday 29 March, Easter Monday 1 April in GB) to Sunday
// 2024-04-21: four complete weeks. A: catalog price 10, sold at 10 then 8; a 20%-off promotion
// runs the whole third week and the first half of the fourth.
TEST(PanelCovariates, HolidaysPricesPromotionsAndCsv) {
  const std::string dir = FreshDir();
  auto store = FreshStore(dir);
  WriteFile(dir, "products.csv", "id,sku,title,price\np1,A,Mug,10\n");
  WriteFile(dir, "customers.csv",
            "id,email,country\nc1,a@example.com,United Kingdom\nc2,b@example.com,GB\n"
            "c3,c@example.com,DE\n");
  WriteFile(dir, "orders.csv",
            "id,customer_id,ts\no1,c1,2024-03-25T10:00:00Z\no2,c2,2024-04-03T10:00:00Z\n"
            "o3,c3,2024-04-21T10:00:00Z\n");
  WriteFile(dir, "order_lines.csv",
            "order_id,line_no,sku,quantity,unit_price\no1,1,A,1,10\no2,1,A,3,8\no2,2,A,1,12\n"
            "o3,1,A,1,8\n");
  WriteFile(dir, "promotions.csv",
            "id,sku,start,end,discount_pct\np1,A,2024-04-08,2024-04-17,20\n");
  ASSERT_TRUE(Import(*store, "generic", {dir}).ok());
  const Snapshot snapshot = LoadSnapshot(*store).value();
  const DemandPanel panel = BuildDemandPanel(snapshot, {}).value();
  ASSERT_EQ(panel.end - panel.first, 4);
  const std::string csv = WriteFile(dir, "cov.csv",
                                    "date,sku,name,value\n2024-03-26,,temp,4\n2024-03-28,,temp,6\n"
                                    "2024-03-27,A,temp,20\n2024-04-23,,temp,9\n");
  const CovariateFile extra = ReadCovariateCsv(csv).value();
  CovariateOptions options;
  options.horizon = 2;
  options.extra = &extra;
  const PanelCovariates c = BuildPanelCovariates(snapshot, panel, options).value();
  EXPECT_EQ(c.countries, (std::vector<std::string>{"GB"}));  // the customers' main country
  EXPECT_EQ(c.end - c.first, 6);
  EXPECT_EQ(c.holidays, (std::vector<float>{1, 1, 0, 0, 0, 0}));
  ASSERT_EQ(c.price.size(), 1u);
  EXPECT_FLOAT_EQ(c.list_price[0], 10);
  EXPECT_FLOAT_EQ(c.price[0][0], 10);
  EXPECT_FLOAT_EQ(c.price[0][1], (3 * 8 + 12) / 4.0f);
  EXPECT_TRUE(std::isnan(c.price[0][2]));
  EXPECT_FLOAT_EQ(c.price[0][3], 8);
  // 8–17 April: the 7 days of the third week, 3 of the fourth.
  EXPECT_FLOAT_EQ(c.promo[0][1], 0);
  EXPECT_FLOAT_EQ(c.promo[0][2], 0.2f);
  EXPECT_NEAR(c.promo[0][3], 0.2 * 3 / 7, 1e-6);
  ASSERT_EQ(c.extra_names, (std::vector<std::string>{"temp"}));
  EXPECT_FLOAT_EQ(c.extra[0][0][0], 20);  // A's own row wins over the all-SKU mean
  EXPECT_FLOAT_EQ(c.extra[0][0][4], 9);   // future periods are covered
  EXPECT_TRUE(std::isnan(c.extra[0][0][1]));
  options.countries = {"DE", "US"};
  const PanelCovariates de = BuildPanelCovariates(snapshot, panel, options).value();
  // Karfreitag, Ostermontag, then Tag der Arbeit (1 May) in the sixth week.
  EXPECT_EQ(de.holidays, (std::vector<float>{1, 1, 0, 0, 0, 1}));
  options.countries = {"XX"};
  EXPECT_EQ(BuildPanelCovariates(snapshot, panel, options).status().code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace mercato::forecast
