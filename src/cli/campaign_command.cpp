// `mercato campaign recommendations`: one recommendation list per email recipient (consent for
// email marketing required; personalized only with personalization consent), as CSV or JSONL,
// optionally only for one lifecycle stage or RFM segment.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <vector>

#include "app/customer_actions.h"
#include "cli/command_failure.h"
#include "cli/commands.h"
#include "cli/recommend_options.h"
#include "customers/insights.h"
#include "recommend_serving/campaign.h"

namespace mercato::cli {
namespace {

struct CampaignArgs {
  ServingArgs serving;
  std::string out;
  int threads = 0;
  std::string segment;
};

int RunCampaign(const CampaignArgs& a) {
  const auto fail = [](const Status& s) { return Fail("campaign recommendations", s); };
  std::optional<customers::CustomerSegment> segment;
  if (!a.segment.empty()) {
    segment = customers::ParseCustomerSegment(a.segment);
    if (!segment) {
      std::cerr << "mercato campaign recommendations: unknown segment '" << a.segment
                << "'; expected one of the " << customers::CustomerSegmentNames() << "\n";
      return 2;
    }
  }
  auto query = QueryOf(a.serving);
  if (!query.ok()) return fail(query.status());
  auto loaded = LoadService(a.serving, QueryVolume::kMany);
  if (!loaded.ok()) return fail(loaded.status());
  Result<std::vector<std::string>> members = std::vector<std::string>{};
  if (segment) {
    members = app::SegmentMembers(a.serving.db, *segment);
    if (!members.ok()) return fail(members.status());
  }
  std::function<bool(std::string_view)> selected;
  if (segment) {
    selected = [&members](std::string_view id) {
      return std::binary_search(members->begin(), members->end(), id);
    };
  }
  auto report = serving::ExportCampaign(*loaded->service, loaded->catalog, query.value(), a.out,
                                        a.threads, selected);
  if (!report.ok()) return fail(report.status());
  const serving::CampaignReport& r = report.value();
  if (a.serving.json) {
    std::cout << nlohmann::json{{"out", a.out},
                                {"customers", r.customers},
                                {"recipients", r.recipients},
                                {"personalized", r.personalized},
                                {"left_out_no_email", r.no_email},
                                {"left_out_no_consent", r.no_consent},
                                {"left_out_not_in_segment", r.not_selected},
                                {"seconds", r.seconds}}
                     .dump(2)
              << "\n";
    return 0;
  }
  std::printf("%lld recipients written to %s in %.2f s (%lld personalized)\n",
              static_cast<long long>(r.recipients), a.out.c_str(), r.seconds,
              static_cast<long long>(r.personalized));
  std::printf("left out: %lld without email, %lld without email-marketing consent",
              static_cast<long long>(r.no_email), static_cast<long long>(r.no_consent));
  if (segment) {
    std::printf(", %lld not in segment %s", static_cast<long long>(r.not_selected),
                a.segment.c_str());
  }
  std::printf("\n");
  return 0;
}

}  // namespace

void RegisterCampaignCommand(CLI::App& app, int& exit_code) {
  CLI::App* campaign = app.add_subcommand("campaign", "Build email campaign exports");
  campaign->require_subcommand(1);
  auto args = std::make_shared<CampaignArgs>();
  args->serving.k = 6;
  CLI::App* cmd = campaign->add_subcommand(
      "recommendations", "One recommendation list per recipient (CSV, or JSONL for *.jsonl)");
  AddServingOptions(cmd, args->serving);
  cmd->add_option("--out", args->out, "Output file (.csv or .jsonl)")->required();
  cmd->add_option("--threads", args->threads, "Threads (0: all cores)")->capture_default_str();
  cmd->add_option("--segment", args->segment,
                  "Only customers in this lifecycle stage (new, active, at-risk, lapsed, won-back, "
                  "vip) or RFM segment (e.g. Champions, \"At risk\"), as `mercato customers` "
                  "computes them");
  cmd->callback([args, &exit_code] { exit_code = RunCampaign(*args); });
}

}  // namespace mercato::cli
