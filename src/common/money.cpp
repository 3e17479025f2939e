// Currency codes and money printed with its currency.
#include "common/money.h"

#include "common/text.h"

namespace mercato {

Result<std::string> ParseCurrencyCode(std::string_view code) {
  std::string upper(code);
  bool letters = upper.size() == 3;
  for (char& c : upper) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    letters = letters && c >= 'A' && c <= 'Z';
  }
  if (!letters) {
    return InvalidArgument("currency '" + std::string(code) +
                           "': expected an ISO 4217 code of three letters, e.g. USD or EUR");
  }
  return upper;
}

std::string MoneyText(double amount, std::string_view currency) {
  std::string text = FormatMoney(amount);
  if (!currency.empty()) text += " " + std::string(currency);
  return text;
}

}  // namespace mercato
