// The journeys page: the journeys as `journeys list` gives them, each with `journeys stats` (all
// read at once), and the outbox's counts.
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
  std::vector<std::string> ids;
  for (const nlohmann::json& journey : page["journeys"]) ids.push_back(journey["id"]);
  ASSIGN_OR_RETURN(const std::vector<JourneyStats> stats, ReportJourneysStats(options, ids, now));
  for (size_t i = 0; i < ids.size(); ++i) page["journeys"][i]["stats"] = JourneyStatsJson(stats[i]);
  ASSIGN_OR_RETURN(std::unique_ptr<Store> store, OpenStore(options.db));
  ASSIGN_OR_RETURN(page["outbox"], OutboxStats(*store));
  return page;
}

}  // namespace mercato::app
