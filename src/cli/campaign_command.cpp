// `mercato campaign recommendations`: one recommendation list per email recipient (consent for
// email marketing required; personalized only with personalization consent), as CSV or JSONL,
// optionally only for one lifecycle stage or RFM segment.
#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "app/recommend_actions.h"
#include "cli/command_failure.h"
#include "cli/commands.h"
#include "cli/documented_options.h"
#include "cli/recommend_options.h"
#include "customers/insights.h"

namespace mercato::cli {
namespace {

struct CampaignArgs {
  ServingArgs serving;
  std::string out;
  app::CampaignOptions campaign;  // its documented options
  std::string segment;
};

int RunCampaign(const CampaignArgs& a) {
  constexpr std::string_view kCommand = "campaign recommendations";
  app::CampaignOptions options = a.campaign;
  options.serving = a.serving.options;
  options.out = a.out;
  if (!a.segment.empty()) {
    options.segment = customers::ParseCustomerSegment(a.segment);
    if (!options.segment) {
      return FailAsUsage(
          kCommand, InvalidArgument("unknown segment '" + a.segment + "'; expected one of the " +
                                    customers::CustomerSegmentNames()));
    }
  }
  auto report = app::BuildCampaign(options);
  if (!report.ok()) return Fail(kCommand, report.status());
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
  if (options.segment) {
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
  args->serving.options.k = 6;
  CLI::App* cmd = campaign->add_subcommand(
      "recommendations", "One recommendation list per recipient (CSV, or JSONL for *.jsonl)");
  AddServingOptions(cmd, args->serving);
  cmd->add_option("--out", args->out, "Output file (.csv or .jsonl)")->required();
  AddDocumentedOptions(cmd, args->campaign, app::CampaignOptionDocs());
  cmd->add_option("--segment", args->segment,
                  "Only customers in this lifecycle stage (new, active, at-risk, lapsed, won-back, "
                  "vip) or RFM segment (e.g. Champions, \"At risk\"), as `mercato customers` "
                  "computes them");
  cmd->callback([args, &exit_code] { exit_code = RunCampaign(*args); });
}

}  // namespace mercato::cli
