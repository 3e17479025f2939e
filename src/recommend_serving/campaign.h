// Email campaign exports: one personalized recommendation list per recipient, only for
// customers whose consent allows email marketing, as CSV (one row per recipient, columns per
// item) or JSONL (one object per recipient), ready to import into an email service.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "dataset/snapshot.h"
#include "recommend_serving/recommendation_service.h"

namespace mercato::serving {

struct CampaignReport {
  int64_t customers = 0;     // customer records in the store
  int64_t recipients = 0;    // rows written
  int64_t no_email = 0;      // left out: no email address
  int64_t no_consent = 0;    // left out: email marketing not allowed
  int64_t not_selected = 0;  // left out: not among the selected customers (a segment)
  int64_t personalized = 0;  // recipients whose list used their history
  double seconds = 0;
};

/// Writes the export to `out_path` (JSONL when it ends in ".jsonl", else CSV) through a
/// temporary file renamed at the end, so a failed export leaves nothing half-written. Each
/// recipient's list is ForUser(customer, query): personalized only with personalization
/// consent. Recipients are the customer records of `customers` (a snapshot of the store;
/// catalog_only suffices) with an email address, in customer-id order; `threads` (0: all cores)
/// share the work. When `selected` is given, only customers it accepts (by id) are recipients.
/// A known `currency` (of the prices) is a last CSV column "currency" and a JSONL key
/// "currency"; without one the export is as it always was.
Result<CampaignReport> ExportCampaign(
    const RecommendationService& service, const Snapshot& customers, const Query& query,
    const std::string& out_path, int threads = 0,
    const std::function<bool(std::string_view customer_id)>& selected = nullptr,
    std::string_view currency = {});

}  // namespace mercato::serving
