// Rewriting the serving index and model artifacts without one customer.
#include "recommend_serving/artifact_erasure.h"

#include <filesystem>

#include "artifact/artifact.h"
#include "recommend/erasure.h"
#include "recommend_serving/recommendation_service.h"

namespace mercato::serving {
namespace {

using recommend::RowErasure;

IdIndex WithoutRows(const IdIndex& index, const RowErasure& erasure) {
  IdIndex kept;
  for (int32_t i = 0; i < index.size(); ++i) {
    if (!erasure.Removes(i)) kept.Add(index.Key(i));
  }
  return kept;
}

// Removes a model artifact that cannot be decoded: it can neither serve nor be rewritten without
// the customer, and may still hold them.
Status RemoveUndecodable(const std::string& dir, const std::string& kind) {
  std::error_code ec;
  std::filesystem::remove(ArtifactPath(dir, kind), ec);
  if (ec)
    return IoError("cannot remove the corrupt artifact " + ArtifactPath(dir, kind) + ": " +
                   ec.message());
  return Status::Ok();
}

// Rewrites one model artifact without the customer, unless an interrupted run already did.
Status EraseFromModel(const std::string& dir, const std::string& kind, int32_t customer,
                      int32_t customers_before) {
  auto artifact = ReadArtifact(dir, kind);
  if (artifact.status().code() == StatusCode::kNotFound) return Status::Ok();
  if (artifact.status().code() == StatusCode::kInvalidArgument) {
    return RemoveUndecodable(dir, kind);  // corrupt (checksum, framing, kind)
  }
  if (!artifact.ok()) return artifact.status();
  auto model = recommend::Deserialize(artifact->payload);
  if (!model.ok()) return RemoveUndecodable(dir, kind);
  const int32_t rows = model.value()->num_customers();
  if (rows == 0 || rows == customers_before - 1) return Status::Ok();  // nothing / done before
  if (rows != customers_before) {
    return FailedPrecondition("artifact " + kind + " in " + dir +
                              " does not match the serving index; run `mercato train recommend`");
  }
  model.value()->EraseCustomers(RowErasure({customer}));
  artifact->payload.clear();
  model.value()->Serialize(artifact->payload);
  return WriteArtifact(dir, *artifact);
}

}  // namespace

void EraseFromServingIndex(ServingIndex& index, int32_t customer) {
  const RowErasure customers({customer});
  std::vector<int32_t> their_orders;
  for (size_t o = 0; o < index.order_customer.size(); ++o) {
    if (index.order_customer[o] == customer) their_orders.push_back(static_cast<int32_t>(o));
  }
  const RowErasure orders(std::move(their_orders));
  index.customers = WithoutRows(index.customers, customers);
  index.orders = WithoutRows(index.orders, orders);
  customers.EraseCsr(index.purchase_start, index.purchase_item);
  orders.EraseCsr(index.order_start, index.order_item);
  orders.EraseDense(index.order_customer, 1);
  orders.EraseDense(index.order_ts, 1);
  for (int32_t& c : index.order_customer) c = customers.NewId(c);
}

Status ForgetCustomer(const std::string& dir, std::string_view customer_id) {
  auto index_artifact = ReadArtifact(dir, kServingIndexArtifact);
  if (index_artifact.status().code() == StatusCode::kNotFound) return Status::Ok();
  if (!index_artifact.ok()) return index_artifact.status();
  ASSIGN_OR_RETURN(ServingIndex index, DeserializeServingIndex(index_artifact->payload));
  const int32_t customer = index.customers.Find(customer_id);
  if (customer == IdIndex::kNone) return Status::Ok();
  for (size_t k = 0; k < kModelKinds; ++k) {
    RETURN_IF_ERROR(EraseFromModel(dir, ModelArtifactKind(static_cast<recommend::ModelKind>(k)),
                                   customer, index.customers.size()));
  }
  EraseFromServingIndex(index, customer);
  index_artifact->payload.clear();
  SerializeServingIndex(index, index_artifact->payload);
  return WriteArtifact(dir, *index_artifact);
}

}  // namespace mercato::serving
