// Imports experiment definitions and exposure logs: everything is read and checked first, then
// written through the experiments' actions.
#include "app/experiment_import.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "common/csv_reader.h"
#include "common/text.h"
#include "experiment/assignment.h"
#include "store/open_store.h"

namespace mercato::app {
namespace {

using nlohmann::json;

struct PendingExposures {
  std::vector<std::pair<std::string, std::optional<Timestamp>>> units;
};

bool IsDefinitionFile(const std::string& path) {
  return ToLower(std::filesystem::path(path).extension().string()) == ".json";
}

// The definitions a JSON file holds: one object or an array of objects.
Result<std::vector<experiment::Definition>> ReadDefinitions(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound(path + ": cannot open");
  std::stringstream text;
  text << in.rdbuf();
  const json parsed = json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    return InvalidArgument(path +
                           ": not JSON; expected an experiment definition or an array of "
                           "them (the keys of `mercato experiments create --file`)");
  }
  const json list = parsed.is_array() ? parsed : json::array({parsed});
  std::vector<experiment::Definition> definitions;
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string where = path + (parsed.is_array() ? "[" + std::to_string(i) + "]" : "");
    auto definition = experiment::DefinitionFromJson(list[i]);
    if (!definition.ok()) return InvalidArgument(where + ": " + definition.status().message());
    definitions.push_back(std::move(*definition));
  }
  return definitions;
}

// Whether two definitions assign alike: the same unit, salt and variants (names and weights).
bool AssignsAlike(const experiment::Definition& a, const experiment::Definition& b) {
  if (a.unit != b.unit || a.Assignment().salt != b.Assignment().salt ||
      a.variants.size() != b.variants.size()) {
    return false;
  }
  for (size_t i = 0; i < a.variants.size(); ++i) {
    if (a.variants[i].name != b.variants[i].name || a.variants[i].weight != b.variants[i].weight) {
      return false;
    }
  }
  return true;
}

// Reads one exposure log into `pending` (per experiment key), checking each row against the
// definitions.
Status ReadExposures(const std::string& path,
                     const std::map<std::string, experiment::Definition>& definitions,
                     std::map<std::string, PendingExposures>& pending, int64_t& rows) {
  ASSIGN_OR_RETURN(auto csv, CsvReader::Open(path));
  auto at = [&](uint64_t line, std::string_view column) {
    return path + ":" + std::to_string(line) + ": column " + std::string(column) + ": ";
  };
  ASSIGN_OR_RETURN(bool any, csv->Next());
  if (!any) {
    return InvalidArgument(path +
                           ": empty; expected a header experiment,unit,exposed_at[,variant]");
  }
  std::map<std::string, size_t> column;
  for (size_t i = 0; i < csv->fields().size(); ++i) {
    column[ToLower(std::string(Trim(csv->fields()[i])))] = i;
  }
  for (const char* required : {"experiment", "unit", "exposed_at"}) {
    if (!column.count(required)) {
      return InvalidArgument(path + ":1: no column " + required +
                             "; expected a header experiment,unit,exposed_at[,variant]");
    }
  }
  const auto variant_column = column.find("variant");
  std::map<std::string, experiment::Assigner> assigners;
  for (;;) {
    Result<bool> next = csv->Next();
    if (!next.ok())
      return InvalidArgument(path + ":" + std::to_string(csv->line()) + ": " +
                             next.status().message());
    if (!*next) break;
    const uint64_t line = csv->line();
    const auto& f = csv->fields();
    auto field = [&](size_t i) { return i < f.size() ? std::string(Trim(f[i])) : std::string(); };
    const std::string key = field(column["experiment"]);
    const auto definition = definitions.find(key);
    if (definition == definitions.end()) {
      return InvalidArgument(at(line, "experiment") + "no experiment '" + key +
                             "' in the store or in the imported definitions; import its "
                             "definition (experiments.json) or create it first");
    }
    const std::string unit = field(column["unit"]);
    if (unit.empty()) return InvalidArgument(at(line, "unit") + "expected a unit id, got nothing");
    const std::string written = field(column["exposed_at"]);
    const Result<Timestamp> exposed = ParseTimestamp(written);
    if (!exposed.ok()) {
      return InvalidArgument(at(line, "exposed_at") +
                             "expected a time like 2024-07-01T09:30:00Z, got '" + written + "'");
    }
    if (variant_column != column.end() && definition->second.segments.empty()) {
      auto assigner = assigners.find(key);
      if (assigner == assigners.end()) {
        ASSIGN_OR_RETURN(experiment::Assigner created,
                         experiment::Assigner::Create(definition->second.Assignment()));
        assigner = assigners.emplace(key, std::move(created)).first;
      }
      const experiment::Assignment assigned = assigner->second.Assign(unit);
      const std::string variant = field(variant_column->second);
      const std::string expected =
          assigned.in_experiment
              ? definition->second.variants[static_cast<size_t>(assigned.variant)].name
              : "(outside the experiment's traffic)";
      if (variant != expected) {
        return InvalidArgument(at(line, "variant") + "mercato assigns unit " + unit + " to " +
                               expected + ", the file says '" + variant +
                               "'; exposures must come from the experiment's own assignment "
                               "(GET /v1/experiments/" +
                               key + "/assignment)");
      }
    }
    pending[key].units.emplace_back(unit, exposed.value());
    ++rows;
  }
  return Status::Ok();
}

}  // namespace

json ExperimentImportJson(const ExperimentImportReport& r) {
  return {{"experiments_created", r.experiments_created},
          {"experiments_kept", r.experiments_kept},
          {"exposure_rows", r.exposure_rows},
          {"exposures", ExposureBatchJson(r.exposures)}};
}

Result<ExperimentImportReport> ImportExperiments(const ImportExperimentsOptions& options) {
  if (!std::filesystem::exists(options.db)) {
    return NotFound(options.db + ": no such store (create it with `mercato import --db " +
                    options.db + " ...`)");
  }
  if (options.paths.empty()) {
    return InvalidArgument("no files; expected experiments.json and/or exposure logs (CSV)");
  }
  ASSIGN_OR_RETURN(std::unique_ptr<Store> store, OpenStore(options.db));
  // Every definition the exposures may name: the stored ones, then the imported ones.
  std::map<std::string, experiment::Definition> definitions;
  ASSIGN_OR_RETURN(std::vector<StoredExperiment> stored, ListExperiments(*store));
  for (StoredExperiment& e : stored) definitions[e.definition.key] = std::move(e.definition);
  std::vector<experiment::Definition> to_create;
  ExperimentImportReport report;
  for (const std::string& path : options.paths) {
    if (!IsDefinitionFile(path)) continue;
    ASSIGN_OR_RETURN(std::vector<experiment::Definition> read, ReadDefinitions(path));
    for (experiment::Definition& d : read) {
      const auto known = definitions.find(d.key);
      if (known == definitions.end()) {
        RETURN_IF_ERROR(experiment::Validate(d));
        definitions[d.key] = d;
        to_create.push_back(std::move(d));
      } else if (AssignsAlike(known->second, d)) {
        ++report.experiments_kept;
      } else {
        return Status(StatusCode::kAlreadyExists,
                      path + ": experiment " + d.key +
                          " exists with another unit, salt or variants; a key's assignment "
                          "never changes (choose another key)");
      }
    }
  }
  std::map<std::string, PendingExposures> pending;
  for (const std::string& path : options.paths) {
    if (IsDefinitionFile(path)) continue;
    RETURN_IF_ERROR(ReadExposures(path, definitions, pending, report.exposure_rows));
  }
  for (const experiment::Definition& d : to_create) {
    ASSIGN_OR_RETURN(StoredExperiment created,
                     CreateExperiment(*store, {experiment::DefinitionJson(d), options.now}));
    (void)created;
    ++report.experiments_created;
  }
  for (auto& [key, exposures] : pending) {
    for (size_t start = 0; start < exposures.units.size(); start += kMaxExposureBatch) {
      RecordExposureBatchOptions batch;
      batch.key = key;
      batch.now = options.now;
      const size_t end = std::min(exposures.units.size(), start + kMaxExposureBatch);
      batch.units.assign(exposures.units.begin() + static_cast<std::ptrdiff_t>(start),
                         exposures.units.begin() + static_cast<std::ptrdiff_t>(end));
      ASSIGN_OR_RETURN(ExposureBatchReport done, RecordExposureBatch(*store, batch));
      report.exposures.received += done.received;
      report.exposures.recorded += done.recorded;
      report.exposures.already_exposed += done.already_exposed;
      report.exposures.not_in_experiment += done.not_in_experiment;
    }
  }
  return report;
}

}  // namespace mercato::app
