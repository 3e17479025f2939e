// The merchant's report: one self-contained HTML file with the dashboard's overview, customers,
// forecast and reorder plan, for merchants who do not run the server. Its data is the JSON the
// dashboard's routes answer, embedded in the page with the report bundle (report.js and
// report.css, built with the dashboard) that draws it; opening it needs no server and no
// network. `mercato report` calls this.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "common/status.h"
#include "common/time.h"

namespace mercato::app {

struct ReportOptions {
  std::string db;
  /// The last day the overview and customers cover (YYYY-MM-DD), and the reorder plan's day;
  /// empty: the overview's default (the day of the store's last order), the plan's (the day
  /// after the data).
  std::string as_of;
  std::string period = "week";  // the overview's periods: day, week or month
  /// The forecast lists the products with the most expected units, this many.
  int forecast_products = 20;
  Timestamp now = 0;  // generated_at
};

/// {"generated_at", "overview", "customers", "forecast", "plan"}: the JSON of
/// /v1/dashboard/overview, /v1/dashboard/customers, /v1/forecasts (its series of the top
/// `forecast_products` products, and their summary) and /v1/inventory/plan for the options.
Result<nlohmann::json> ReportData(const ReportOptions& options);

/// `data` as the text of a <script type="application/json"> element: JSON in which '<', '>'
/// and '&' are written as \u003c, \u003e and \u0026, so no value (a product title holding
/// "</script>" or "<!--") can end the element or change how the page is parsed.
std::string ScriptSafeJson(const nlohmann::json& data);

/// One HTML document: `style` inline, `data` in <script type="application/json"
/// id="mercato-report-data">, then `script` inline. InvalidArgument when `script` or `style`
/// holds text that would end its element ("</script", "</style").
Result<std::string> ReportHtml(const nlohmann::json& data, std::string_view script,
                               std::string_view style);

/// The report of the store: ReportData drawn by the report bundle compiled into the binary.
Result<std::string> BuildReport(const ReportOptions& options);

}  // namespace mercato::app
