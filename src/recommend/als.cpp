// ALS with a conjugate-gradient solver on Eigen row-major factor matrices.
#include "recommend/als.h"

#include <omp.h>

// Rows are solved in parallel by our own loop; Eigen's GEMM threads busy-wait on each other and
// collapse when the cores are shared, so Eigen stays single-threaded.
#define EIGEN_DONT_PARALLELIZE
#include <Eigen/Dense>
#include <cmath>
#include <limits>
#include <random>

#include "recommend/config_io.h"
#include "recommend/factor_queries.h"
#include "recommend/ranking.h"

namespace mercato::recommend {
namespace {

using Matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Vector = Eigen::VectorXf;

constexpr float kNoScore = -std::numeric_limits<float>::infinity();

// Rows of (column, value) in CSR form.
struct Csr {
  std::vector<int64_t> start{0};
  std::vector<int32_t> col;
  std::vector<float> value;
  int32_t rows() const { return static_cast<int32_t>(start.size()) - 1; }
};

Csr FromSparseRows(const SparseRows& m) {
  Csr c;
  if (!m.row_start.empty()) c.start = m.row_start;
  c.col.assign(m.col.begin(), m.col.end());
  c.value.assign(m.value.begin(), m.value.end());
  return c;
}

Csr Transpose(const Csr& m, int32_t cols) {
  Csr t;
  t.start.assign(static_cast<size_t>(cols) + 1, 0);
  for (int32_t j : m.col) ++t.start[static_cast<size_t>(j) + 1];
  for (size_t i = 1; i < t.start.size(); ++i) t.start[i] += t.start[i - 1];
  t.col.resize(m.col.size());
  t.value.resize(m.col.size());
  std::vector<int64_t> fill(t.start.begin(), t.start.end() - 1);
  for (int32_t r = 0; r < m.rows(); ++r) {
    for (int64_t e = m.start[static_cast<size_t>(r)]; e < m.start[static_cast<size_t>(r) + 1];
         ++e) {
      const auto pos =
          static_cast<size_t>(fill[static_cast<size_t>(m.col[static_cast<size_t>(e)])]++);
      t.col[pos] = r;
      t.value[pos] = m.value[static_cast<size_t>(e)];
    }
  }
  return t;
}

// One half-sweep: re-solves every row of X against the fixed Y with `steps` CG steps.
void SolveRows(const Csr& rows, const Matrix& y, float alpha, float lambda, int steps, int threads,
               Matrix& x) {
  const Eigen::Index f = y.cols();
  Matrix gram = Matrix::Zero(f, f);
  gram.noalias() = y.transpose() * y;
  gram.diagonal().array() += lambda;
#pragma omp parallel for schedule(dynamic, 32) num_threads(threads)
  for (int32_t u = 0; u < rows.rows(); ++u) {
    const int64_t begin = rows.start[static_cast<size_t>(u)];
    const int64_t end = rows.start[static_cast<size_t>(u) + 1];
    Vector xu = x.row(u).transpose();
    Vector r = -(gram * xu);
    for (int64_t e = begin; e < end; ++e) {
      const float c = 1.0f + alpha * rows.value[static_cast<size_t>(e)];
      const auto yi = y.row(rows.col[static_cast<size_t>(e)]);
      r += (c - (c - 1.0f) * yi.dot(xu)) * yi.transpose();
    }
    Vector p = r, ap(f);
    float rs_old = r.squaredNorm();
    for (int it = 0; it < steps && rs_old > 1e-20f; ++it) {
      ap.noalias() = gram * p;
      for (int64_t e = begin; e < end; ++e) {
        const float c = 1.0f + alpha * rows.value[static_cast<size_t>(e)];
        const auto yi = y.row(rows.col[static_cast<size_t>(e)]);
        ap += ((c - 1.0f) * yi.dot(p)) * yi.transpose();
      }
      const float step = rs_old / p.dot(ap);
      xu += step * p;
      r -= step * ap;
      const float rs_new = r.squaredNorm();
      p = r + (rs_new / rs_old) * p;
      rs_old = rs_new;
    }
    x.row(u) = xu.transpose();
  }
}

class AlsModel final : public Recommender {
 public:
  AlsModel(RecommendConfig config, Matrix users, Matrix items, Csr history)
      : config_(config),
        users_(std::move(users)),
        items_(std::move(items)),
        history_(std::move(history)) {
    gram_ = items_.transpose() * items_;
    gram_.diagonal().array() += static_cast<float>(config_.als_regularization);
    norms_ = FactorNorms(Rows());
  }

  ModelKind kind() const override { return ModelKind::kAls; }
  int32_t num_items() const override { return static_cast<int32_t>(items_.rows()); }

  std::vector<ScoredItem> ForUser(int32_t customer, int k) const override {
    if (customer < 0 || customer >= history_.rows()) return {};
    const auto begin = history_.start[static_cast<size_t>(customer)];
    const auto end = history_.start[static_cast<size_t>(customer) + 1];
    if (begin == end) return {};
    std::vector<ContextItem> anchors;
    for (int64_t e = begin; e < end; ++e) {
      anchors.push_back({history_.col[static_cast<size_t>(e)], ContextEvent::kPurchase});
    }
    return Rank(users_.row(customer).transpose(), anchors, k);
  }

  std::optional<LatentFactors> Factors() const override {
    return LatentFactors{static_cast<int32_t>(items_.cols()),
                         {items_.data(), static_cast<size_t>(items_.size())}};
  }

  std::span<const float> UserFactors(int32_t customer) const override {
    if (customer < 0 || customer >= history_.rows() ||
        history_.start[static_cast<size_t>(customer)] ==
            history_.start[static_cast<size_t>(customer) + 1]) {
      return {};
    }
    return {users_.data() + static_cast<size_t>(customer) * static_cast<size_t>(users_.cols()),
            static_cast<size_t>(users_.cols())};
  }

  void ExplainForUser(int32_t customer, std::span<ScoredItem> items) const override {
    if (customer < 0 || customer >= history_.rows()) return;
    const auto begin = history_.start[static_cast<size_t>(customer)];
    const auto end = history_.start[static_cast<size_t>(customer) + 1];
    if (begin == end) return;
    std::vector<ContextItem> anchors;
    for (int64_t e = begin; e < end; ++e) {
      anchors.push_back({history_.col[static_cast<size_t>(e)], ContextEvent::kPurchase});
    }
    Explain(anchors, items);
  }

  std::vector<ScoredItem> ForItems(std::span<const ContextItem> context, int k) const override {
    // Fold-in: the least-squares user vector for this context against the fixed item factors.
    const float alpha = static_cast<float>(config_.als_alpha);
    Matrix a = gram_;
    Vector b = Vector::Zero(items_.cols());
    std::vector<ContextItem> anchors;
    for (const ContextItem& c : context) {
      if (c.item < 0 || c.item >= num_items()) continue;
      const float r = c.event == ContextEvent::kView ? 1.0f : 2.0f;
      const auto yi = items_.row(c.item);
      a.noalias() += (alpha * r) * yi.transpose() * yi;
      b += (1.0f + alpha * r) * yi.transpose();
      anchors.push_back(c);
    }
    if (anchors.empty()) return {};
    const Vector x = a.ldlt().solve(b);
    return Rank(x, anchors, k);
  }

  std::vector<ScoredItem> Related(int32_t item, int k) const override {
    return RelatedByCosine(Rows(), norms_, item, k);
  }

  void Serialize(std::string& out) const override {
    ByteWriter w(out);
    w.Put(ModelKind::kAls);
    PutConfig(w, config_);
    PutMatrix(w, users_);
    PutMatrix(w, items_);
    w.PutVector(history_.start);
    w.PutVector(history_.col);
    w.PutVector(history_.value);
  }

  int32_t num_customers() const override { return static_cast<int32_t>(users_.rows()); }
  void EraseCustomers(const RowErasure& customers) override {
    std::vector<float> rows(users_.data(), users_.data() + users_.size());
    customers.EraseDense(rows, static_cast<size_t>(users_.cols()));
    users_ = Eigen::Map<Matrix>(rows.data(), static_cast<Eigen::Index>(rows.size()) / users_.cols(),
                                users_.cols());
    customers.EraseCsr(history_.start, history_.col, history_.value);
  }

  static Status GetMatrix(ByteReader& r, Matrix& m) {
    int64_t rows = 0, cols = 0;
    std::vector<float> data;
    RETURN_IF_ERROR(r.Get(rows));
    RETURN_IF_ERROR(r.Get(cols));
    RETURN_IF_ERROR(r.GetVector(data));
    if (rows < 0 || cols <= 0 || data.size() != static_cast<size_t>(rows * cols)) {
      return InvalidArgument("ALS factor matrix in the model bytes is corrupt");
    }
    m = Eigen::Map<Matrix>(data.data(), rows, cols);
    return Status::Ok();
  }

 private:
  static void PutMatrix(ByteWriter& w, const Matrix& m) {
    w.Put<int64_t>(m.rows());
    w.Put<int64_t>(m.cols());
    w.PutVector(std::vector<float>(m.data(), m.data() + m.size()));
  }

  // Top-k by x . y_i; the reason names the anchor whose factors are closest to the item's.
  std::vector<ScoredItem> Rank(const Vector& x, std::span<const ContextItem> anchors, int k) const {
    const Vector s = items_ * x;
    std::vector<ScoredItem> top = TopK({s.data(), static_cast<size_t>(s.size())}, k, kNoScore);
    Explain(anchors, top);
    return top;
  }

  void Explain(std::span<const ContextItem> anchors, std::span<ScoredItem> top) const {
    ExplainByClosestAnchor(Rows(), anchors, top);
  }

  FactorRows Rows() const {
    return {{items_.data(), static_cast<size_t>(items_.size())},
            static_cast<int32_t>(items_.cols()),
            static_cast<int32_t>(items_.cols())};
  }

  RecommendConfig config_;
  Matrix users_, items_;
  Csr history_;               // the training interactions, for fold-free user queries and reasons
  Matrix gram_;               // items' Y^T Y + lambda I, for fold-in
  std::vector<float> norms_;  // per item factor norm, for Related
};

}  // namespace

std::unique_ptr<Recommender> TrainAls(const Snapshot& snapshot, const RecommendConfig& config) {
  const Csr by_user = FromSparseRows(snapshot.interactions);
  const int32_t num_items = snapshot.items.size();
  const Csr by_item = Transpose(by_user, num_items);
  const int f = config.als_factors;
  std::mt19937_64 rng(config.seed);
  std::normal_distribution<float> normal(0.0f, static_cast<float>(config.als_init_scale));
  Matrix users(by_user.rows(), f), items(num_items, f);
  for (Eigen::Index i = 0; i < users.size(); ++i) users.data()[i] = normal(rng);
  for (Eigen::Index i = 0; i < items.size(); ++i) items.data()[i] = normal(rng);
  const int threads = config.threads > 0 ? config.threads : omp_get_max_threads();
  const auto alpha = static_cast<float>(config.als_alpha);
  const auto lambda = static_cast<float>(config.als_regularization);
  for (int it = 0; it < config.als_iterations; ++it) {
    SolveRows(by_user, items, alpha, lambda, config.als_cg_steps, threads, users);
    SolveRows(by_item, users, alpha, lambda, config.als_cg_steps, threads, items);
  }
  return std::make_unique<AlsModel>(config, std::move(users), std::move(items), by_user);
}

Result<std::unique_ptr<Recommender>> DeserializeAls(ByteReader& reader) {
  RecommendConfig config;
  Matrix users, items;
  Csr history;
  RETURN_IF_ERROR(GetConfig(reader, config));
  RETURN_IF_ERROR(AlsModel::GetMatrix(reader, users));
  RETURN_IF_ERROR(AlsModel::GetMatrix(reader, items));
  RETURN_IF_ERROR(reader.GetVector(history.start));
  RETURN_IF_ERROR(reader.GetVector(history.col));
  RETURN_IF_ERROR(reader.GetVector(history.value));
  bool ok = users.cols() == items.cols() &&
            history.start.size() == static_cast<size_t>(users.rows()) + 1 &&
            history.start.front() == 0 &&
            static_cast<size_t>(history.start.back()) == history.col.size() &&
            history.value.size() == history.col.size();
  for (size_t i = 1; ok && i < history.start.size(); ++i)
    ok = history.start[i - 1] <= history.start[i];
  for (int32_t j : history.col) ok = ok && j >= 0 && j < items.rows();
  if (!ok) return InvalidArgument("ALS model bytes are corrupt");
  return std::unique_ptr<Recommender>(
      std::make_unique<AlsModel>(config, std::move(users), std::move(items), std::move(history)));
}

double AlsTrainingFlops(int64_t users, int64_t items, int64_t nnz, const RecommendConfig& config) {
  const double f = config.als_factors, steps = config.als_cg_steps;
  const double gram = 2.0 * static_cast<double>(users + items) * f * f;
  const double rows = static_cast<double>(users + items) * (1 + steps) * (2 * f * f + 10 * f);
  const double entries = 2.0 * static_cast<double>(nnz) * (1 + steps) * 4 * f;
  return config.als_iterations * (gram + rows + entries);
}

}  // namespace mercato::recommend
