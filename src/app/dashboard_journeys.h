// The dashboard's journeys page: every configured journey with its steps and its figures against
// its holdout, the rules they share, and the outbox's messages by status. GET
// /v1/dashboard/journeys calls this.
#pragma once

#include <nlohmann/json.hpp>

#include "app/journey_actions.h"
#include "common/status.h"

namespace mercato::app {

/// The page for the journeys `options` configures, on the store at `options.db` (connections of
/// its own), at time `now` (0: the clock, or `options.as_of`): {"journeys": [ListJourneysJson's
/// entry + "stats": JourneyStatsJson], "rules": {...} as ListJourneysJson, "outbox": OutboxStats}.
/// NotFound when the store does not exist.
Result<nlohmann::json> BuildDashboardJourneys(const JourneyOptions& options, Timestamp now = 0);

}  // namespace mercato::app
