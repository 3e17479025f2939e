// The store's currency, as every money output prints it: the configured one ([shop] currency in
// mercato.toml, or --currency), else the one its imports recorded, else none.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"
#include "store/store.h"

namespace mercato::app {

/// The ISO 4217 code of the store's money: `configured` when not empty (validated and
/// upper-cased: InvalidArgument when it is not three letters), else what the store's imports
/// recorded (Store::kCurrencySetting: the most frequent currency of the imported orders), else ""
/// — unknown, and money is printed without a currency, as before.
Result<std::string> StoreCurrency(Store& store, std::string_view configured = {});

/// StoreCurrency of the store at `db`.
Result<std::string> StoreCurrencyAt(const std::string& db, std::string_view configured = {});

}  // namespace mercato::app
