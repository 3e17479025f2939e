// `mercato campaign recommendations`: one recommendation list per email recipient (consent for
// email marketing required; personalized only with personalization consent), as CSV or JSONL.
#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/recommend_options.h"
#include "recommend_serving/campaign.h"

namespace mercato::cli {
namespace {

struct CampaignArgs {
  ServingArgs serving;
  std::string out;
  int threads = 0;
};

int RunCampaign(const CampaignArgs& a) {
  auto fail = [](const Status& s) {
    std::cerr << "mercato campaign recommendations: " << s.message() << "\n";
    return 1;
  };
  auto query = QueryOf(a.serving);
  if (!query.ok()) return fail(query.status());
  auto loaded = LoadService(a.serving);
  if (!loaded.ok()) return fail(loaded.status());
  auto report =
      serving::ExportCampaign(*loaded->service, *loaded->store, query.value(), a.out, a.threads);
  if (!report.ok()) return fail(report.status());
  const serving::CampaignReport& r = report.value();
  if (a.serving.json) {
    std::cout << nlohmann::json{{"out", a.out},
                                {"customers", r.customers},
                                {"recipients", r.recipients},
                                {"personalized", r.personalized},
                                {"left_out_no_email", r.no_email},
                                {"left_out_no_consent", r.no_consent},
                                {"seconds", r.seconds}}
                     .dump(2)
              << "\n";
    return 0;
  }
  std::printf("%lld recipients written to %s in %.2f s (%lld personalized)\n",
              static_cast<long long>(r.recipients), a.out.c_str(), r.seconds,
              static_cast<long long>(r.personalized));
  std::printf("left out: %lld without email, %lld without email-marketing consent\n",
              static_cast<long long>(r.no_email), static_cast<long long>(r.no_consent));
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
  cmd->callback([args, &exit_code] { exit_code = RunCampaign(*args); });
}

}  // namespace mercato::cli
