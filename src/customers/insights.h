// Per-customer intelligence as of a date: P(alive), expected purchases, next order date, CLV,
// lapse risk, predicted lapse and win-back dates, RFM segment and lifecycle stage.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/time.h"
#include "customers/btyd_model.h"
#include "customers/gamma_gamma.h"
#include "customers/model_gate.h"
#include "customers/order_history.h"
#include "customers/rfm.h"

namespace mercato::customers {

enum class LifecycleStage { kNew, kActive, kAtRisk, kLapsed, kWonBack, kVip };
inline constexpr size_t kLifecycleStageCount = 6;

/// "new", "active", "at-risk", "lapsed", "won-back", "vip".
std::string_view LifecycleStageName(LifecycleStage stage);
std::optional<LifecycleStage> ParseLifecycleStage(std::string_view name);

struct InsightOptions {
  /// Everything is computed from orders strictly before this time (default: the day after the
  /// last order).
  std::optional<Timestamp> as_of;
  BtydKind model = BtydKind::kMbgNbd;
  /// Window of `expected_purchases`, days.
  double purchases_horizon_days = 90;
  /// CLV horizon, days, and annual discount rate.
  double clv_horizon_days = 365;
  double annual_discount_rate = 0.10;
  /// A customer counts as lapsed once P(alive) falls to this value.
  double lapse_threshold = 0.5;
  /// Win-back starts this many days before the predicted lapse date (never before the last
  /// purchase).
  int winback_lead_days = 45;
  /// Not yet lapsed but P(alive) at most this -> at risk.
  double at_risk_p_alive = 0.7;
  /// Stage rules, first match (docs/customers.md): first purchase within `new_days` -> new;
  /// past the predicted lapse date -> lapsed; P(alive) at most `at_risk_p_alive` -> at risk;
  /// bought within `won_back_days` after having lapsed -> won back; otherwise, top
  /// `vip_share` by spend over the last 365 days -> VIP; otherwise active.
  int new_days = 30;
  int won_back_days = 90;
  double vip_share = 0.10;
  /// L2 penalty on the model's log-parameters. A little keeps the dropout parameters away from
  /// the boundary where a short history says "nobody ever leaves" (UCI: a -> 0 unpenalized),
  /// which would leave no one at risk; 0.01 changes the UCI holdout AUC from 0.734 to 0.738.
  double l2_penalty = 0.01;
  /// No predicted date lies further than this after as_of: a customer whose next order or
  /// lapse would come later gets none (null), and one not expected to order again within it
  /// is lapsed. Two years: past it a BTYD extrapolation rests on no observed behaviour (issue
  /// 15: a win-back start in 2035).
  int prediction_horizon_days = 730;
  /// Use the fitted model only when the data pass `requirements` and the fit is not
  /// degenerate; otherwise score with the empirical fallback (empirical_lapse.h). False: the
  /// model is always used (its warnings are still reported).
  bool require_enough_data = true;
  DataRequirements requirements;
};

struct CustomerInsight {
  int32_t customer = 0;  // dense id
  std::string id;
  int purchases = 0;  // purchase days before as_of
  Timestamp first_purchase = 0, last_purchase = 0;
  double total_spend = 0, spend_last_365_days = 0;
  double p_alive = 0;
  double expected_purchases = 0;  // in the next purchases_horizon_days
  /// The median time to the next purchase if alive; nullopt when not expected to return
  /// within prediction_horizon_days.
  std::optional<Timestamp> next_order_date;
  double expected_spend = 0;  // per purchase (Gamma-Gamma)
  double clv = 0;             // discounted, over clv_horizon_days; never negative
  double lapse_risk = 0;      // 1 - P(alive)
  std::optional<Timestamp> lapse_date, winback_start;
  RfmScore rfm;
  LifecycleStage stage = LifecycleStage::kActive;
  /// What the predictions rest on: the model's name or "empirical" (BasisName).
  std::string_view basis;
};

/// A named group of customers: a lifecycle stage (lower-case, as `mercato customers` prints
/// them) or an RFM segment (any case; "New" is the RFM segment, "new" the stage).
struct CustomerSegment {
  std::optional<LifecycleStage> stage;
  std::optional<RfmSegment> rfm;
  bool Contains(const CustomerInsight& c) const;
};

/// The stage or RFM segment named `name`; nullopt for any other name.
std::optional<CustomerSegment> ParseCustomerSegment(std::string_view name);
/// Every valid segment name, for error messages: "lifecycle stages: new, …; RFM segments:
/// "Champions", …".
std::string CustomerSegmentNames();

/// What the predictions rest on.
enum class InsightBasis { kModel, kEmpirical };

struct CustomerInsights {
  Timestamp as_of = 0;
  /// kModel: the fitted BTYD model `model` and the spend model. kEmpirical: the data failed the
  /// minimum-data gate or the fit is degenerate, so P(alive), dates and CLV come from the
  /// inter-purchase intervals (EmpiricalLapseModel) and the observed spend.
  InsightBasis basis = InsightBasis::kModel;
  /// The gate's verdict on the data, and warnings (a degenerate fit, the fallback and why).
  ModelDataCheck data_check;
  std::vector<std::string> warnings;
  BtydModel model;
  std::optional<GammaGammaFit> spend_model;
  std::vector<CustomerInsight> customers;  // every customer with a purchase before as_of
};

/// "mbgnbd", "bgnbd", "pareto_nbd" (the model's name) or "empirical".
std::string BasisName(const CustomerInsights& insights);

/// Fits the chosen model and the spend model on the histories as of `as_of` and scores every
/// customer, with the model when the data pass the gate and the fit is regular, with the
/// empirical fallback otherwise. Fails when nobody bought before `as_of`.
Result<CustomerInsights> ComputeInsights(const OrderHistory& history,
                                         const InsightOptions& options = {});

}  // namespace mercato::customers
