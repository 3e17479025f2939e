// Money with its currency: the store's currency code (ISO 4217) read from a setting, and amounts
// printed with it ("52.80 USD"); without a known currency, as FormatMoney prints them.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace mercato {

/// `code` as a currency code: three ASCII letters, returned upper-case ("usd" -> "USD");
/// InvalidArgument naming what was expected otherwise.
Result<std::string> ParseCurrencyCode(std::string_view code);

/// An amount rounded to cents with its currency: "52.80 USD"; "52.80" when `currency` is empty.
std::string MoneyText(double amount, std::string_view currency);

}  // namespace mercato
