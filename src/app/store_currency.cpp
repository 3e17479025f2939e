// The store's currency: configured, else recorded by its imports.
#include "app/store_currency.h"

#include "common/money.h"
#include "store/open_store.h"

namespace mercato::app {

Result<std::string> StoreCurrency(Store& store, std::string_view configured) {
  if (!configured.empty()) return ParseCurrencyCode(configured);
  ASSIGN_OR_RETURN(std::optional<std::string> recorded, store.GetSetting(Store::kCurrencySetting));
  return recorded.value_or("");
}

Result<std::string> StoreCurrencyAt(const std::string& db, std::string_view configured) {
  if (!configured.empty()) return ParseCurrencyCode(configured);
  ASSIGN_OR_RETURN(auto store, OpenStore(db));
  return StoreCurrency(*store);
}

}  // namespace mercato::app
