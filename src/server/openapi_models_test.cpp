// The model names the OpenAPI document lists are the registries' names: every recommendation
// route's `model` enum is the recommend registry in its order, and every forecast model the
// forecasts route names is registered.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "forecast/model_registry.h"
#include "recommend/model_registry.h"
#include "server/openapi_document.h"

namespace mercato::server {
namespace {

using nlohmann::json;

// Every query parameter named "model", with its route.
std::vector<std::pair<std::string, json>> ModelParameters() {
  const json doc = json::parse(OpenApiDocument());
  std::vector<std::pair<std::string, json>> out;
  for (const auto& [path, methods] : doc["paths"].items()) {
    for (const auto& [method, operation] : methods.items()) {
      if (!operation.contains("parameters")) continue;
      for (const json& p : operation["parameters"]) {
        if (p.value("name", "") == "model") out.emplace_back(method + " " + path, p);
      }
    }
  }
  return out;
}

TEST(OpenApiModels, RecommendationEnumsAreTheRegistry) {
  int recommendation_routes = 0;
  for (const auto& [route, p] : ModelParameters()) {
    if (!p["schema"].contains("enum")) continue;
    SCOPED_TRACE(route);
    ++recommendation_routes;
    EXPECT_EQ(p["schema"]["enum"].get<std::vector<std::string>>(),
              recommend::RecommendModelNames());
  }
  EXPECT_EQ(recommendation_routes, 5);
}

TEST(OpenApiModels, ForecastModelsNamedAreRegistered) {
  int forecast_routes = 0;
  for (const auto& [route, p] : ModelParameters()) {
    // Recommendation routes enumerate theirs; the ESP export's `model` is a customer (BTYD) model.
    if (p["schema"].contains("enum") || route.find("/v1/forecasts") == std::string::npos) continue;
    SCOPED_TRACE(route);
    ++forecast_routes;
    EXPECT_NE(forecast::FindForecastModel(p["schema"]["default"].get<std::string>()), nullptr);
    const std::string description = p["description"].get<std::string>();
    size_t start = 0;
    while (start < description.size()) {
      size_t comma = description.find(", ", start);
      if (comma == std::string::npos) comma = description.size();
      const std::string name = description.substr(start, comma - start);
      if (name != "...") {
        EXPECT_NE(forecast::FindForecastModel(name), nullptr) << name;
      }
      start = comma + 2;
    }
  }
  EXPECT_EQ(forecast_routes, 1);
}

}  // namespace
}  // namespace mercato::server
