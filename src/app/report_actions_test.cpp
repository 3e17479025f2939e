// The report: its data parts on a small imported store, the JSON that no value can break out of,
// and the one self-contained HTML document.
#include "app/report_actions.h"

#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>

#include "common/text.h"
#include "ingest/import_test_util.h"

namespace mercato::app {
namespace {

using nlohmann::json;

const std::string kScriptTitle = "</script><script>alert(1)</script>";

// 25 products; P01 (titled kScriptTitle) sells 25 a day, P02 24, ..., P25 1, for 120 days from
// 2024-01-01, one order a day by one of 10 customers; each has stock in WH1.
std::string ReportStore() {
  const std::string dir = mercato::testing::FreshDir();
  std::string products = "sku,title,price,cost\n", inventory = "sku,location,ts,on_hand,on_order\n";
  for (int p = 1; p <= 25; ++p) {
    char sku[16];
    std::snprintf(sku, sizeof sku, "P%02d", p);
    products += std::string(sku) + "," +
                (p == 1 ? "\"" + kScriptTitle + "\"" : "Product " + std::to_string(p)) + ",10,4\n";
    inventory += std::string(sku) + ",WH1,2024-04-29T23:59:59Z,100,0\n";
  }
  std::string customers = "id,email\n";
  for (int c = 0; c < 10; ++c) {
    customers += "c" + std::to_string(c) + ",c" + std::to_string(c) + "@example.com\n";
  }
  std::string orders = "id,customer_id,ts\n", lines = "order_id,line_no,sku,quantity,unit_price\n";
  for (int d = 0; d < 120; ++d) {
    const std::string id = "O" + std::to_string(d);
    orders += id + ",c" + std::to_string(d % 10) + "," +
              std::to_string((19723LL + d) * 86400 + 43200) + "\n";
    for (int p = 1; p <= 25; ++p) {
      char sku[16];
      std::snprintf(sku, sizeof sku, "P%02d", p);
      lines += id + "," + std::to_string(p) + "," + sku + "," + std::to_string(26 - p) + ",10\n";
    }
  }
  std::filesystem::create_directories(dir + "/in");
  mercato::testing::WriteFile(dir + "/in", "products.csv", products);
  mercato::testing::WriteFile(dir + "/in", "customers.csv", customers);
  mercato::testing::WriteFile(dir + "/in", "orders.csv", orders);
  mercato::testing::WriteFile(dir + "/in", "order_lines.csv", lines);
  mercato::testing::WriteFile(dir + "/in", "inventory.csv", inventory);
  auto store = mercato::testing::FreshStore(dir);
  const ImportReport report =
      mercato::testing::Import(*store, "generic", {dir + "/in"}, /*strict=*/true);
  EXPECT_TRUE(report.ok());
  return dir + "/store.db";
}

// The text of the data element of a report.
std::string DataElement(const std::string& html) {
  const std::string open = "<script type=\"application/json\" id=\"mercato-report-data\">";
  const size_t begin = html.find(open);
  if (begin == std::string::npos) return "";
  const size_t end = html.find("</script>", begin);
  return html.substr(begin + open.size(), end - begin - open.size());
}

// Whether an attribute src= or href= of `html` names another place (http:, https: or //).
bool LoadsFromElsewhere(const std::string& text) {
  const std::string html = ToLower(text);
  for (std::string_view attribute : {"src", "href"}) {
    for (size_t at = html.find(attribute); at != std::string::npos;
         at = html.find(attribute, at + 1)) {
      size_t i = at + attribute.size();
      while (i < html.size() && std::isspace(static_cast<unsigned char>(html[i]))) ++i;
      if (i == html.size() || html[i] != '=') continue;
      ++i;
      while (i < html.size() && (std::isspace(static_cast<unsigned char>(html[i])) ||
                                 html[i] == '"' || html[i] == '\'')) {
        ++i;
      }
      const std::string value = html.substr(i, 8);
      if (value.rfind("http:", 0) == 0 || value.rfind("https:", 0) == 0 ||
          value.rfind("//", 0) == 0) {
        return true;
      }
    }
  }
  return false;
}

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(ScriptSafeJson, NoValueCanEndTheScriptElementAndTheJsonIsUnchanged) {
  const json data = {{"title", kScriptTitle},
                     {"comment", "<!-- hidden --> & more"},
                     {"nested", {{"a", json::array({"</SCRIPT >", 1.5, nullptr})}}}};
  const std::string text = ScriptSafeJson(data);
  EXPECT_EQ(text.find_first_of("<>&"), std::string::npos) << text;
  EXPECT_EQ(json::parse(text), data);
  EXPECT_NE(text.find("\\u003c/script\\u003e\\u003cscript\\u003ealert(1)"), std::string::npos)
      << text;
}

TEST(ReportHtml, IsOneDocumentHoldingTheDataAndTheBundleInline) {
  const json data = {{"generated_at", "2024-05-01T00:00:00Z"}, {"title", kScriptTitle}};
  const std::string html =
      ReportHtml(data, "document.title = 'x < y';", "main { color: #123; }").value();
  EXPECT_EQ(html.rfind("<!DOCTYPE html>\n<html lang=\"en\">", 0), 0u);
  EXPECT_EQ(Count(html, "<html"), 1u);
  EXPECT_EQ(Count(html, "</html>"), 1u);
  EXPECT_EQ(html.substr(html.size() - 8), "</html>\n");
  // Two script elements (the data, the bundle), each ended once; the title ended neither.
  EXPECT_EQ(Count(html, "<script"), 2u);
  EXPECT_EQ(Count(html, "</script>"), 2u);
  EXPECT_EQ(json::parse(DataElement(html)), data);
  EXPECT_NE(html.find("<style>\nmain { color: #123; }\n</style>"), std::string::npos);
  EXPECT_NE(html.find("<script>\ndocument.title = 'x < y';\n</script>"), std::string::npos);
  EXPECT_FALSE(LoadsFromElsewhere(html));
}

TEST(LoadsFromElsewhere, FindsLinksToOtherPlaces) {
  EXPECT_TRUE(LoadsFromElsewhere("<script src=\"https://cdn.example/x.js\"></script>"));
  EXPECT_TRUE(LoadsFromElsewhere("<link href = '//cdn.example/x.css'>"));
  EXPECT_TRUE(LoadsFromElsewhere("<img SRC=HTTP://x>"));
  EXPECT_FALSE(LoadsFromElsewhere("<a href=\"#/overview\">x</a> src = data:x"));
}

TEST(ReportHtml, RefusesABundleThatWouldEndItsOwnElement) {
  EXPECT_EQ(ReportHtml({}, "var s = '</SCRIPT>';", "").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(ReportHtml({}, "", "a::after { content: '</style>'; }").status().code(),
            StatusCode::kInvalidArgument);
}

TEST(ReportData, HoldsTheOverviewCustomersForecastOfTheTopProductsAndThePlan) {
  ReportOptions options;
  options.db = ReportStore();
  options.now = 1714521600;  // 2024-05-01T00:00:00Z
  const json data = ReportData(options).value();
  EXPECT_EQ(data["generated_at"], "2024-05-01T00:00:00Z");

  // The overview as of the last order's day, 2024-04-29, a Monday: its ISO week holds that day
  // only, one order of sum over p of (26 - p) x 10 = 10 x 325 = 3250; the week before seven.
  const json& overview = data["overview"];
  EXPECT_EQ(overview["as_of"], "2024-04-29");
  EXPECT_EQ(overview["period"], "week");
  EXPECT_EQ(overview["series"].size(), 12u);
  EXPECT_EQ(overview["current"]["orders"], 1);
  EXPECT_DOUBLE_EQ(overview["current"]["revenue"].get<double>(), 3250);
  EXPECT_EQ(overview["previous"]["orders"], 7);
  EXPECT_DOUBLE_EQ(overview["previous"]["revenue"].get<double>(), 7 * 3250);
  EXPECT_EQ(overview["top_products"][0]["title"], kScriptTitle);  // 25 x 10 = 250, the most
  // The customers page: the 10 customers who ordered.
  EXPECT_EQ(data["customers"]["customers"], 10);

  // The forecast: the 20 products with the most expected units, P01 (25 a day) first; P21..P25
  // left out.
  const json& products = data["forecast"]["summary"]["products"];
  ASSERT_EQ(products.size(), 20u);
  EXPECT_EQ(products[0]["product_id"], "P01");
  EXPECT_EQ(products[0]["title"], kScriptTitle);
  EXPECT_EQ(products[19]["product_id"], "P20");
  EXPECT_EQ(data["forecast"]["series"], 20);
  ASSERT_EQ(data["forecast"]["forecasts"].size(), 20u);
  for (const json& f : data["forecast"]["forecasts"]) {
    EXPECT_LE(f["sku"].get<std::string>(), "P20") << f["sku"];
  }
  // The plan: one line per SKU at WH1, as of the day after the data.
  EXPECT_EQ(data["plan"]["as_of"], "2024-04-30");
  EXPECT_EQ(data["plan"]["lines"].size(), 25u);

  options.as_of = "2024-04-15";
  const json earlier = ReportData(options).value();
  EXPECT_EQ(earlier["overview"]["as_of"], "2024-04-15");
  EXPECT_EQ(earlier["plan"]["as_of"], "2024-04-15");
  options.as_of = "mid-April";
  const Status bad_day = ReportData(options).status();
  EXPECT_EQ(bad_day.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(bad_day.message().rfind("--as-of: ", 0), 0u) << bad_day.message();
  options.as_of = "2024-04-29";
  options.period = "fortnight";
  const Status bad_period = ReportData(options).status();
  EXPECT_EQ(bad_period.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(bad_period.message(), "overview: period=fortnight: expected day, week or month");
}

TEST(BuildReport, IsOneSelfContainedDocumentWhoseDataNoTitleCanBreak) {
  ReportOptions options;
  options.db = ReportStore();
  options.now = 1714521600;
  const std::string html = BuildReport(options).value();
  EXPECT_EQ(html.rfind("<!DOCTYPE html>\n<html lang=\"en\">", 0), 0u);
  EXPECT_EQ(Count(html, "<html"), 1u);
  EXPECT_EQ(Count(html, "</html>"), 1u);
  EXPECT_EQ(Count(html, "<body>"), 1u);
  // The data element holds the report's data whole; the title's "</script>" ended nothing, and
  // nothing of it appears unescaped anywhere in the file.
  EXPECT_EQ(json::parse(DataElement(html)), ReportData(options).value());
  EXPECT_EQ(html.find(kScriptTitle), std::string::npos);
  EXPECT_EQ(html.find("<script>alert(1)"), std::string::npos);
  // Self-contained: nothing loaded from elsewhere, and the bundle is inline.
  EXPECT_FALSE(LoadsFromElsewhere(html));
  EXPECT_EQ(Count(html, "<script src"), 0u);
  EXPECT_EQ(Count(html, "<link"), 0u);
  EXPECT_NE(html.find("mercato-report-data"), html.rfind("mercato-report-data"))
      << "the bundle that reads the data element is inline";
}

}  // namespace
}  // namespace mercato::app
