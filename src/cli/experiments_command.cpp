// `mercato experiments create|list|show|status|assign|report|import`: A/B and holdout tests (issue
// 17). Each subcommand calls one action of app/experiment_actions.h; --json prints what the API
// answers.
#include <cmath>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <tuple>

#include "app/experiment_actions.h"
#include "app/experiment_import.h"
#include "cli/command_failure.h"
#include "cli/commands.h"
#include "common/text.h"
#include "store/open_store.h"

namespace mercato::cli {
namespace {

using nlohmann::json;

struct ExperimentArgs {
  std::string db;
  std::string key;
  bool json = false;
  // create
  std::string file;
  std::string name, capability, unit, initial_status, layer, primary_metric;
  std::string traffic, attribution_days, repeat_days;  // numbers, when given
  std::vector<std::string> variants, segments, guardrails, secondary_metrics;
  // status
  std::string status;
  // assign
  std::string assign_unit;
  bool no_log = false;
  // report
  double alpha = 0.05;
  // import
  std::vector<std::string> files;
};

Result<std::unique_ptr<Store>> OpenExisting(const std::string& db) {
  std::ifstream probe(db);
  if (!probe) {
    return NotFound(db + ": no such store (create it with `mercato import --db " + db + " ...`)");
  }
  return OpenStore(db);
}

// "name" or "name=weight".
Result<json> VariantFromFlag(const std::string& text) {
  const auto eq = text.find('=');
  json v = {{"name", text.substr(0, eq)}};
  if (eq != std::string::npos) {
    auto weight = ParseReal(text.substr(eq + 1));
    if (!weight.ok()) {
      return InvalidArgument("--variant " + text +
                             ": expected NAME or NAME=WEIGHT (e.g. "
                             "treatment=0.5)");
    }
    v["weight"] = *weight;
  }
  return v;
}

// The definition: --file's JSON, then each flag given replacing its key.
Result<json> DefinitionFromArgs(const ExperimentArgs& a) {
  json d = json::object();
  if (!a.file.empty()) {
    std::ifstream in(a.file);
    if (!in) return NotFound(a.file + ": cannot open the definition file");
    std::stringstream text;
    text << in.rdbuf();
    d = json::parse(text.str(), nullptr, false);
    if (d.is_discarded() || !d.is_object()) {
      return InvalidArgument(a.file + ": expected a JSON object (an experiment definition)");
    }
  }
  if (!a.key.empty()) d["key"] = a.key;
  const auto set = [&](const char* k, const std::string& v) {
    if (!v.empty()) d[k] = v;
  };
  set("name", a.name);
  set("capability", a.capability);
  set("unit", a.unit);
  set("status", a.initial_status);
  set("layer", a.layer);
  set("primary_metric", a.primary_metric);
  if (!a.traffic.empty()) {
    auto traffic = ParseReal(a.traffic);
    if (!traffic.ok())
      return InvalidArgument("--traffic " + a.traffic + ": expected a share in (0, 1]");
    d["traffic"] = *traffic;
  }
  for (const auto& [flag, key, text] :
       {std::tuple{"--attribution-days", "attribution_days", &a.attribution_days},
        std::tuple{"--repeat-days", "repeat_days", &a.repeat_days}}) {
    if (text->empty()) continue;
    auto days = ParseInt(*text);
    if (!days.ok()) {
      return InvalidArgument(std::string(flag) + " " + *text + ": expected a whole number of days");
    }
    d[key] = *days;
  }
  if (!a.segments.empty()) d["segments"] = a.segments;
  if (!a.guardrails.empty()) d["guardrails"] = a.guardrails;
  if (!a.secondary_metrics.empty()) d["secondary_metrics"] = a.secondary_metrics;
  if (!a.variants.empty()) {
    json variants = json::array();
    for (const std::string& v : a.variants) {
      ASSIGN_OR_RETURN(json variant, VariantFromFlag(v));
      variants.push_back(std::move(variant));
    }
    d["variants"] = std::move(variants);
  }
  if (!d.contains("key"))
    return InvalidArgument("the experiment needs a key: KEY or \"key\" in --file");
  return d;
}

// Undefined figures (no orders yet, a zero control) print as "n/a".
std::string Percent(double v) {
  if (!std::isfinite(v)) return "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%+.1f%%", 100 * v);
  return buf;
}

std::string Number(double v) {
  if (!std::isfinite(v)) return "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

void PrintExperiment(const app::StoredExperiment& e) {
  const auto& d = e.definition;
  std::cout << d.key << (d.name.empty() ? "" : " — " + d.name) << "\n"
            << "  status      " << experiment::RunStatusName(d.status)
            << (d.started_at ? ", started " + FormatTimestamp(*d.started_at) : "")
            << (d.stopped_at ? ", stopped " + FormatTimestamp(*d.stopped_at) : "") << "\n"
            << "  measures    " << experiment::CapabilityName(d.capability) << ", by "
            << experiment::UnitKindName(d.unit) << "; " << e.exposures << " exposed\n"
            << "  traffic     " << Number(100 * d.traffic) << "%"
            << (d.layer.empty() ? ""
                                : " in layer " + d.layer + " (buckets " +
                                      std::to_string(d.layer_buckets.begin) + "-" +
                                      std::to_string(d.layer_buckets.end) + ")")
            << (d.segments.empty() ? "" : ", segments " + Join(d.segments, ", ")) << "\n";
  for (const auto& v : d.variants) {
    std::cout << "  variant     " << v.name << " " << Number(100 * v.weight) << "%"
              << (v.name == d.variants[d.ControlIndex()].name ? " (control)" : "") << " "
              << v.config.dump() << "\n";
  }
  std::cout << "  primary     " << d.primary_metric
            << (d.guardrails.empty() ? "" : "; guardrails " + Join(d.guardrails, ", "))
            << "; attribution " << d.attribution_days << " days\n";
}

Status RunCreate(const ExperimentArgs& a) {
  ASSIGN_OR_RETURN(json definition, DefinitionFromArgs(a));
  ASSIGN_OR_RETURN(std::unique_ptr<Store> store, OpenStore(a.db));
  ASSIGN_OR_RETURN(app::StoredExperiment e,
                   app::CreateExperiment(*store, {definition, std::time(nullptr)}));
  if (a.json) {
    std::cout << app::StoredExperimentJson(e).dump(2) << "\n";
  } else {
    std::cout << "created experiment ";
    PrintExperiment(e);
  }
  return Status::Ok();
}

Status RunList(const ExperimentArgs& a) {
  ASSIGN_OR_RETURN(std::unique_ptr<Store> store, OpenExisting(a.db));
  ASSIGN_OR_RETURN(std::vector<app::StoredExperiment> all, app::ListExperiments(*store));
  if (a.json) {
    json j = json::array();
    for (const auto& e : all) j.push_back(app::StoredExperimentJson(e));
    std::cout << j.dump(2) << "\n";
    return Status::Ok();
  }
  if (all.empty()) {
    std::cout << "no experiments; create one with: mercato experiments create KEY --db " << a.db
              << " --variant control --variant treatment\n";
    return Status::Ok();
  }
  std::printf("%-24s  %-8s  %-15s  %-8s  %10s  %s\n", "key", "status", "capability", "unit",
              "exposed", "started");
  for (const auto& e : all) {
    const auto& d = e.definition;
    std::printf("%-24s  %-8s  %-15s  %-8s  %10lld  %s\n", d.key.c_str(),
                std::string(experiment::RunStatusName(d.status)).c_str(),
                std::string(experiment::CapabilityName(d.capability)).c_str(),
                std::string(experiment::UnitKindName(d.unit)).c_str(),
                static_cast<long long>(e.exposures),
                d.started_at ? FormatTimestamp(*d.started_at).c_str() : "-");
  }
  return Status::Ok();
}

Status RunShow(const ExperimentArgs& a) {
  ASSIGN_OR_RETURN(std::unique_ptr<Store> store, OpenExisting(a.db));
  ASSIGN_OR_RETURN(app::StoredExperiment e, app::ShowExperiment(*store, a.key));
  if (a.json) {
    std::cout << app::StoredExperimentJson(e).dump(2) << "\n";
  } else {
    PrintExperiment(e);
  }
  return Status::Ok();
}

Status RunSetStatus(const ExperimentArgs& a) {
  ASSIGN_OR_RETURN(std::unique_ptr<Store> store, OpenExisting(a.db));
  ASSIGN_OR_RETURN(app::StoredExperiment e,
                   app::SetExperimentStatus(*store, {a.key, a.status, std::time(nullptr)}));
  if (a.json) {
    std::cout << app::StoredExperimentJson(e).dump(2) << "\n";
  } else {
    std::cout << "experiment " << a.key << " is " << experiment::RunStatusName(e.definition.status)
              << "\n";
  }
  return Status::Ok();
}

Status RunAssign(const ExperimentArgs& a) {
  ASSIGN_OR_RETURN(std::unique_ptr<Store> store, OpenExisting(a.db));
  app::AssignOptions options;
  options.key = a.key;
  options.unit = a.assign_unit;
  options.log_exposure = !a.no_log;
  options.now = std::time(nullptr);
  ASSIGN_OR_RETURN(app::AssignmentAnswer answer, app::AssignExperiment(*store, options));
  if (a.json) {
    std::cout << app::AssignmentJson(answer).dump(2) << "\n";
  } else {
    std::cout << answer.unit << ": " << answer.variant
              << (answer.in_experiment ? "" : " (not in the experiment: the control's config)")
              << " " << answer.config.dump()
              << (answer.exposure_logged ? "; first exposure recorded" : "") << "\n";
  }
  return Status::Ok();
}

void PrintReport(const app::ExperimentReport& r) {
  const auto& d = r.experiment.definition;
  const auto& an = r.analysis;
  std::cout << d.key << (d.name.empty() ? "" : " — " + d.name) << ": " << an.verdict << "\n"
            << an.verdict_text << "\n\n";
  std::cout << "units";
  for (size_t i = 0; i < d.variants.size() && i < an.units_per_variant.size(); ++i) {
    std::cout << (i ? ", " : " ") << d.variants[i].name << " " << an.units_per_variant[i];
  }
  std::cout << "; sample ratio " << (an.srm.mismatch ? "MISMATCH" : "ok") << " (p "
            << Number(an.srm.p_value) << ")\n\n";
  std::printf("%-22s  %-12s  %10s  %10s  %8s  %-19s  %8s  %8s  %7s\n", "metric", "variant",
              "control", "variant", "lift", "95% interval (rel.)", "p adj.", "p seq.", "P(beat)");
  for (const auto& m : an.metrics) {
    const std::string name = m.metric + (m.primary ? " *" : m.guardrail ? " (g)" : "");
    const std::string interval =
        std::isfinite(m.relative_ci_low) && std::isfinite(m.relative_ci_high)
            ? "[" + Percent(m.relative_ci_low) + ", " + Percent(m.relative_ci_high) + "]"
            : "n/a";
    std::printf(
        "%-22s  %-12s  %10s  %10s  %8s  %-19s  %8s  %8s  %7s\n", name.c_str(), m.variant.c_str(),
        Number(m.control_mean).c_str(), Number(m.variant_mean).c_str(),
        Percent(m.relative_lift).c_str(), interval.c_str(), Number(m.p_value_adjusted).c_str(),
        Number(m.sequential_p_value).c_str(),
        (std::isfinite(m.chance_to_beat_control) ? Number(100 * m.chance_to_beat_control) + "%"
                                                 : std::string("n/a"))
            .c_str());
  }
  std::cout << "\n* primary metric; (g) guardrail. Intervals are fixed-horizon (Welch); p seq. is "
               "always valid under daily peeking.\n";
}

Status RunReport(const ExperimentArgs& a) {
  ASSIGN_OR_RETURN(app::ExperimentReport report,
                   app::ReportExperiment({a.db, a.key, std::time(nullptr), a.alpha}));
  if (a.json) {
    std::cout << app::ExperimentReportJson(report).dump(2) << "\n";
  } else {
    PrintReport(report);
  }
  return Status::Ok();
}

Status RunImport(const ExperimentArgs& a) {
  ASSIGN_OR_RETURN(app::ExperimentImportReport report,
                   app::ImportExperiments({a.db, a.files, std::time(nullptr)}));
  if (a.json) {
    std::cout << app::ExperimentImportJson(report).dump(2) << "\n";
  } else {
    std::cout << "experiments: " << report.experiments_created << " created, "
              << report.experiments_kept << " already stored\n"
              << "exposures: " << report.exposure_rows << " rows, " << report.exposures.recorded
              << " first exposures recorded, " << report.exposures.already_exposed
              << " already exposed, " << report.exposures.not_in_experiment
              << " not in the experiment\n";
  }
  return Status::Ok();
}

}  // namespace

void RegisterExperimentsCommand(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<ExperimentArgs>();
  CLI::App* cmd = app.add_subcommand(
      "experiments", "A/B and holdout tests: define, assign units, and report the lift");
  cmd->require_subcommand(1);
  const auto run = [args, &exit_code](std::string_view name, Status (*fn)(const ExperimentArgs&)) {
    return [args, &exit_code, name, fn] {
      const Status s = fn(*args);
      if (!s.ok()) exit_code = FailAsUsage("experiments " + std::string(name), s);
    };
  };
  const auto db = [&](CLI::App* sub, const char* help) {
    sub->add_option("--db", args->db, help)->required();
  };

  CLI::App* create = cmd->add_subcommand(
      "create", "Define an experiment from --file (its JSON, docs/api.md) and/or flags");
  create->add_option("key", args->key, "The experiment's key (a-z, 0-9, - _ .)");
  db(create, "Database file (created when absent)");
  create->add_option("--file", args->file, "The definition as JSON; flags replace its keys");
  create->add_option("--name", args->name, "A label for people");
  create->add_option("--capability", args->capability,
                     "recommendations, journeys, pricing, search or other");
  create->add_option("--unit", args->unit, "customer, session or product");
  create->add_option("--status", args->initial_status,
                     "draft (default: assigns nobody) or running (starts now)");
  create->add_option("--variant", args->variants,
                     "A variant NAME or NAME=WEIGHT, repeated; the first is the control; no "
                     "weights: an even split");
  create->add_option("--traffic", args->traffic, "Share of units in the experiment, in (0, 1]");
  create->add_option("--layer", args->layer,
                     "A layer of mutually exclusive experiments; its buckets are given out now");
  create->add_option("--segment", args->segments,
                     "Only customers of this lifecycle stage or RFM segment (repeatable)");
  create->add_option("--primary-metric", args->primary_metric,
                     "revenue_per_visitor (default), conversion, aov, orders_per_customer, "
                     "repeat_purchase_rate, margin_per_visitor or revenue_per_recipient");
  create->add_option("--secondary-metric", args->secondary_metrics, "Repeatable");
  create->add_option("--guardrail", args->guardrails,
                     "A metric whose significant worsening blocks shipping (repeatable)");
  create->add_option("--attribution-days", args->attribution_days,
                     "Orders within this many days of the first exposure count (default 14)");
  create->add_option("--repeat-days", args->repeat_days,
                     "The repeat-purchase window in days (default 90)");
  create->add_flag("--json", args->json, "Print the stored experiment as JSON");
  create->callback(run("create", RunCreate));

  CLI::App* list = cmd->add_subcommand("list", "List the experiments");
  db(list, "Database file");
  list->add_flag("--json", args->json, "Print JSON");
  list->callback(run("list", RunList));

  CLI::App* show = cmd->add_subcommand("show", "Show one experiment's definition");
  show->add_option("key", args->key, "The experiment's key")->required();
  db(show, "Database file");
  show->add_flag("--json", args->json, "Print JSON");
  show->callback(run("show", RunShow));

  CLI::App* status = cmd->add_subcommand(
      "status", "Start (running) or stop (stopped) an experiment; a stopped one does not restart");
  status->add_option("key", args->key, "The experiment's key")->required();
  status->add_option("status", args->status, "running or stopped")->required();
  db(status, "Database file");
  status->add_flag("--json", args->json, "Print the experiment as JSON");
  status->callback(run("status", RunSetStatus));

  CLI::App* assign = cmd->add_subcommand(
      "assign", "A unit's variant and its configuration; records its first exposure");
  assign->add_option("key", args->key, "The experiment's key")->required();
  assign->add_option("--unit", args->assign_unit, "A customer id, session id or SKU")->required();
  db(assign, "Database file");
  assign->add_flag("--no-log", args->no_log, "Do not record an exposure");
  assign->add_flag("--json", args->json, "Print JSON, as the API answers");
  assign->callback(run("assign", RunAssign));

  CLI::App* report = cmd->add_subcommand(
      "report", "The verdict in words and each metric's lift with its interval");
  report->add_option("key", args->key, "The experiment's key")->required();
  db(report, "Database file");
  report->add_option("--alpha", args->alpha, "Significance level")->capture_default_str();
  report->add_flag("--json", args->json, "Print JSON, as the API answers");
  report->callback(run("report", RunReport));

  CLI::App* import = cmd->add_subcommand(
      "import",
      "Import experiments run outside the server: definitions (*.json, as create --file) and "
      "exposure logs (CSV experiment,unit,exposed_at[,variant]); all is checked before anything "
      "is written, and importing again changes nothing");
  import->add_option("files", args->files, "experiments.json and/or exposure CSV files")
      ->required()
      ->check(CLI::ExistingFile);
  db(import, "Database file");
  import->add_flag("--json", args->json, "Print JSON");
  import->callback(run("import", RunImport));
}

}  // namespace mercato::cli
