// Country name and code normalization to ISO 3166-1 alpha-2.
#include "common/country.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

#include "common/text.h"

namespace mercato {
namespace {

// Alpha-2 codes we recognize as such, with alpha-3 and English names (lower case) that map to
// them. Covers the EU/EEA, the countries named in consent law and those in the shared data.
struct CountryNames {
  std::string_view alpha2;
  std::string_view alpha3;
  std::array<std::string_view, 3> names;
};

constexpr CountryNames kCountries[] = {
    {"AT", "AUT", {"austria"}},
    {"BE", "BEL", {"belgium"}},
    {"BG", "BGR", {"bulgaria"}},
    {"HR", "HRV", {"croatia"}},
    {"CY", "CYP", {"cyprus"}},
    {"CZ", "CZE", {"czech republic", "czechia"}},
    {"DK", "DNK", {"denmark"}},
    {"EE", "EST", {"estonia"}},
    {"FI", "FIN", {"finland"}},
    {"FR", "FRA", {"france"}},
    {"DE", "DEU", {"germany"}},
    {"GR", "GRC", {"greece"}},
    {"HU", "HUN", {"hungary"}},
    {"IE", "IRL", {"ireland", "eire", "republic of ireland"}},
    {"IT", "ITA", {"italy"}},
    {"LV", "LVA", {"latvia"}},
    {"LT", "LTU", {"lithuania"}},
    {"LU", "LUX", {"luxembourg"}},
    {"MT", "MLT", {"malta"}},
    {"NL", "NLD", {"netherlands", "the netherlands", "holland"}},
    {"PL", "POL", {"poland"}},
    {"PT", "PRT", {"portugal"}},
    {"RO", "ROU", {"romania"}},
    {"SK", "SVK", {"slovakia"}},
    {"SI", "SVN", {"slovenia"}},
    {"ES", "ESP", {"spain"}},
    {"SE", "SWE", {"sweden"}},
    {"IS", "ISL", {"iceland"}},
    {"LI", "LIE", {"liechtenstein"}},
    {"NO", "NOR", {"norway"}},
    {"GB", "GBR", {"united kingdom", "uk", "great britain"}},
    {"JE", "JEY", {"jersey", "channel islands"}},
    {"GG", "GGY", {"guernsey"}},
    {"IM", "IMN", {"isle of man"}},
    {"CH", "CHE", {"switzerland"}},
    {"US", "USA", {"united states", "united states of america", "u.s."}},
    {"CA", "CAN", {"canada"}},
    {"AU", "AUS", {"australia"}},
    {"NZ", "NZL", {"new zealand"}},
    {"JP", "JPN", {"japan"}},
    {"SG", "SGP", {"singapore"}},
    {"IL", "ISR", {"israel"}},
    {"LB", "LBN", {"lebanon"}},
    {"AE", "ARE", {"united arab emirates", "uae"}},
    {"SA", "SAU", {"saudi arabia"}},
    {"BH", "BHR", {"bahrain"}},
    {"BR", "BRA", {"brazil"}},
    {"ZA", "ZAF", {"south africa", "rsa"}},
    {"MX", "MEX", {"mexico"}},
    {"IN", "IND", {"india"}},
    {"CN", "CHN", {"china"}},
    {"HK", "HKG", {"hong kong"}},
    {"KR", "KOR", {"south korea", "korea"}},
    {"TR", "TUR", {"turkey", "turkiye"}},
};

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

std::string NormalizeCountry(std::string_view text) {
  const std::string key = Lower(Trim(text));
  if (key.empty()) return "";
  if (key == "european community" || key == "european union" || key == "eu") return "EU";
  for (const CountryNames& c : kCountries) {
    if (key == Lower(c.alpha2) || key == Lower(c.alpha3)) return std::string(c.alpha2);
    for (std::string_view name : c.names) {
      if (!name.empty() && key == name) return std::string(c.alpha2);
    }
  }
  // Any other two letters are taken as an alpha-2 code we have no name for.
  if (key.size() == 2 && std::isalpha(static_cast<unsigned char>(key[0])) &&
      std::isalpha(static_cast<unsigned char>(key[1]))) {
    std::string code(key);
    for (char& ch : code) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    return code;
  }
  return "";
}

}  // namespace mercato
