// Customer routes: profile (CLV, P(alive), segment, stage, next order and win-back dates,
// consent), consent changes, data-subject export and erasure, segment lists and the export for
// email services. Every read of personal data and every change is audited without personal data.
#include <ctime>
#include <nlohmann/json.hpp>

#include "access/audit.h"
#include "app/consent_actions.h"
#include "app/customer_actions.h"
#include "app/identity.h"
#include "app/privacy_actions.h"
#include "common/slug.h"
#include "common/text.h"
#include "customers/insight_json.h"
#include "domain/entity_json.h"
#include "privacy/customer_records.h"
#include "server/documented_query.h"
#include "server/routes.h"

namespace mercato::server {
namespace {

nlohmann::json ConsentJson(ServerContext& ctx, const std::string& id) {
  nlohmann::json out = nlohmann::json::object();
  for (size_t p = 0; p < privacy::kPurposeCount; ++p) {
    const auto purpose = static_cast<privacy::Purpose>(p);
    const privacy::ConsentDecision d = ctx.consent().Explain(id, purpose);
    out[std::string(privacy::PurposeName(purpose))] = {
        {"allowed", d.allowed}, {"basis", d.basis}, {"jurisdiction", d.jurisdiction}};
  }
  return out;
}

// The internal id of the customer the path names: an id, an email or a Shopify customer id
// (app::ResolveCustomerOrGiven: a name nothing matches is taken as an id, as before).
Result<std::string> CustomerInPath(ServerContext& ctx, const ApiRequest& r) {
  return ctx.WithStore([&](Store& s) { return app::ResolveCustomerOrGiven(s, r.Param("id")); });
}

// The profile of the customer `id` (resolved already), for GET /v1/customers/{id} and
// POST /v1/customers/lookup (`route` names it in the audit record).
ApiResponse ProfileOf(ServerContext& ctx, const ApiRequest& r, const std::string& id,
                      const std::string& route) {
  auto stored = ctx.WithStore([&](Store& s) { return s.GetCustomer(id); });
  if (!stored.ok()) return ErrorResponse(stored.status());
  const auto models = ctx.models();
  const customers::CustomerInsight* insight = models->Insight(id);
  if (!stored->has_value() && insight == nullptr) {
    return ErrorResponse(NotFound("customer " + id + " is not known"));
  }
  const Status audited = ctx.WithStore([&](Store& s) {
    return Audit(s, r.AuditActor(), "admin_read", id, route, std::time(nullptr));
  });
  if (!audited.ok()) return ErrorResponse(audited);
  nlohmann::json body = {{"id", id}, {"in_store", stored->has_value()}};
  if (stored->has_value()) {  // an admin route: who the customer is
    const Customer& c = **stored;
    body["email"] = c.email;
    body["first_name"] = c.first_name;
    body["last_name"] = c.last_name;
    body["shopify_id"] = c.shopify_id;
  }
  body["profile"] =
      insight ? nlohmann::json(customers::InsightJson(*insight)) : nlohmann::json(nullptr);
  if (!insight) body["profile_missing"] = "no purchase before the insights' as-of date";
  body["consent"] = ConsentJson(ctx, id);
  body["model_version"] = models->version;
  return JsonResponse(200, body);
}

ApiResponse Profile(ServerContext& ctx, const ApiRequest& r) {
  const Result<std::string> resolved = CustomerInPath(ctx, r);
  if (!resolved.ok()) return ErrorResponse(resolved.status());
  return ProfileOf(ctx, r, resolved.value(), "GET /v1/customers/{id}");
}

// The profile of the customer a body names by email, id or Shopify id, so that no email lands in
// a URL (access logs, browser history). Unlike the path, a name nothing matches is a 404, and an
// email several customers share a 409 listing their ids.
ApiResponse Lookup(ServerContext& ctx, const ApiRequest& r) {
  auto body = ParseJsonBody(r);
  if (!body.ok()) return ErrorResponse(body.status());
  const auto it = body->is_object() ? body->find("query") : body->end();
  if (it == body->end() || !it->is_string() || Trim(it->get<std::string>()).empty()) {
    return ErrorResponse(
        InvalidArgument("expected {\"query\": \"an email, customer id or Shopify customer id\"}"));
  }
  const std::string query = it->get<std::string>();
  const Result<std::string> resolved =
      ctx.WithStore([&](Store& s) { return app::ResolveCustomer(s, query); });
  if (!resolved.ok()) {
    // app::ResolveCustomer refuses non-empty text only when it names several customers.
    if (resolved.status().code() == StatusCode::kInvalidArgument) {
      return ErrorResponse(409, "ambiguous", resolved.status().message());
    }
    return ErrorResponse(resolved.status());
  }
  return ProfileOf(ctx, r, resolved.value(), "POST /v1/customers/lookup");
}

// `mercato customers list` as an API: the same selection, insight options and columns, highest
// CLV first, as JSON or as the CLI's CSV.
ApiResponse List(ServerContext& ctx, const ApiRequest& r) {
  app::CustomerSelectionArgs selection_args;
  if (Status s = ReadDocumentedQuery(r, selection_args, app::CustomerSelectionOptionDocs());
      !s.ok()) {
    return ErrorResponse(s);
  }
  auto selection = app::ParseCustomerSelection(selection_args);
  if (!selection.ok()) return ErrorResponse(selection.status());
  app::ListCustomersOptions options;
  options.db = ctx.options().db;
  options.selection = *selection;
  options.currency = ctx.options().currency;
  if (Status s = ReadDocumentedQuery(r, options.insight, app::InsightOptionDocs()); !s.ok()) {
    return ErrorResponse(s);
  }
  if (auto text = r.Query("limit")) {
    auto v = ParseInt(*text);
    if (!v.ok() || *v < 0) {
      return ErrorResponse(InvalidArgument("limit: expected 0 (all) or more, got '" + *text + "'"));
    }
    options.limit = static_cast<size_t>(*v);
  }
  const std::string format = r.Query("format").value_or("json");
  if (format != "json" && format != "csv") {
    return ErrorResponse(InvalidArgument("format=" + format + ": expected json or csv"));
  }
  // The served insights (fitted at model load) answer the default options without a new fit.
  const auto models = ctx.models();
  if (models->insights) options.computed = &*models->insights;
  auto list = app::ListCustomers(options);  // its own connection
  if (!list.ok()) return ErrorResponse(list.status());
  const Status audited = ctx.WithStore([&](Store& s) {
    return Audit(s, r.AuditActor(), "admin_read", "", "GET /v1/customers", std::time(nullptr));
  });
  if (!audited.ok()) return ErrorResponse(audited);
  if (format == "csv") {
    ApiResponse csv;
    csv.body = app::CustomerListCsv(*list);
    csv.content_type = "text/csv; charset=utf-8";
    const std::string& named =
        !selection_args.stage.empty() ? selection_args.stage : selection_args.segment;
    const std::string slug = named.empty() ? "all" : Slug(named);
    csv.headers.emplace_back("Content-Disposition",
                             "attachment; filename=\"customers-" + slug + ".csv\"");
    return csv;
  }
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (size_t n = 0; n < list->chosen.size(); ++n) {
    rows.push_back(
        app::CustomerListRow(list->insights->customers[list->chosen[n]], list->contacts[n]));
  }
  nlohmann::ordered_json body = {{"as_of", FormatDay(DayOf(list->insights->as_of) - 1)},
                                 {"count", rows.size()},
                                 {"customers", std::move(rows)}};
  if (!list->currency.empty()) body["currency"] = list->currency;
  return JsonResponse(200, body);
}

ApiResponse Export(ServerContext& ctx, const ApiRequest& r) {
  app::ExportCustomerOptions options;
  const Result<std::string> resolved = CustomerInPath(ctx, r);
  if (!resolved.ok()) return ErrorResponse(resolved.status());
  options.customer = resolved.value();
  options.actor = r.AuditActor();
  options.detail = "GET /v1/customers/{id}/export";
  options.now = std::time(nullptr);
  auto records = ctx.WithStore([&](Store& s) {
    return app::ExportCustomer(s, options, [](const CustomerRecords&) { return Status::Ok(); });
  });
  if (!records.ok()) return ErrorResponse(records.status());
  nlohmann::json body = privacy::CustomerRecordsJson(*records);
  const auto models = ctx.models();
  const customers::CustomerInsight* insight = models->Insight(options.customer);
  body["profile"] =
      insight ? nlohmann::json(customers::InsightJson(*insight)) : nlohmann::json(nullptr);
  body["consent_decisions"] = ConsentJson(ctx, options.customer);
  return JsonResponse(200, body);
}

ApiResponse Erase(ServerContext& ctx, const ApiRequest& r) {
  app::EraseCustomerOptions options;
  const Result<std::string> resolved = CustomerInPath(ctx, r);
  if (!resolved.ok()) return ErrorResponse(resolved.status());
  options.customer = resolved.value();
  options.artifact_dir = ctx.artifact_dir();
  options.actor = r.AuditActor();
  options.now = std::time(nullptr);
  auto erased = ctx.WithStore([&](Store& store) { return app::EraseCustomer(store, options); });
  if (!erased.ok()) return ErrorResponse(erased.status());
  ctx.live().Forget(options.customer);
  const Status s = ctx.Reload(true);
  if (!s.ok()) return ErrorResponse(s);
  return JsonResponse(200, {{"erased", true},
                            {"store",
                             "customer row, consents, events, carts and experiment exposures "
                             "deleted; orders and returns kept without the customer id"},
                            {"artifacts", "customer removed from every trained model"}});
}

ApiResponse ChangeConsent(ServerContext& ctx, const ApiRequest& r) {
  const Result<std::string> resolved = CustomerInPath(ctx, r);
  if (!resolved.ok()) return ErrorResponse(resolved.status());
  const std::string& id = resolved.value();
  auto body = ParseJsonBody(r);
  if (!body.ok()) return ErrorResponse(body.status());
  const char* kShape =
      "expected {\"purpose\": \"personalization|email_marketing|sms_marketing|sale_sharing\", "
      "\"granted\": true|false, \"source\": optional}";
  if (!body->is_object() || !body->contains("purpose") || !(*body)["purpose"].is_string() ||
      !body->contains("granted") || !(*body)["granted"].is_boolean()) {
    return ErrorResponse(InvalidArgument(kShape));
  }
  const auto purpose = privacy::ParsePurpose((*body)["purpose"].get<std::string>());
  if (!purpose) return ErrorResponse(InvalidArgument(kShape));
  app::ChangeConsentOptions options;
  options.customer = id;
  options.purpose = *purpose;
  options.granted = (*body)["granted"].get<bool>();
  if (auto it = body->find("source"); it != body->end() && it->is_string()) {
    options.source = it->get<std::string>();
  }
  options.actor = r.AuditActor();
  options.now = std::time(nullptr);
  auto consent = ctx.WithStore([&](Store& store) { return app::ChangeConsent(store, options); });
  if (!consent.ok()) return ErrorResponse(consent.status());
  ctx.consent().Record(*consent);
  return JsonResponse(200, {{"id", id}, {"consent", ConsentJson(ctx, id)}});
}

// The customers of a lifecycle stage ("at-risk") or an RFM segment ("At risk", any case).
ApiResponse Segment(ServerContext& ctx, const ApiRequest& r) {
  const std::string& name = r.Param("segment");
  const std::optional<customers::CustomerSegment> segment = customers::ParseCustomerSegment(name);
  if (!segment) {
    return ErrorResponse(
        NotFound("segment " + name + ": expected one of the " + customers::CustomerSegmentNames()));
  }
  const auto models = ctx.models();
  if (!models->insights) return ErrorResponse(503, "unavailable", models->insights_missing);
  nlohmann::json rows = nlohmann::json::array();
  for (const customers::CustomerInsight* c : app::CustomersIn(*models->insights, *segment)) {
    rows.push_back(nlohmann::json(customers::InsightJson(*c)));
  }
  const Status audited = ctx.WithStore([&](Store& s) {
    return Audit(s, r.AuditActor(), "admin_read", "", "GET /v1/segments/" + name + "/customers",
                 std::time(nullptr));
  });
  if (!audited.ok()) return ErrorResponse(audited);
  return JsonResponse(200, {{"segment", name}, {"count", rows.size()}, {"customers", rows}});
}

// The email-service export of `mercato customers export-esp` as JSON: the same selection and
// insight options as query parameters, spelled with underscores.
ApiResponse ExportEsp(ServerContext& ctx, const ApiRequest& r) {
  app::CustomerSelectionArgs selection_args;
  selection_args.stage = r.Query("stage").value_or("");
  selection_args.segment = r.Query("segment").value_or("");
  selection_args.winback_due_within = r.Query("winback_due_within").value_or("");
  auto selection = app::ParseCustomerSelection(selection_args);
  if (!selection.ok()) return ErrorResponse(selection.status());
  app::EspExportOptions options;
  options.db = ctx.options().db;
  options.shop_url = ctx.options().shop_url;
  options.currency = ctx.options().currency;
  options.selection = *selection;
  options.policy = ctx.policy();
  options.insight.as_of = r.Query("as_of").value_or("");
  options.insight.model = r.Query("model").value_or(options.insight.model);
  if (auto text = r.Query("lapse_threshold")) {
    auto v = ParseReal(*text);
    if (!v.ok()) return ErrorResponse(InvalidArgument("lapse_threshold: expected a number"));
    options.insight.lapse_threshold = *v;
  }
  if (auto text = r.Query("winback_lead_days")) {
    auto v = ParseInt(*text);
    if (!v.ok() || *v < 0 || *v > 3650) {
      return ErrorResponse(InvalidArgument("winback_lead_days: expected days from 0 to 3650"));
    }
    options.insight.winback_lead_days = static_cast<int>(*v);
  }
  if (auto text = r.Query("layout")) {
    auto layout = app::ParseEspLayout(*text);
    if (!layout.ok()) return ErrorResponse(layout.status());
    options.layout = *layout;
  }
  if (auto text = r.Query("recommendations")) {
    auto v = ParseInt(*text);
    if (!v.ok() || *v < 0 || *v > app::kMaxEspRecommendations) {
      return ErrorResponse(InvalidArgument("recommendations: expected 0 to " +
                                           std::to_string(app::kMaxEspRecommendations)));
    }
    options.recommendations = static_cast<int>(*v);
  }
  auto exported = app::ExportEsp(options);  // its own connection: a full store's insights
  if (!exported.ok()) return ErrorResponse(exported.status());
  const Status audited = ctx.WithStore([&](Store& s) {
    return Audit(s, r.AuditActor(), "admin_read", "", "GET /v1/exports/esp", std::time(nullptr));
  });
  if (!audited.ok()) return ErrorResponse(audited);
  nlohmann::json body = {{"selected", exported->selected},
                         {"left_out_no_consent", exported->no_consent},
                         {"left_out_no_email", exported->no_email},
                         {"count", exported->rows.size()},
                         {"contacts", exported->rows},
                         {"recommendations_skipped", exported->recommendations_skipped}};
  if (!exported->currency.empty()) body["currency"] = exported->currency;
  return JsonResponse(200, body);
}

}  // namespace

void AddCustomerRoutes(Router& router, ServerContext& ctx) {
  router.Add("GET", "/v1/customers", Access::kAdmin,
             [&ctx](const ApiRequest& r) { return List(ctx, r); });
  router.Add("POST", "/v1/customers/lookup", Access::kAdmin,
             [&ctx](const ApiRequest& r) { return Lookup(ctx, r); });
  router.Add("GET", "/v1/customers/{id}", Access::kAdmin,
             [&ctx](const ApiRequest& r) { return Profile(ctx, r); });
  router.Add("DELETE", "/v1/customers/{id}", Access::kAdmin,
             [&ctx](const ApiRequest& r) { return Erase(ctx, r); });
  router.Add("GET", "/v1/customers/{id}/export", Access::kAdmin,
             [&ctx](const ApiRequest& r) { return Export(ctx, r); });
  router.Add("POST", "/v1/customers/{id}/consents", Access::kAdmin,
             [&ctx](const ApiRequest& r) { return ChangeConsent(ctx, r); });
  router.Add("GET", "/v1/segments/{segment}/customers", Access::kAdmin,
             [&ctx](const ApiRequest& r) { return Segment(ctx, r); });
  router.Add("GET", "/v1/exports/esp", Access::kAdmin,
             [&ctx](const ApiRequest& r) { return ExportEsp(ctx, r); });
}

}  // namespace mercato::server
