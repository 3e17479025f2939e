// Reading and validating customer summary CSV files.
#include "customers/summary.h"

#include <cmath>

#include "common/csv_columns.h"
#include "common/csv_reader.h"
#include "common/text.h"

namespace mercato::customers {
namespace {

struct Columns {
  int id, frequency, recency, age, monetary;
};

Result<Columns> LocateColumns(const std::vector<std::string_view>& header,
                              const std::string& path) {
  const CsvColumns cols(header);
  Columns c{cols.Find({"id", "customer_id", "customerid"}), cols.Find({"frequency", "x"}),
            cols.Find({"recency", "t_x"}), cols.Find({"T", "age"}),
            cols.Find({"monetary_value", "zbar"})};
  if (c.frequency < 0 || c.recency < 0 || c.age < 0) {
    return InvalidArgument(path + ":1: expected columns frequency, recency, T (or x, t_x, T)");
  }
  return c;
}

Result<double> ParseField(const std::vector<std::string_view>& fields, int index,
                          const std::string& where, std::string_view column) {
  auto v = ParseReal(Trim(FieldAt(fields, index)));
  if (!v.ok()) {
    return InvalidArgument(where + ": column '" + std::string(column) +
                           "': " + v.status().message());
  }
  return v.value();
}

}  // namespace

Status ValidateSummary(const CustomerSummary& c, bool has_monetary) {
  if (c.frequency < 0 || c.frequency != std::floor(c.frequency)) {
    return InvalidArgument("column 'frequency': expected a whole number >= 0");
  }
  if (!(c.age > 0)) return InvalidArgument("column 'T': expected a number > 0");
  if (c.recency < 0 || c.recency > c.age) {
    return InvalidArgument("column 'recency': expected 0 <= recency <= T");
  }
  if (has_monetary && (c.monetary < 0 || (c.frequency > 0 && c.monetary == 0))) {
    return InvalidArgument(
        "column 'monetary_value': expected > 0 for a repeat customer, >= 0 else");
  }
  return Status::Ok();
}

Result<SummaryTable> ReadSummaryCsv(const std::string& path) {
  ASSIGN_OR_RETURN(auto reader, CsvReader::Open(path));
  auto header = reader->Next();
  if (!header.ok()) return InvalidArgument(path + ":1: " + header.status().message());
  if (!header.value()) return InvalidArgument(path + ": empty file, expected a header");
  ASSIGN_OR_RETURN(const Columns cols, LocateColumns(reader->fields(), path));
  const std::vector<std::string> names(reader->fields().begin(), reader->fields().end());
  SummaryTable table;
  table.has_monetary = cols.monetary >= 0;
  for (;;) {
    auto next = reader->Next();
    const std::string where = path + ":" + std::to_string(reader->line());
    if (!next.ok()) return InvalidArgument(where + ": " + next.status().message());
    if (!next.value()) break;
    const auto& f = reader->fields();
    CustomerSummary c;
    c.id = cols.id >= 0 ? std::string(Trim(FieldAt(f, cols.id)))
                        : std::to_string(table.customers.size() + 1);
    ASSIGN_OR_RETURN(c.frequency, ParseField(f, cols.frequency, where, names[cols.frequency]));
    ASSIGN_OR_RETURN(c.recency, ParseField(f, cols.recency, where, names[cols.recency]));
    ASSIGN_OR_RETURN(c.age, ParseField(f, cols.age, where, names[cols.age]));
    if (table.has_monetary) {
      ASSIGN_OR_RETURN(c.monetary, ParseField(f, cols.monetary, where, names[cols.monetary]));
    }
    if (Status s = ValidateSummary(c, table.has_monetary); !s.ok()) {
      return InvalidArgument(where + ": " + s.message());
    }
    table.customers.push_back(std::move(c));
  }
  if (table.customers.empty()) return InvalidArgument(path + ": no customers after the header");
  return table;
}

}  // namespace mercato::customers
