// The journeys page: the journeys as `journeys list` gives them, each with `journeys stats`, and
// the outbox's counts.
#include "app/dashboard_journeys.h"

#include <filesystem>

#include "app/outbox_actions.h"
#include "store/open_store.h"

namespace mercato::app {

Result<nlohmann::json> BuildDashboardJourneys(const JourneyOptions& options, Timestamp now) {
  if (!std::filesystem::exists(options.db)) {
    return NotFound(options.db + ": no such store (create it with `mercato import --db " +
                    options.db + " ...`)");
  }
  ASSIGN_OR_RETURN(nlohmann::json page, ListJourneysJson(options));
  for (nlohmann::json& journey : page["journeys"]) {
    JourneyStatsOptions stats_options;
    stats_options.journeys = options;
    stats_options.id = journey["id"].get<std::string>();
    stats_options.now = now;
    ASSIGN_OR_RETURN(const JourneyStats stats, ReportJourneyStats(stats_options));
    journey["stats"] = JourneyStatsJson(stats);
  }
  ASSIGN_OR_RETURN(std::unique_ptr<Store> store, OpenStore(options.db));
  ASSIGN_OR_RETURN(page["outbox"], OutboxStats(*store));
  return page;
}

}  // namespace mercato::app
