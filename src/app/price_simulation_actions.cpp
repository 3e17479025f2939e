// Replaying a synthetic store's weeks under mercato's, the oracle's, static and competitor prices.
#include "app/price_simulation_actions.h"

#include <fstream>
#include <sstream>

namespace mercato::app {

namespace {

Result<std::map<std::string, double>> ReadPlantedElasticities(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return InvalidArgument("--truth " + path + ": cannot open");
  std::stringstream text;
  text << in.rdbuf();
  const nlohmann::json truth = nlohmann::json::parse(text.str(), nullptr, false);
  const char* expected =
      ": expected the truth.json `mercato generate` writes (catalog.departments[] with name and "
      "elasticity)";
  if (truth.is_discarded()) return InvalidArgument("--truth " + path + ": not JSON" + expected);
  const auto catalog = truth.find("catalog");
  if (catalog == truth.end() || !catalog->is_object() || !catalog->contains("departments") ||
      !(*catalog)["departments"].is_array()) {
    return InvalidArgument("--truth " + path + ": no catalog.departments" + expected);
  }
  std::map<std::string, double> planted;
  for (const nlohmann::json& d : (*catalog)["departments"]) {
    if (!d.is_object() || !d.contains("name") || !d["name"].is_string() ||
        !d.contains("elasticity") || !d["elasticity"].is_number()) {
      return InvalidArgument("--truth " + path + ": a department without name or elasticity" +
                             expected);
    }
    planted[d["name"].get<std::string>()] = d["elasticity"].get<double>();
  }
  return planted;
}

std::string TopLevel(const std::string& category) {
  const size_t cut = category.find(" > ");
  return cut == std::string::npos ? category : category.substr(0, cut);
}

nlohmann::ordered_json OutcomeJson(const pricing::PolicyOutcome& o) {
  return {{"profit", o.profit},
          {"revenue", o.revenue},
          {"units", o.units},
          {"price_changes", o.price_changes},
          {"rule_violations", o.rule_violations}};
}

}  // namespace

Result<PriceSimulation> SimulatePrices(const SimulatePricesOptions& options) {
  if (options.days < 1 || options.days > 3660) {
    return InvalidArgument("--days must be between 1 and 3660, got " +
                           std::to_string(options.days));
  }
  if (options.truth.empty()) {
    return InvalidArgument(
        "--truth is required: the truth.json `mercato generate` wrote beside the store's CSVs "
        "(the simulated world answers prices with its planted elasticities)");
  }
  PriceSimulation out;
  out.truth = options.truth;
  ASSIGN_OR_RETURN(out.planted, ReadPlantedElasticities(options.truth));
  ASSIGN_OR_RETURN(const PriceRecommendations recs, RecommendPrices(options.recommend));
  out.objective = recs.objective;
  std::vector<pricing::SimulatedProduct> products;
  products.reserve(recs.rows.size());
  for (const PriceRecommendationRow& row : recs.rows) {
    const auto e = out.planted.find(TopLevel(row.facts.category));
    if (e == out.planted.end()) {
      return InvalidArgument("--truth " + options.truth + ": no planted elasticity for category '" +
                             row.facts.category + "' of SKU " + row.facts.sku +
                             " (is the store the one `mercato generate` wrote with this truth?)");
    }
    pricing::SimulatedProduct p;
    p.facts = row.facts;
    p.weekly_units = row.weekly_units;
    p.true_elasticity = e->second;
    p.estimated = {row.weekly_units, row.elasticity.elasticity, row.elasticity.ci_low,
                   row.elasticity.ci_high};
    products.push_back(std::move(p));
  }
  out.simulation = pricing::SimulatePricing(recs.rules, products, options.days, recs.profit_weight);
  return out;
}

nlohmann::ordered_json PriceSimulationJson(const PriceSimulation& result) {
  const pricing::PricingSimulation& s = result.simulation;
  nlohmann::ordered_json elasticities = nlohmann::ordered_json::object();
  for (const auto& [category, e] : result.planted) elasticities[category] = e;
  nlohmann::ordered_json j;
  j["days"] = s.days;
  j["weeks"] = s.weeks;
  j["products"] = s.products;
  j["objective"] = result.objective;
  j["world"] = {{"truth", result.truth}, {"elasticities", elasticities}};
  j["policies"] = {{"mercato", OutcomeJson(s.mercato)},
                   {"oracle", OutcomeJson(s.oracle)},
                   {"static", OutcomeJson(s.static_prices)},
                   {"match_competitor", OutcomeJson(s.match_competitor)}};
  j["mercato_share_of_oracle_profit"] =
      s.oracle.profit > 0 ? nlohmann::ordered_json(s.mercato.profit / s.oracle.profit) : nullptr;
  return j;
}

}  // namespace mercato::app
