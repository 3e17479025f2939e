// Value rules of entities coming in from files.
#include "domain/entity_checks.h"

#include "common/text.h"
#include "domain/untrusted_json.h"

namespace mercato {

std::optional<FieldProblem> CheckValues(const Product& product) {
  for (const auto& [name, amount] :
       {std::pair<std::string_view, const std::optional<double>&>{"price", product.price},
        {"compare_at_price", product.compare_at_price},
        {"cost", product.cost}}) {
    if (amount && *amount < 0) {
      return FieldProblem{name, "expected an amount of 0 or more, got " + FormatReal(*amount)};
    }
  }
  const std::string& s = product.status;
  if (!s.empty() && s != "active" && s != "draft" && s != "archived") {
    return FieldProblem{"status", "expected active, draft or archived, got '" + Excerpt(s) + "'"};
  }
  if (!product.attributes.empty()) {
    const UntrustedJson attributes = ParseUntrustedJson(product.attributes);
    if (!attributes.ok()) {
      return FieldProblem{"attributes", "expected a JSON object like {\"color\":\"red\"}: " +
                                            attributes.status().message()};
    }
    if (!attributes.value.is_object()) {
      return FieldProblem{"attributes", "expected a JSON object like {\"color\":\"red\"}, got '" +
                                            Excerpt(product.attributes) + "'"};
    }
  }
  return std::nullopt;
}

}  // namespace mercato
