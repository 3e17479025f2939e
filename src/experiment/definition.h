// An experiment's definition: what is tested on which units, its variants and their
// configurations, the metrics that judge it; its validation and its JSON (the contract of
// `mercato experiments create --file` and POST /v1/experiments).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/time.h"
#include "experiment/assignment.h"

namespace mercato::experiment {

/// What is assigned: a customer (sticky across sessions), a session, or a product (a pricing
/// cell).
enum class UnitKind { kCustomer, kSession, kProduct };
/// Which of mercato's capabilities the experiment measures.
enum class Capability { kRecommendations, kJourneys, kPricing, kSearch, kOther };
/// draft: defined, assigns nobody; running: assigns and logs exposures; stopped: assigns nobody
/// (everyone sees the control), its report stays.
enum class RunStatus { kDraft, kRunning, kStopped };

std::string_view UnitKindName(UnitKind unit);
std::string_view CapabilityName(Capability capability);
std::string_view RunStatusName(RunStatus status);
std::optional<UnitKind> ParseUnitKind(std::string_view name);
std::optional<Capability> ParseCapability(std::string_view name);
std::optional<RunStatus> ParseRunStatus(std::string_view name);

struct VariantDefinition {
  std::string name;
  double weight = 0;  // share of the experiment's units; the weights sum to 1
  nlohmann::json config = nlohmann::json::object();  // what the capability does for this variant
};

struct Definition {
  std::string key;  // 1-64 of [a-z0-9._-], starting with a letter or digit (it names URLs)
  std::string name;
  Capability capability = Capability::kOther;
  UnitKind unit = UnitKind::kCustomer;
  RunStatus status = RunStatus::kDraft;
  std::string salt;                   // hashed with each unit id; the key when not given
  double traffic = 1;                 // share of units in the experiment, in (0, 1]
  std::string layer;                  // "" or the name of a layer of mutually exclusive experiments
  BucketRange layer_buckets;          // the layer's buckets given out at creation (with a layer)
  std::vector<std::string> segments;  // targeted customer segments; empty = everyone
  std::vector<VariantDefinition> variants;
  std::string control;  // name of the control variant; the first variant when not given
  std::string primary_metric = "revenue_per_visitor";
  std::vector<std::string> secondary_metrics = {"conversion", "aov", "orders_per_customer"};
  std::vector<std::string> guardrails;
  int32_t attribution_days = 14;        // orders within this many days of the first exposure count
  int32_t repeat_days = 90;             // the window of the repeat-purchase metric
  std::optional<Timestamp> started_at;  // set when it starts running, unless given
  std::optional<Timestamp> stopped_at;

  /// Index of the control variant in `variants` (a valid definition has one).
  int32_t ControlIndex() const;
  /// Index of the variant named `name`, or -1.
  int32_t VariantIndex(std::string_view name) const;
  /// What assignment reads (weights in variant order).
  AssignmentSpec Assignment() const;
};

/// Checks a definition: key and variant names' syntax, at least two uniquely named variants
/// with weights > 0 summing to 1 within 1e-9 (weights are never silently normalised: a sum of
/// 0.9 is an error), the control naming a variant, traffic in (0, 1], a layer range when a
/// layer is named, known metrics, windows of 1-3650 days; a recommendations experiment's
/// variants' configs name a known recommender (experiment/recommender_choice.h). Each error names
/// the field and what was expected.
Status Validate(const Definition& definition);

/// Reads a definition from its JSON object. Keys as in the contract (docs/api.md); absent keys
/// take the defaults above (the salt the key, the control the first variant); variants without
/// any "weight" split evenly; a value of the wrong type or an unknown key is an error naming it
/// (a typo must not pass silently). Does not Validate: a layered experiment gets its buckets
/// (AllocateLayerBuckets) first.
Result<Definition> DefinitionFromJson(const nlohmann::json& json);
/// The definition as JSON: every key, timestamps as ISO 8601 text or null.
nlohmann::json DefinitionJson(const Definition& definition);

/// Whether a key (or variant name) has the syntax above.
bool IsValidKey(std::string_view key);

}  // namespace mercato::experiment
