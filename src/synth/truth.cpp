// Writes truth.json and truth_customers.csv.
#include "synth/truth.h"

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "common/csv_writer.h"
#include "common/text.h"
#include "synth/competitors.h"
#include "synth/recovery.h"
#include "synth/returns.h"
#include "synth/vocabulary.h"

namespace mercato::synth {

namespace {

using Json = nlohmann::ordered_json;

std::string Iso(double t, const Clock& clock) { return FormatTimestamp(clock.ToTimestamp(t)); }

Json ConfigJson(const SynthConfig& c, int64_t skus) {
  Json config{{"customers", c.customers},
              {"days", c.days},
              {"start", FormatTimestamp(c.start)},
              {"skus", skus},
              {"seed", c.seed},
              {"bgnbd_r", c.bgnbd_r},
              {"bgnbd_alpha", c.bgnbd_alpha},
              {"bgnbd_a", c.bgnbd_a},
              {"bgnbd_b", c.bgnbd_b},
              {"acquisition_decline", c.acquisition_decline},
              {"spend_p", c.spend_p},
              {"spend_q", c.spend_q},
              {"spend_gamma", c.spend_gamma},
              {"taste_background", c.taste_background},
              {"browse_sessions_per_order", c.browse_sessions_per_order},
              {"abandoned_carts_per_order", c.abandoned_carts_per_order},
              {"complement_pairs", c.complement_pairs},
              {"promo_share_per_week", c.promo_share_per_week},
              {"promo_lift", c.promo_lift},
              {"price_change_share", c.price_change_share},
              {"abuser_share", c.abuser_share},
              {"suppliers", c.suppliers},
              {"disruption_at", c.disruption_at},
              {"disruption_factor", c.disruption_factor},
              {"service_z", c.service_z}};
  if (c.rec_lift > 0) {
    config["rec_lift"] = c.rec_lift;
    config["rec_holdout_share"] = c.rec_holdout_share;
    config["rec_test_start"] = c.rec_test_start;
    config["rec_attribution_days"] = c.rec_attribution_days;
  }
  return config;
}

Json PurchaseJson(const TruthInputs& in, int64_t alive) {
  const SynthConfig& c = in.config;
  return Json{
      {"model", "BG/NBD (Fader, Hardie and Lee 2005)"},
      {"lambda",
       {{"distribution", "gamma"},
        {"shape_r", c.bgnbd_r},
        {"rate_alpha", c.bgnbd_alpha},
        {"mean", c.bgnbd_r / c.bgnbd_alpha},
        {"unit", "repeat purchases per day while alive"}}},
      {"dropout",
       {{"distribution", "beta"},
        {"a", c.bgnbd_a},
        {"b", c.bgnbd_b},
        {"mean", c.bgnbd_a / (c.bgnbd_a + c.bgnbd_b)},
        {"when", "after each repeat purchase, with probability p_i (never after the first)"}}},
      {"first_purchase",
       "every customer places a first order 2-30 minutes after customers.created_at; it is "
       "not a repeat purchase"},
      {"intensity",
       "repeat purchases arrive at rate lambda_i * hour(t) * weekday(d) * (sum_j w_ij * S_c_j(d) "
       "+ taste_background * mean_c S_c(d)) with S_c(d) = season * trend * price factor of "
       "subcategory c (see demand) and hour(t) = hour_weights_utc normalized to mean 1 over a "
       "day; the multiplier averages about 1 over a year"},
      {"lost_occasions",
       "an occasion whose whole basket is out of stock produces no order and no dropout draw"},
      {"expected_purchases",
       "truth_customers.csv expected_purchases_<h>d = alive ? (1 - exp(-p_i * L_i)) / p_i : 0 "
       "with L_i = lambda_i * sum over the h days after the period of weekday * (sum_j w_ij * "
       "season_trend_c_j + taste_background * mean_c season_trend_c) (no promotions): the exact "
       "expected number of BG/NBD repeat purchases given lambda_i, p_i and the alive state"},
      {"acquisition",
       {{"density", "proportional to 1 - decline * day / days over the period"},
        {"decline", c.acquisition_decline}}},
      {"counts",
       {{"customers", static_cast<int64_t>(in.customers.size())},
        {"alive_at_end", alive},
        {"first_orders", in.stats.first_orders},
        {"repeat_orders", in.stats.repeat_orders},
        {"follow_up_orders", in.stats.follow_up_orders},
        {"recovered_cart_orders", in.stats.recovered_orders},
        {"lost_occasions", in.stats.lost_occasions}}},
      {"other_orders",
       "orders.csv also holds complementary follow-up orders and recovered abandoned carts "
       "(carts.csv rows with abandoned_at and order_id); both are outside the BG/NBD process"}};
}

Json CatalogJson(const TruthInputs& in) {
  Json depts = Json::array();
  for (const DepartmentSpec& d : Departments()) {
    Json subs = Json::array();
    for (const auto& s : d.subcategories)
      subs.push_back(std::string(d.name) + " > " + std::string(s.name));
    depts.push_back({{"name", d.name},
                     {"subcategories", subs},
                     {"sku_share", d.sku_share},
                     {"price_median", d.price_median},
                     {"price_log_sigma", d.price_sigma},
                     {"cost_ratio", d.cost_ratio},
                     {"elasticity", d.elasticity},
                     {"season_amplitude", d.season_amplitude},
                     {"season_peak_day_of_year", d.season_peak_day},
                     {"trend_per_year", d.trend_per_year},
                     {"return_rate", d.return_rate}});
  }
  return Json{{"skus", static_cast<int64_t>(in.catalog.skus.size())},
              {"variants", "one SKU per product"},
              {"popularity", "Zipf weight 1/rank^s within each subcategory, random ranking"},
              {"zipf_exponent", kZipfExponent},
              {"prices", "regular price log-normal per department, rounded to .99"},
              {"compare_at_price", "cosmetic on 20% of products; no effect on demand"},
              {"departments", depts}};
}

Json DemandJson(const TruthInputs& in) {
  const auto& w = DemandCalendar::WeekdayMultipliers();
  return Json{
      {"weekday_multipliers_monday_first", std::vector<double>(w.begin(), w.end())},
      {"hour_weights_utc",
       std::vector<double>(Clock::HourWeights().begin(), Clock::HourWeights().end())},
      {"seasonality", "1 + season_amplitude * cos(2 pi (day_of_year - season_peak_day) / 365.25)"},
      {"trend", "exp(trend_per_year * (day - (days - 1) / 2) / 365), day from the period start"},
      {"price_factor",
       "(price / base_price)^elasticity, times promo_lift while a promotion runs; base_price is "
       "the regular price at the start of the period (the first price_change row or the "
       "products.csv price otherwise)"},
      {"promo_lift", in.config.promo_lift},
      {"sku_demand",
       "SKU k is drawn into baskets at a rate proportional to popularity_k * weekday * season * "
       "trend * price_factor_k(d): a subcategory's intensity scales with its popularity-weighted "
       "price factor, so promotions add demand rather than only shifting it"},
      {"out_of_stock", "a draw of an out-of-stock SKU is a lost sale (no substitution)"},
      {"promotions",
       {{"rows", static_cast<int64_t>(in.prices.promotions().size()) - in.prices.price_changes()},
        {"price_changes", in.prices.price_changes()},
        {"share_of_skus_per_week", in.config.promo_share_per_week},
        {"discount_pct", {10, 15, 20, 25, 30, 40}},
        {"length_days", "3-14"}}}};
}

Json ComplementsJson(const TruthInputs& in) {
  Json pairs = Json::array();
  const auto& list = in.complements.pairs();
  for (size_t i = 0; i < list.size(); ++i) {
    const ComplementPair& p = list[i];
    pairs.push_back({{"a", in.catalog.skus[p.a].product.sku},
                     {"b", in.catalog.skus[p.b].product.sku},
                     {"probability", p.probability},
                     {"delay", DelayKindName(p.kind)},
                     {"delay_mean_days", p.mean_days},
                     {"delay_sd_days", p.sd_days},
                     {"a_lines_sold", in.stats.complement_a_sold[i]},
                     {"b_purchases_triggered", in.stats.complement_followed[i]}});
  }
  return Json{{"rule",
               "each sold line of A (outside follow-up orders) triggers a purchase of B with "
               "the pair's probability: in the same order (same_basket) or in a separate "
               "follow-up order after a gamma delay (week: mean 7 sd 2 days; month: mean 30 sd 6), "
               "whether or not the customer is still alive; out-of-stock B is lost"},
              {"pairs", pairs}};
}

Json SupplyJson(const TruthInputs& in) {
  Json suppliers = Json::array();
  for (const SupplierSpec& s : in.supply.suppliers()) {
    suppliers.push_back({{"id", s.id},
                         {"lead_time_mean_days", s.lead_mean},
                         {"lead_time_sd_days", s.lead_sd},
                         {"distribution", "gamma"},
                         {"case_pack", s.case_pack},
                         {"min_order_quantity", s.min_order},
                         {"skus", s.skus}});
  }
  const Disruption& d = in.supply.disruption();
  const SupplierSpec& s = in.supply.suppliers()[d.supplier];
  Json windows = Json::array();
  for (const StockoutWindow& w : in.inventory.windows()) {
    windows.push_back({{"sku", in.catalog.skus[w.sku].product.sku},
                       {"start", FormatTimestamp(w.start)},
                       {"end", w.end ? Json(FormatTimestamp(*w.end)) : Json(nullptr)},
                       {"lost_units", w.lost_units}});
  }
  return Json{
      {"suppliers", suppliers},
      {"disruption",
       {{"supplier", s.id},
        {"date", FormatTimestamp(in.clock.DayStart(d.day))},
        {"applies_to", "purchase orders placed on or after the date"},
        {"factor", d.factor},
        {"lead_time_mean_before", s.lead_mean},
        {"lead_time_mean_after", s.lead_mean * d.factor},
        {"lead_time_sd_before", s.lead_sd},
        {"lead_time_sd_after", s.lead_sd * d.factor},
        {"signal_id", d.signal_id},
        {"signal_ts", FormatTimestamp(d.signal_ts)},
        {"signal_severity", 0.8}}},
      {"noise_signals",
       {{"count", in.supply.noise_signals()}, {"severity", "0.1-0.5"}, {"effect", "none"}}},
      {"inventory",
       {{"location", kLocation},
        {"snapshots",
         "inventory.csv: end-of-day level (23:59:59) for every SKU whose level changed that "
         "day and for every SKU on Sundays; a level holds until the next row"},
        {"policy",
         "(s, S) reviewed daily at ~18:00: demand estimate = exponential average (weight "
         "1/14) of daily sales, skipping days with a stock-out; s = est * (L + 1) + z * "
         "sqrt(est * (L + 1)) with L the supplier's nominal lead time (it does not know about "
         "the disruption); S = s + max(min order, 21 days of est); quantities rounded up to the "
         "case pack; 5% of deliveries are short (60-95%)"},
        {"service_z", in.config.service_z},
        {"stockout_windows", windows}}}};
}

Json RecoveryJson(const TruthInputs& in) {
  Json matrix, without, observed;
  for (size_t s = 0; s < kSegmentCount; ++s) {
    const std::string seg(SegmentName(static_cast<Segment>(s)));
    Json row, obs;
    for (size_t i = 0; i < kIncentiveCount; ++i) {
      row[std::string(kIncentiveNames[i])] = kRecoveryProb[s][i];
      obs[std::string(kIncentiveNames[i])] = {{"abandoned", in.stats.abandoned[s][i]},
                                              {"recovered", in.stats.recovered[s][i]}};
    }
    obs["no_email"] = {{"abandoned", in.stats.abandoned[s][kIncentiveCount]},
                       {"recovered", in.stats.recovered[s][kIncentiveCount]}};
    matrix[seg] = row;
    without[seg] = kRecoveryWithoutEmail[s];
    observed[seg] = obs;
  }
  Json shares;
  for (size_t s = 0; s < kSegmentCount; ++s) {
    shares[std::string(SegmentName(static_cast<Segment>(s)))] = SegmentShares()[s];
  }
  return Json{
      {"segment_shares", shares},
      {"abandonment",
       "abandoned carts come at abandoned_carts_per_order times the purchase rate; a cart is "
       "declared abandoned 1 hour after its last activity"},
      {"email",
       "5 minutes after abandonment, if the customer allows email_marketing at that moment, an "
       "email_sent event with source incentive:<name>, the incentive uniformly random"},
      {"incentives",
       {{"free_shipping", "code FREESHIP, shipping 0"},
        {"pct_discount", "code COMEBACK10, 10% off"},
        {"urgency", "no code"},
        {"none", "no code"}}},
      {"recovery_probability", matrix},
      {"recovery_probability_without_email", without},
      {"recovery_delay",
       "gamma, mean 0.75 sd 0.5 days after the email; email_open and "
       "email_click just before"},
      {"observed", observed}};
}

Json ReturnsJson(const TruthInputs& in) {
  Json rates, abusers = Json::array();
  for (const DepartmentSpec& d : Departments()) rates[std::string(d.name)] = d.return_rate;
  for (size_t i = 0; i < in.customers.size(); ++i) {
    if (in.customers[i].abuse == Abuse::kNone) continue;
    abusers.push_back({{"customer_id", CustomerId(i)}, {"kind", AbuseName(in.customers[i].abuse)}});
  }
  return Json{
      {"base_rates", rates},
      {"customer_propensity", "multiplies the base rate: gamma(shape 4, scale 0.25), mean 1"},
      {"delay",
       {{"distribution", "gamma"}, {"mean_days", kReturnDelayMean}, {"sd_days", kReturnDelaySd}}},
      {"conditions", "unopened 0.3, like_new 0.5, damaged 0.1, worn 0.1"},
      {"wardrobing",
       {{"lines", "Apparel and Footwear at or above the department's median price"},
        {"probability", kWardrobeReturnProb},
        {"delay_days", "uniform 1-" + FormatReal(kWardrobeMaxDays)},
        {"condition", "worn"}}},
      {"serial_returner",
       {{"lines", "every non-Grocery line"}, {"probability_at_least", kSerialReturnProb}}},
      {"abuser_share", in.config.abuser_share},
      {"abusers", abusers},
      {"observed_returns", in.stats.returns},
      {"window", "returns after the period end are not in returns.csv"}};
}

Json ConsentJson() {
  Json regions = Json::array();
  for (const RegionSpec& r : Regions()) {
    regions.push_back({{"group", r.group},
                       {"country", r.country},
                       {"region", r.region},
                       {"city", r.city},
                       {"share", r.weight},
                       {"consent", r.regime == ConsentRegime::kOptIn ? "opt-in" : "opt-out"}});
  }
  Json grant;
  for (size_t i = 0; i < kConsentPurposes.size(); ++i) {
    grant[std::string(kConsentPurposes[i])] = kOptInGrantRate[i];
  }
  return Json{
      {"regions", regions},
      {"opt_in",
       {{"rule", "nothing is allowed until granted; a sign-up row per purpose (granted or not)"},
        {"grant_rates", grant},
        {"sms", "only customers with a phone can grant sms_marketing"}}},
      {"opt_out",
       {{"rule", "everything is allowed unless revoked; rows only for explicit opt-outs"},
        {"signup_opt_out_rate", kOptOutSignupRate},
        {"california_sale_sharing_opt_out_rate", kCaliforniaSaleOptOutRate}}},
      {"later_changes",
       {{"email_marketing_revocation", kEmailRevokeRate},
        {"personalization_revocation", kPersonalizationRevokeRate},
        {"email_marketing_later_grant", kEmailLaterGrantRate},
        {"delay",
         "exponential, mean " + FormatReal(kConsentChangeMeanDays) + " days after sign-up"}}},
      {"enforcement", "recovery emails are only sent while email_marketing is allowed"}};
}

Json CompetitorsJson() {
  Json list = Json::array();
  for (const CompetitorSpec& c : Competitors()) {
    list.push_back({{"name", c.name}, {"price_level", c.price_level}});
  }
  return Json{{"competitors", list},
              {"observations",
               "Wednesdays, for a random " + FormatReal(kCompetitorCoverage) +
                   " of SKUs per competitor: our regular price * level * lognormal(0, " +
                   FormatReal(kCompetitorNoise) + "), times " + FormatReal(kCompetitorSaleFactor) +
                   " with probability " + FormatReal(kCompetitorSaleProb)},
              {"effect_on_demand", "none"}};
}

Status WriteCustomers(const TruthInputs& in, const std::string& path) {
  std::vector<double> short_sum, long_sum;
  for (size_t c = 0; c < in.catalog.subcats.size(); ++c) {
    short_sum.push_back(in.calendar.FutureSum(c, kShortHorizon));
    long_sum.push_back(in.calendar.FutureSum(c, kLongHorizon));
  }
  const double short_bg = in.calendar.FutureBackgroundSum(kShortHorizon);
  const double long_bg = in.calendar.FutureBackgroundSum(kLongHorizon);
  ASSIGN_OR_RETURN(auto csv, CsvWriter::Create(path));
  csv->WriteRow({"customer_id", "acquired_at", "alive_at_end", "dropout_at", "lambda", "p", "nu",
                 "mean_spend", "repeat_orders", "expected_purchases_90d", "expected_purchases_365d",
                 "segment", "region_group", "country", "region", "is_abuser", "abuse_kind",
                 "taste_subcategory", "taste"});
  const double bg = in.config.taste_background;
  for (size_t i = 0; i < in.customers.size(); ++i) {
    const CustomerState& c = in.customers[i];
    double exposure_short = bg * short_bg, exposure_long = bg * long_bg;
    std::string taste;
    size_t top = 0;
    for (uint8_t j = 0; j < c.taste_count; ++j) {
      exposure_short += c.taste_weight[j] * short_sum[c.taste[j]];
      exposure_long += c.taste_weight[j] * long_sum[c.taste[j]];
      if (c.taste_weight[j] > c.taste_weight[top]) top = j;
      if (!taste.empty()) taste += ";";
      taste += in.catalog.subcats[c.taste[j]].path + "=" + FormatReal(c.taste_weight[j]);
    }
    auto expected = [&](double exposure) {
      return c.alive() ? (1.0 - std::exp(-c.p * c.lambda * exposure)) / c.p : 0.0;
    };
    const RegionSpec& r = Regions()[c.region];
    csv->WriteRow({CustomerId(i), Iso(c.acquired, in.clock), c.alive() ? "true" : "false",
                   c.alive() ? "" : Iso(c.death, in.clock), FormatReal(c.lambda), FormatReal(c.p),
                   FormatReal(c.nu), FormatReal(in.config.spend_p / c.nu),
                   std::to_string(c.repeat_orders), FormatReal(expected(exposure_short)),
                   FormatReal(expected(exposure_long)), std::string(SegmentName(c.segment)),
                   std::string(r.group), std::string(r.country), std::string(r.region),
                   c.abuse == Abuse::kNone ? "false" : "true", std::string(AbuseName(c.abuse)),
                   in.catalog.subcats[c.taste[top]].path, taste});
  }
  return csv->Close();
}

}  // namespace

Status WriteTruth(const TruthInputs& in, const std::string& dir) {
  int64_t alive = 0;
  for (const CustomerState& c : in.customers) alive += c.alive() ? 1 : 0;
  Json truth{
      {"generator",
       {{"name", "mercato synth"},
        {"format_version", 1},
        {"config", ConfigJson(in.config, static_cast<int64_t>(in.catalog.skus.size()))}}},
      {"period",
       {{"start", FormatTimestamp(in.clock.start())},
        {"calibration_end", FormatTimestamp(in.clock.end())},
        {"days", in.clock.days()},
        {"note", "calibration_end is exclusive: the last simulated day ends just before it"}}},
      {"purchase_process", PurchaseJson(in, alive)},
      {"spend",
       {{"model", "Gamma-Gamma (Fader, Hardie and Lee 2005)"},
        {"order_value", "z ~ Gamma(shape p, rate nu_i); customer mean spend p / nu_i"},
        {"nu", "nu_i ~ Gamma(shape q, rate gamma)"},
        {"p", in.config.spend_p},
        {"q", in.config.spend_q},
        {"gamma", in.config.spend_gamma},
        {"population_mean_spend",
         in.config.spend_p * in.config.spend_gamma / (in.config.spend_q - 1.0)},
        {"basket",
         "items are added until their value reaches z (the last one only if that brings the "
         "value closer to z); z is the subtotal at selling prices before order discounts and "
         "shipping; out-of-stock lines are removed afterwards"}}},
      {"tastes",
       {{"subcategories_per_customer", "1, 2 or 3 with probabilities 0.35, 0.40, 0.25"},
        {"weights", "Dirichlet(1, ...) over the chosen subcategories, times 1 - background"},
        {"background", in.config.taste_background},
        {"coherence", "each further subcategory is from the first one's department w.p. 0.6"},
        {"basket",
         "first item from an anchor subcategory drawn by taste; each next item from "
         "the anchor w.p. 0.6, else a new taste draw"},
        {"per_customer", "truth_customers.csv taste (subcategory=weight;...)"}}},
      {"catalog", CatalogJson(in)},
      {"demand", DemandJson(in)},
      {"complements", ComplementsJson(in)},
      {"supply", SupplyJson(in)},
      {"cart_recovery", RecoveryJson(in)},
      {"returns", ReturnsJson(in)},
      {"consent", ConsentJson()},
      {"competitor_prices", CompetitorsJson()},
  };
  if (in.config.rec_lift > 0) {
    truth["recommendation_holdout"] = HoldoutTruthJson(in.config, in.clock, in.stats.exposures);
  }
  const std::string path = dir + "/truth.json";
  FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return IoError("cannot write " + path);
  const std::string text = truth.dump(1) + "\n";
  const bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  if (std::fclose(f) != 0 || !ok) return IoError("writing " + path + " failed (disk full?)");
  return WriteCustomers(in, dir + "/truth_customers.csv");
}

}  // namespace mercato::synth
