// Behavioural clustering: features from the order histories, log/standardize, seeded k-means++
// per candidate k, silhouette on a seeded sample, profiles and labels.
#include "customers/clustering.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

#include "common/time.h"

namespace mercato::customers {
namespace {

enum Feature {
  kRecency,
  kFrequency,
  kMonetary,
  kTenure,
  kBasket,
  kCategories,
  kReturnRate,
  kDiscountShare
};

/// Features whose spread is multiplicative (counts, amounts): clustered on log1p.
constexpr bool kLogScaled[kClusterFeatures] = {false, true, true, false, true, false, false, false};

double SquaredDistance(const double* a, const double* b, size_t dims) {
  double d = 0.0;
  for (size_t j = 0; j < dims; ++j) d += (a[j] - b[j]) * (a[j] - b[j]);
  return d;
}

/// One k-means++ run: returns the within-cluster sum of squares; fills `assignment`.
double KMeansRun(const std::vector<double>& points, size_t dims, int k, int max_iterations,
                 std::mt19937_64& rng, std::vector<int32_t>& assignment) {
  const size_t n = points.size() / dims;
  const auto kk = static_cast<size_t>(k);
  std::vector<double> centers(kk * dims);
  std::vector<double> nearest(n, std::numeric_limits<double>::infinity());
  const size_t first = std::uniform_int_distribution<size_t>(0, n - 1)(rng);
  std::copy_n(&points[first * dims], dims, &centers[0]);
  for (size_t c = 1; c < kk; ++c) {
    double total = 0.0;
    for (size_t i = 0; i < n; ++i) {
      nearest[i] =
          std::min(nearest[i], SquaredDistance(&points[i * dims], &centers[(c - 1) * dims], dims));
      total += nearest[i];
    }
    size_t pick = 0;
    if (total > 0.0) {  // D^2 sampling
      double r = std::uniform_real_distribution<double>(0.0, total)(rng);
      for (pick = 0; pick + 1 < n && r >= nearest[pick]; ++pick) r -= nearest[pick];
    } else {
      pick = std::uniform_int_distribution<size_t>(0, n - 1)(rng);
    }
    std::copy_n(&points[pick * dims], dims, &centers[c * dims]);
  }
  assignment.assign(n, -1);
  std::vector<double> distance(n);
  std::vector<int64_t> count(kk);
  double inertia = 0.0;
  for (int iteration = 0; iteration < max_iterations; ++iteration) {
    bool changed = false;
    inertia = 0.0;
    for (size_t i = 0; i < n; ++i) {
      int32_t best = 0;
      double best_d = std::numeric_limits<double>::infinity();
      for (size_t c = 0; c < kk; ++c) {
        const double d = SquaredDistance(&points[i * dims], &centers[c * dims], dims);
        if (d < best_d) best_d = d, best = static_cast<int32_t>(c);
      }
      changed |= assignment[i] != best;
      assignment[i] = best;
      distance[i] = best_d;
      inertia += best_d;
    }
    if (!changed) break;
    std::fill(centers.begin(), centers.end(), 0.0);
    std::fill(count.begin(), count.end(), 0);
    for (size_t i = 0; i < n; ++i) {
      const auto c = static_cast<size_t>(assignment[i]);
      ++count[c];
      for (size_t j = 0; j < dims; ++j) centers[c * dims + j] += points[i * dims + j];
    }
    for (size_t c = 0; c < kk; ++c) {
      if (count[c] == 0) {  // an emptied cluster restarts at the point farthest from its center
        const size_t far = static_cast<size_t>(std::max_element(distance.begin(), distance.end()) -
                                               distance.begin());
        distance[far] = 0.0;
        std::copy_n(&points[far * dims], dims, &centers[c * dims]);
        continue;
      }
      for (size_t j = 0; j < dims; ++j) centers[c * dims + j] /= static_cast<double>(count[c]);
    }
  }
  return inertia;
}

/// "frequent high-value", "lapsed one-time low-value", ...: from the cluster's mean standardized
/// features (z) and its mean order count.
std::string LabelOf(const std::vector<double>& z, double mean_frequency) {
  std::string label;
  if (z[kRecency] > 0.75) {
    label = "lapsed ";
  } else if (z[kTenure] < -0.75) {
    label = "new ";
  }
  label += mean_frequency < 1.5 ? "one-time" : z[kFrequency] > 0.5 ? "frequent" : "occasional";
  label += z[kMonetary] > 0.5 ? " high-value" : z[kMonetary] < -0.5 ? " low-value" : " mid-value";
  if (z[kReturnRate] > 1.0) label += ", heavy returns";
  if (z[kDiscountShare] > 1.0) label += ", discount-driven";
  if (z[kCategories] > 1.0) label += ", broad-basket";
  return label;
}

}  // namespace

std::vector<std::string> ClusterFeatureNames() {
  return {"recency_days",     "frequency",           "monetary",    "tenure_days",
          "avg_basket_value", "distinct_categories", "return_rate", "discount_share"};
}

std::vector<double> CustomerFeatures(const OrderHistory& h, Timestamp as_of,
                                     std::vector<int32_t>& customers) {
  constexpr double kDay = static_cast<double>(kSecondsPerDay);
  std::vector<double> x;
  customers.clear();
  for (int32_t c = 0; c < h.num_customers(); ++c) {
    double monetary = 0, discounted = 0, categories = 0, returned = 0;
    int32_t o = h.customer_start[c];
    for (; o < h.customer_start[c + 1] && h.ts[o] < as_of; ++o) {
      monetary += h.value[o];
      discounted += h.discount[o] > 0;
      categories += h.new_categories[o];
    }
    const double frequency = o - h.customer_start[c];
    if (frequency == 0) continue;
    for (int32_t r = h.return_start[c]; r < h.return_start[c + 1] && h.return_ts[r] < as_of; ++r) {
      returned += h.return_amount[r];
    }
    customers.push_back(c);
    x.insert(x.end(), {static_cast<double>(as_of - h.ts[o - 1]) / kDay, frequency, monetary,
                       static_cast<double>(as_of - h.first_order(c)) / kDay, monetary / frequency,
                       categories, monetary > 0 ? std::clamp(returned / monetary, 0.0, 1.0) : 0.0,
                       discounted / frequency});
  }
  return x;
}

std::vector<int32_t> KMeans(const std::vector<double>& points, size_t dims, int k, int restarts,
                            int max_iterations, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<int32_t> best, assignment;
  double best_inertia = std::numeric_limits<double>::infinity();
  for (int run = 0; run < std::max(1, restarts); ++run) {
    const double inertia = KMeansRun(points, dims, k, max_iterations, rng, assignment);
    if (inertia < best_inertia) best_inertia = inertia, best = assignment;
  }
  return best;
}

double MeanSilhouette(const std::vector<double>& points, size_t dims,
                      const std::vector<int32_t>& assignment, const std::vector<int32_t>& sample,
                      int k) {
  const auto kk = static_cast<size_t>(k);
  std::vector<int64_t> size(kk, 0);
  for (int32_t i : sample) ++size[static_cast<size_t>(assignment[i])];
  std::vector<double> sum(kk);
  double total = 0.0;
  for (int32_t i : sample) {
    std::fill(sum.begin(), sum.end(), 0.0);
    for (int32_t j : sample) {
      sum[static_cast<size_t>(assignment[j])] +=
          std::sqrt(SquaredDistance(&points[i * dims], &points[j * dims], dims));
    }
    const auto own = static_cast<size_t>(assignment[i]);
    if (size[own] < 2) continue;  // a singleton counts 0
    const double a = sum[own] / static_cast<double>(size[own] - 1);
    double b = std::numeric_limits<double>::infinity();
    for (size_t c = 0; c < kk; ++c) {
      if (c != own && size[c] > 0) b = std::min(b, sum[c] / static_cast<double>(size[c]));
    }
    if (std::isinf(b) || std::max(a, b) == 0.0) continue;
    total += (b - a) / std::max(a, b);
  }
  return sample.empty() ? 0.0 : total / static_cast<double>(sample.size());
}

KMeansSelection SelectKMeans(const std::vector<double>& points, size_t dims,
                             const ClusteringOptions& options) {
  KMeansSelection out;
  const size_t n = points.size() / dims;
  // The silhouette sample: a seeded choice of min(n, silhouette_sample) points.
  std::mt19937_64 rng(options.seed);
  std::vector<int32_t> sample(n);
  std::iota(sample.begin(), sample.end(), 0);
  const size_t m = std::min(n, static_cast<size_t>(options.silhouette_sample));
  for (size_t i = 0; i < m; ++i) {
    std::swap(sample[i], sample[std::uniform_int_distribution<size_t>(i, n - 1)(rng)]);
  }
  sample.resize(m);
  std::sort(sample.begin(), sample.end());

  double best = -std::numeric_limits<double>::infinity();
  for (int k = options.min_k; k <= options.max_k; ++k) {
    std::vector<int32_t> assignment =
        KMeans(points, dims, k, options.restarts, options.max_iterations, options.seed + k);
    const double s = MeanSilhouette(points, dims, assignment, sample, k);
    out.silhouette_by_k.emplace_back(k, s);
    if (s > best + 1e-12) best = s, out.k = k, out.assignment = std::move(assignment);
  }
  out.silhouette = best;
  return out;
}

Result<Clustering> ClusterCustomers(const OrderHistory& history, const ClusteringOptions& options) {
  if (options.min_k < 2 || options.max_k < options.min_k) {
    return InvalidArgument("clustering: need 2 <= min_k <= max_k, got min_k " +
                           std::to_string(options.min_k) + ", max_k " +
                           std::to_string(options.max_k));
  }
  if (options.silhouette_sample < 2 || options.max_iterations < 1) {
    return InvalidArgument("clustering: silhouette_sample must be >= 2 and max_iterations >= 1");
  }
  Clustering out;
  const Timestamp as_of = options.as_of.value_or(history.end + 1);
  const std::vector<double> raw = CustomerFeatures(history, as_of, out.customer);
  const size_t n = out.customer.size();
  constexpr auto dims = static_cast<size_t>(kClusterFeatures);
  if (n < static_cast<size_t>(options.max_k) + 1) {
    return FailedPrecondition("clustering: " + std::to_string(n) +
                              " customers with orders before " + FormatTimestamp(as_of) +
                              ", need more than max_k = " + std::to_string(options.max_k));
  }

  // Transform and standardize.
  std::vector<double> z = raw;
  std::vector<double> mean(dims, 0.0), sd(dims, 0.0);
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j < dims; ++j) {
      double& v = z[i * dims + j];
      if (kLogScaled[j]) v = std::log1p(std::max(0.0, v));
      mean[j] += v;
    }
  }
  for (double& m : mean) m /= static_cast<double>(n);
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j < dims; ++j) sd[j] += std::pow(z[i * dims + j] - mean[j], 2);
  }
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j < dims; ++j) {
      const double s = std::sqrt(sd[j] / static_cast<double>(n));
      double& v = z[i * dims + j];
      v = s > 1e-12 ? (v - mean[j]) / s : 0.0;
    }
  }

  KMeansSelection selection = SelectKMeans(z, dims, options);
  out.k = selection.k;
  out.silhouette = selection.silhouette;
  out.silhouette_by_k = std::move(selection.silhouette_by_k);
  out.assignment = std::move(selection.assignment);

  // Profiles, largest cluster first.
  const auto k = static_cast<size_t>(out.k);
  std::vector<int64_t> size(k, 0);
  for (int32_t a : out.assignment) ++size[static_cast<size_t>(a)];
  std::vector<int32_t> order(k);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](int32_t a, int32_t b) { return size[a] > size[b]; });
  std::vector<int32_t> rank(k);
  for (size_t r = 0; r < k; ++r) rank[static_cast<size_t>(order[r])] = static_cast<int32_t>(r);
  for (int32_t& a : out.assignment) a = rank[static_cast<size_t>(a)];
  std::vector<std::vector<double>> raw_sum(k, std::vector<double>(dims, 0.0)),
      z_sum(k, std::vector<double>(dims, 0.0));
  out.overall_mean.assign(dims, 0.0);
  for (size_t i = 0; i < n; ++i) {
    const auto c = static_cast<size_t>(out.assignment[i]);
    for (size_t j = 0; j < dims; ++j) {
      raw_sum[c][j] += raw[i * dims + j];
      z_sum[c][j] += z[i * dims + j];
      out.overall_mean[j] += raw[i * dims + j] / static_cast<double>(n);
    }
  }
  for (size_t c = 0; c < k; ++c) {
    ClusterProfile p;
    p.size = size[static_cast<size_t>(order[c])];
    std::vector<double> zc(dims);
    for (size_t j = 0; j < dims; ++j) {
      p.mean.push_back(raw_sum[c][j] / static_cast<double>(p.size));
      zc[j] = z_sum[c][j] / static_cast<double>(p.size);
    }
    p.label = LabelOf(zc, p.mean[kFrequency]);
    out.clusters.push_back(std::move(p));
  }
  return out;
}

}  // namespace mercato::customers
