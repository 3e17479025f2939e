// What the erased-customer rule did to an upsert, as JSON.
#include "server/upsert_report_json.h"

namespace mercato::server {

void AddErasedCustomerReport(const app::UpsertReport& report, nlohmann::json& body) {
  body["withheld"] = report.withheld.size();
  body["anonymized"] = report.anonymized.size();
  if (report.withheld.empty() && report.anonymized.empty()) return;
  body["withheld_ids"] = report.withheld;
  body["anonymized_ids"] = report.anonymized;
  body["erased_customer_reason"] = app::kErasedCustomerReason;
}

}  // namespace mercato::server
