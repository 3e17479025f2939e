// `mercato recommend user|item|cart|post-purchase`: recommendations from the trained artifacts
// (no retraining), with business-rule filters, consent honoured and a reason per item.
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "app/recommend_actions.h"
#include "cli/command_failure.h"
#include "cli/commands.h"
#include "cli/recommend_options.h"
#include "recommend_serving/list_json.h"

namespace mercato::cli {
namespace {

struct RecommendArgs {
  ServingArgs serving;
  std::string subject;              // customer id, SKU or order id
  std::vector<std::string> skus;    // cart
  std::string kind = "related";     // item
  std::string customer;             // item, cart: the shopper, for --exclude-purchased
  bool anonymous_fallback = false;  // user: an unknown customer gets the trending list
};

using Ask = std::function<Result<serving::RecommendationList>(const RecommendArgs&)>;

int Run(const std::string& name, const RecommendArgs& a, nlohmann::json subject, const Ask& ask) {
  auto list = ask(a);
  if (!list.ok()) return Fail("recommend " + name, list.status());
  if (a.serving.json) {
    nlohmann::json j = std::move(subject);
    j.update(serving::ListJson(list.value()));
    std::cout << j.dump(2) << "\n";
  } else {
    PrintList(list.value());
  }
  return 0;
}

void AddSurface(CLI::App* parent, int& exit_code, const std::string& name, const std::string& help,
                const std::function<void(CLI::App*, RecommendArgs&)>& add,
                std::function<nlohmann::json(const RecommendArgs&)> subject, Ask ask) {
  auto args = std::make_shared<RecommendArgs>();
  CLI::App* cmd = parent->add_subcommand(name, help);
  add(cmd, *args);
  AddServingOptions(cmd, args->serving);
  cmd->callback([args, &exit_code, name, subject = std::move(subject), ask = std::move(ask)] {
    exit_code = Run(name, *args, subject(*args), ask);
  });
}

}  // namespace

void RegisterRecommendCommand(CLI::App& app, int& exit_code) {
  CLI::App* cmd = app.add_subcommand("recommend", "Recommend items from the trained models");
  cmd->require_subcommand(1);

  AddSurface(
      cmd, exit_code, "user", "Items for a customer (personalized only with consent)",
      [](CLI::App* c, RecommendArgs& a) {
        c->add_option("ID", a.subject, "Customer id, email or Shopify customer id")->required();
        c->add_flag("--anonymous-fallback", a.anonymous_fallback,
                    "An unknown customer gets the non-personalized list instead of an error");
      },
      [](const RecommendArgs& a) -> nlohmann::json {
        return {{"surface", "user"}, {"customer_id", a.subject}};
      },
      [](const RecommendArgs& a) {
        return app::RecommendForUser({a.serving.options, a.subject, a.anonymous_fallback});
      });

  AddSurface(
      cmd, exit_code, "item", "Items related to or complementing one item",
      [](CLI::App* c, RecommendArgs& a) {
        c->add_option("SKU", a.subject, "The item in view")->required();
        c->add_option("--kind", a.kind, "related or complementary")
            ->capture_default_str()
            ->check(CLI::IsMember({"related", "complementary"}));
        c->add_option("--customer", a.customer, "The shopper, for --exclude-purchased");
      },
      [](const RecommendArgs& a) -> nlohmann::json {
        return {{"surface", "item"}, {"sku", a.subject}, {"kind", a.kind}};
      },
      [](const RecommendArgs& a) {
        return app::RecommendForItem({a.serving.options, a.subject,
                                      a.kind == "complementary"
                                          ? serving::ItemRelation::kComplementary
                                          : serving::ItemRelation::kRelated,
                                      a.customer});
      });

  AddSurface(
      cmd, exit_code, "cart", "Items for a cart or session (later SKUs are more recent)",
      [](CLI::App* c, RecommendArgs& a) {
        c->add_option("SKU", a.skus, "Items in the cart")->required();
        c->add_option("--customer", a.customer, "The shopper, for --exclude-purchased");
      },
      [](const RecommendArgs& a) -> nlohmann::json {
        return {{"surface", "cart"}, {"skus", a.skus}};
      },
      [](const RecommendArgs& a) {
        return app::RecommendForCart({a.serving.options, a.skus, a.customer});
      });

  AddSurface(
      cmd, exit_code, "post-purchase", "Follow-up items after an order",
      [](CLI::App* c, RecommendArgs& a) {
        c->add_option("ORDER_ID", a.subject, "The order: its id, #name or Shopify order id")
            ->required();
      },
      [](const RecommendArgs& a) -> nlohmann::json {
        return {{"surface", "post-purchase"}, {"order_id", a.subject}};
      },
      [](const RecommendArgs& a) {
        return app::RecommendAfterOrder({a.serving.options, a.subject});
      });
}

}  // namespace mercato::cli
