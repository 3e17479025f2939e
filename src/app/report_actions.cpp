// The report: the dashboard's data gathered from the actions, and the one HTML document that
// holds it with the report bundle.
#include "app/report_actions.h"

#include <algorithm>
#include <set>
#include <thread>

#include "app/dashboard_customers.h"
#include "app/dashboard_overview.h"
#include "app/planning_actions.h"
#include "common/text.h"
#include "forecast/store_forecast.h"
#include "inventory/plan_json.h"
#include "web/assets.h"

namespace mercato::app {
namespace {

// /v1/dashboard/overview of the store for the report's day and period.
Result<nlohmann::json> OverviewPart(const ReportOptions& options) {
  DashboardOverviewOptions overview_options;
  overview_options.db = options.db;
  ASSIGN_OR_RETURN(overview_options.period, ParseDashboardPeriod(options.period));
  overview_options.as_of = options.as_of;
  ASSIGN_OR_RETURN(const DashboardOverview overview, BuildDashboardOverview(overview_options));
  return nlohmann::json(DashboardOverviewJson(overview));
}

// /v1/dashboard/customers of the store as of the report's day.
Result<nlohmann::json> CustomersPart(const ReportOptions& options) {
  DashboardCustomersOptions customers_options;
  customers_options.db = options.db;
  customers_options.insight.as_of = options.as_of;
  ASSIGN_OR_RETURN(const DashboardCustomers page, BuildDashboardCustomers(customers_options));
  return nlohmann::json(DashboardCustomersJson(page));
}

// /v1/forecasts of the store with the route's defaults, kept to the series of the `top`
// products with the most expected units (the summary's order) and their summary rows.
Result<nlohmann::json> ForecastPart(const ReportOptions& options) {
  ForecastDemandOptions forecast_options;
  forecast_options.db = options.db;
  forecast_options.store.threads =
      static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  ASSIGN_OR_RETURN(DemandForecasts result, ForecastDemand(forecast_options));
  nlohmann::json body = forecast::ForecastsJson(result.demand, result.forecasts);
  nlohmann::json& products = body["summary"]["products"];
  const size_t top = static_cast<size_t>(std::max(0, options.forecast_products));
  if (products.size() > top)
    products.erase(products.begin() + static_cast<ptrdiff_t>(top), products.end());
  std::set<std::string> kept_products;
  for (const auto& p : products) kept_products.insert(p["product_id"].get<std::string>());
  nlohmann::json kept = nlohmann::json::array();
  for (auto& f : body["forecasts"]) {
    if (kept_products.count(f["product_id"].get<std::string>())) kept.push_back(std::move(f));
  }
  body["series"] = kept.size();
  body["forecasts"] = std::move(kept);
  return body;
}

// /v1/inventory/plan with the route's defaults, as of the report's day when one is given.
Result<nlohmann::json> PlanPart(const ReportOptions& options) {
  PlanInventoryOptions plan_options;
  plan_options.db = options.db;
  ASSIGN_OR_RETURN(plan_options.as_of_day, ParseDayOption(options.as_of, "--as-of"));
  ASSIGN_OR_RETURN(const inventory::Plan plan, PlanInventory(plan_options));
  return nlohmann::json(inventory::PlanJson(plan));
}

// `part`'s error, saying which part of the report it is.
Status InPart(std::string_view part, const Status& status) {
  return Status(status.code(), std::string(part) + ": " + status.message());
}

// Whether `text` holds `closing` ("</script") in any case, which would end its element early.
bool HoldsClosingTag(std::string_view text, std::string_view closing) {
  return ToLower(text).find(closing) != std::string::npos;
}

}  // namespace

Result<nlohmann::json> ReportData(const ReportOptions& options) {
  RETURN_IF_ERROR(ParseDayOption(options.as_of, "--as-of").status());
  nlohmann::json data = {{"generated_at", FormatTimestamp(options.now)}};
  auto overview = OverviewPart(options);
  if (!overview.ok()) return InPart("overview", overview.status());
  data["overview"] = std::move(overview).value();
  auto customers = CustomersPart(options);
  if (!customers.ok()) return InPart("customers", customers.status());
  data["customers"] = std::move(customers).value();
  auto forecast = ForecastPart(options);
  if (!forecast.ok()) return InPart("forecast", forecast.status());
  data["forecast"] = std::move(forecast).value();
  auto plan = PlanPart(options);
  if (!plan.ok()) return InPart("plan", plan.status());
  data["plan"] = std::move(plan).value();
  return data;
}

std::string ScriptSafeJson(const nlohmann::json& data) {
  const std::string text = data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string out;
  out.reserve(text.size() + text.size() / 16);
  for (char c : text) {
    // Outside strings JSON has none of these, so escaping each one keeps the JSON equal.
    switch (c) {
      case '<':
        out += "\\u003c";
        break;
      case '>':
        out += "\\u003e";
        break;
      case '&':
        out += "\\u0026";
        break;
      default:
        out += c;
    }
  }
  return out;
}

Result<std::string> ReportHtml(const nlohmann::json& data, std::string_view script,
                               std::string_view style) {
  if (HoldsClosingTag(script, "</script")) {
    return InvalidArgument("the report script holds \"</script\", which would end it early");
  }
  if (HoldsClosingTag(style, "</style")) {
    return InvalidArgument("the report style sheet holds \"</style\", which would end it early");
  }
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>mercato report</title>\n<style>\n";
  html += style;
  html +=
      "\n</style>\n</head>\n<body>\n<main id=\"mercato-report\">\n<noscript>This report draws "
      "its charts and tables with JavaScript; allow it for this file to see them.</noscript>\n"
      "</main>\n<script type=\"application/json\" id=\"mercato-report-data\">";
  html += ScriptSafeJson(data);
  html += "</script>\n<script>\n";
  html += script;
  html += "\n</script>\n</body>\n</html>\n";
  return html;
}

Result<std::string> BuildReport(const ReportOptions& options) {
  const web::Asset* script = web::FindAsset("report.js");
  const web::Asset* style = web::FindAsset("report.css");
  if (script == nullptr || style == nullptr) {
    return Internal("this mercato was built without the report bundle (report.js, report.css)");
  }
  ASSIGN_OR_RETURN(const nlohmann::json data, ReportData(options));
  return ReportHtml(data, script->body, style->body);
}

}  // namespace mercato::app
