// Fused elementwise kernels in C: the GRU gate arithmetic, SiLU and LayerNorm (forward and backward), Adam's update
// and the fused matMul's activation. Same maths
// and argument order as src/tensor/kernels/fused/gru-math.ts and adam.ts; operands are Float32Arrays (views of
// the wasm heap, so nothing is copied). Built with -O3 -ffast-math so the loops vectorise.
#include "fused.h"

#include "kernel_common.h"
#include "sgemm.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

namespace {

constexpr size_t kMaxArgs = 14;

// Unclamped, unlike dreamer::kernel::Sigmoid / Tanh: these loops keep the results they have always had.
inline float Sigmoid(float z) { return 1.0f / (1.0f + std::exp(-z)); }
// tanh through exp: vectorises with -ffast-math where std::tanh may not.
inline float Tanh(float z) { return 1.0f - 2.0f / (std::exp(2.0f * z) + 1.0f); }

constexpr const char* kKernel = "fused kernel";

using dreamer::kernel::Fail;

struct Args {
  napi_value v[kMaxArgs];
};

bool Read(napi_env env, napi_callback_info info, size_t expected, Args* args) {
  return dreamer::kernel::ReadArgs(env, info, kKernel, expected, args->v);
}

bool Array(napi_env env, napi_value value, float** data, size_t* length) {
  return dreamer::kernel::ReadArray(env, value, kKernel, data, length);
}

bool Number(napi_env env, napi_value value, double* out) { return dreamer::kernel::ReadNumber(env, value, kKernel, out); }

// Reads `count` Float32Arrays starting at argument `first`; every one must hold at least its minimum length.
bool Arrays(napi_env env, const Args& args, size_t first, size_t count, const size_t* min_length, float** out) {
  return dreamer::kernel::ReadArrays(env, args.v + first, count, min_length, kKernel, out);
}

// Reads a GRU kernel's arguments: `argc` in all, units first, h [B, U] at `h_index`; U and the state size B·U out.
bool GruArgs(napi_env env, napi_callback_info info, size_t argc, size_t h_index, const char* name, Args* a, size_t* u,
             size_t* n) {
  double units = 0;
  float* h = nullptr;
  if (!Read(env, info, argc, a) || !Number(env, a->v[0], &units) || !Array(env, a->v[h_index], &h, n)) return false;
  *u = static_cast<size_t>(units);
  if (*u == 0 || *n % *u != 0) return Fail(env, name);
  return true;
}

// gruV1Forward(units, xp[B,3U], hp[B,3U], h[B,U], out[B,U])
napi_value GruV1Forward(napi_env env, napi_callback_info info) {
  Args a;
  size_t u = 0, n = 0;
  if (!GruArgs(env, info, 5, 3, "gruV1Forward: h length is not a multiple of units", &a, &u, &n)) return nullptr;
  const size_t b = n / u;
  const size_t mins[4] = {3 * n, 3 * n, n, n};
  float* p[4];
  if (!Arrays(env, a, 1, 4, mins, p)) return nullptr;
  const float *xp = p[0], *hp = p[1], *h = p[2];
  float* out = p[3];
  for (size_t row = 0; row < b; row++) {
    const float *x = xp + row * 3 * u, *hh = hp + row * 3 * u, *hr = h + row * u;
    float* o = out + row * u;
#pragma GCC ivdep  // outputs never alias inputs (fresh tensors)
    for (size_t j = 0; j < u; j++) {
      const float r = Sigmoid(x[j] + hh[j]);
      const float z = Sigmoid(x[u + j] + hh[u + j]);
      const float c = Tanh(x[2 * u + j] + r * hh[2 * u + j]);
      o[j] = c + z * (hr[j] - c);
    }
  }
  return nullptr;
}

// gruV1Backward(units, xp, hp, h, dy[B,U], dxp[B,3U], dhp[B,3U], dh[B,U])
napi_value GruV1Backward(napi_env env, napi_callback_info info) {
  Args a;
  size_t u = 0, n = 0;
  if (!GruArgs(env, info, 8, 3, "gruV1Backward: h length is not a multiple of units", &a, &u, &n)) return nullptr;
  const size_t b = n / u;
  const size_t mins[7] = {3 * n, 3 * n, n, n, 3 * n, 3 * n, n};
  float* p[7];
  if (!Arrays(env, a, 1, 7, mins, p)) return nullptr;
  for (size_t row = 0; row < b; row++) {
    // One pointer per gate block: plain unit-stride loops.
    const size_t g3 = row * 3 * u;
    const float *__restrict xr = p[0] + g3, *__restrict xu = xr + u, *__restrict xc = xr + 2 * u;
    const float *__restrict hr = p[1] + g3, *__restrict hu = hr + u, *__restrict hc = hr + 2 * u;
    const float* __restrict h = p[2] + row * u;
    const float* __restrict dy = p[3] + row * u;
    float *__restrict dxr = p[4] + g3, *__restrict dxu = dxr + u, *__restrict dxc = dxr + 2 * u;
    float *__restrict dhr = p[5] + g3, *__restrict dhu = dhr + u, *__restrict dhc = dhr + 2 * u;
    float* __restrict dh = p[6] + row * u;
#pragma GCC ivdep  // outputs never alias inputs (fresh tensors)
    for (size_t j = 0; j < u; j++) {
      const float r = Sigmoid(xr[j] + hr[j]);
      const float z = Sigmoid(xu[j] + hu[j]);
      const float c = Tanh(xc[j] + r * hc[j]);
      const float g = dy[j];
      const float dzu = g * (h[j] - c) * z * (1 - z);
      const float dzc = g * (1 - z) * (1 - c * c);
      const float dzr = dzc * hc[j] * r * (1 - r);
      dxr[j] = dzr;
      dhr[j] = dzr;
      dxu[j] = dzu;
      dhu[j] = dzu;
      dxc[j] = dzc;
      dhc[j] = dzc * r;
      dh[j] = g * z;
    }
  }
  return nullptr;
}

// gruV3Forward(units, y[B,3U], h[B,U], updateBias, out[B,U])
napi_value GruV3Forward(napi_env env, napi_callback_info info) {
  Args a;
  double units_d = 0, bias_d = 0;
  if (!Read(env, info, 5, &a) || !Number(env, a.v[0], &units_d) || !Number(env, a.v[3], &bias_d)) return nullptr;
  float *y = nullptr, *h = nullptr, *out = nullptr;
  size_t ny = 0, n = 0, no = 0;
  if (!Array(env, a.v[1], &y, &ny) || !Array(env, a.v[2], &h, &n) || !Array(env, a.v[4], &out, &no)) return nullptr;
  const size_t u = static_cast<size_t>(units_d);
  if (u == 0 || n % u != 0 || ny < 3 * n || no < n) return Fail(env, "gruV3Forward: shapes do not match"), nullptr;
  const float bias = static_cast<float>(bias_d);
  for (size_t row = 0; row < n / u; row++) {
    const float *yr = y + row * 3 * u, *hr = h + row * u;
    float* o = out + row * u;
#pragma GCC ivdep  // outputs never alias inputs (fresh tensors)
    for (size_t j = 0; j < u; j++) {
      const float c = Tanh(Sigmoid(yr[j]) * yr[u + j]);
      const float z = Sigmoid(yr[2 * u + j] + bias);
      o[j] = hr[j] + z * (c - hr[j]);
    }
  }
  return nullptr;
}

// gruV3Backward(units, y, h, updateBias, dy[B,U], dyIn[B,3U], dh[B,U])
napi_value GruV3Backward(napi_env env, napi_callback_info info) {
  Args a;
  double units_d = 0, bias_d = 0;
  if (!Read(env, info, 7, &a) || !Number(env, a.v[0], &units_d) || !Number(env, a.v[3], &bias_d)) return nullptr;
  float *y = nullptr, *h = nullptr, *dy = nullptr, *dyin = nullptr, *dh = nullptr;
  size_t ny = 0, n = 0, ndy = 0, ndyin = 0, ndh = 0;
  if (!Array(env, a.v[1], &y, &ny) || !Array(env, a.v[2], &h, &n) || !Array(env, a.v[4], &dy, &ndy) ||
      !Array(env, a.v[5], &dyin, &ndyin) || !Array(env, a.v[6], &dh, &ndh)) {
    return nullptr;
  }
  const size_t u = static_cast<size_t>(units_d);
  if (u == 0 || n % u != 0 || ny < 3 * n || ndy < n || ndyin < 3 * n || ndh < n) {
    return Fail(env, "gruV3Backward: shapes do not match"), nullptr;
  }
  const float bias = static_cast<float>(bias_d);
  for (size_t row = 0; row < n / u; row++) {
    const float* __restrict yr = y + row * 3 * u;
    const float* __restrict hr = h + row * u;
    const float* __restrict g = dy + row * u;
    float* __restrict di = dyin + row * 3 * u;
    float* __restrict d = dh + row * u;
#pragma GCC ivdep  // outputs never alias inputs (fresh tensors)
    for (size_t j = 0; j < u; j++) {
      const float r = Sigmoid(yr[j]);
      const float yc = yr[u + j];
      const float c = Tanh(r * yc);
      const float z = Sigmoid(yr[2 * u + j] + bias);
      const float dzc = g[j] * z * (1 - c * c);
      di[j] = dzc * yc * r * (1 - r);
      di[u + j] = dzc * r;
      di[2 * u + j] = g[j] * (c - hr[j]) * z * (1 - z);
      d[j] = g[j] * (1 - z);
    }
  }
  return nullptr;
}

// adamUpdate(param, m, v, grad, beta1, beta2, eps, stepSize, invSqrtBiasCorrection2, keep, gradScale,
//            paramOut, mOut, vOut)
napi_value AdamUpdate(napi_env env, napi_callback_info info) {
  Args a;
  if (!Read(env, info, 14, &a)) return nullptr;
  float* param = nullptr;
  size_t n = 0;
  if (!Array(env, a.v[0], &param, &n)) return nullptr;
  double s[7];
  for (int i = 0; i < 7; i++) {
    if (!Number(env, a.v[4 + i], &s[i])) return nullptr;
  }
  float *m = nullptr, *v = nullptr, *grad = nullptr, *po = nullptr, *mo = nullptr, *vo = nullptr;
  size_t lengths[6];
  if (!Array(env, a.v[1], &m, &lengths[0]) || !Array(env, a.v[2], &v, &lengths[1]) ||
      !Array(env, a.v[3], &grad, &lengths[2]) || !Array(env, a.v[11], &po, &lengths[3]) ||
      !Array(env, a.v[12], &mo, &lengths[4]) || !Array(env, a.v[13], &vo, &lengths[5])) {
    return nullptr;
  }
  for (size_t length : lengths) {
    if (length < n) return Fail(env, "adamUpdate: arrays of different lengths"), nullptr;
  }
  const float beta1 = s[0], beta2 = s[1], eps = s[2], step = s[3], inv_bc2 = s[4], keep = s[5], scale = s[6];
  for (size_t i = 0; i < n; i++) {
    const float g = grad[i] * scale;
    const float mi = beta1 * m[i] + (1 - beta1) * g;
    const float vi = beta2 * v[i] + (1 - beta2) * g * g;
    mo[i] = mi;
    vo[i] = vi;
    po[i] = param[i] * keep - (step * mi) / (std::sqrt(vi) * inv_bc2 + eps);
  }
  return nullptr;
}

// Reads an elementwise kernel's (x, out) with out at least as long as x.
bool UnaryArgs(napi_env env, napi_callback_info info, const char* name, float** x, float** out, size_t* n) {
  Args a;
  size_t no = 0;
  if (!Read(env, info, 2, &a) || !Array(env, a.v[0], x, n) || !Array(env, a.v[1], out, &no)) return false;
  return no >= *n || Fail(env, name);
}

// Reads an elementwise gradient's (a, b, out) with b and out at least as long as a.
bool BinaryArgs(napi_env env, napi_callback_info info, const char* name, float** a, float** b, float** out, size_t* n) {
  Args args;
  size_t nb = 0, no = 0;
  if (!Read(env, info, 3, &args) || !Array(env, args.v[0], a, n) || !Array(env, args.v[1], b, &nb) ||
      !Array(env, args.v[2], out, &no)) {
    return false;
  }
  return (nb >= *n && no >= *n) || Fail(env, name);
}

// siluForward(x, out)
napi_value SiluForward(napi_env env, napi_callback_info info) {
  float *x = nullptr, *out = nullptr;
  size_t n = 0;
  if (!UnaryArgs(env, info, "siluForward: output shorter than input", &x, &out, &n)) return nullptr;
  for (size_t i = 0; i < n; i++) out[i] = x[i] * Sigmoid(x[i]);
  return nullptr;
}

// siluBackward(x, dy, dx)
napi_value SiluBackward(napi_env env, napi_callback_info info) {
  float *x = nullptr, *dy = nullptr, *dx = nullptr;
  size_t n = 0;
  if (!BinaryArgs(env, info, "siluBackward: arrays of different lengths", &x, &dy, &dx, &n)) return nullptr;
  for (size_t i = 0; i < n; i++) {
    const float s = Sigmoid(x[i]);
    dx[i] = dy[i] * s * (1 + x[i] * (1 - s));
  }
  return nullptr;
}

// Row statistics of LayerNorm: mean and 1/sqrt(population variance + eps), accumulated in double as the JS loops do.
inline void RowStats(const float* x, size_t width, double eps, double* mean, double* rstd) {
  double sum = 0;
  for (size_t j = 0; j < width; j++) sum += x[j];
  *mean = sum / width;
  double squares = 0;
  for (size_t j = 0; j < width; j++) squares += (x[j] - *mean) * (x[j] - *mean);
  *rstd = 1.0 / std::sqrt(squares / width + eps);
}

// layerNormForward(x[R,D], scale[D], offset[D], eps, y[R,D])
napi_value LayerNormForward(napi_env env, napi_callback_info info) {
  Args a;
  double eps = 0;
  float *x = nullptr, *scale = nullptr, *offset = nullptr, *y = nullptr;
  size_t n = 0, d = 0, noff = 0, ny = 0;
  if (!Read(env, info, 5, &a) || !Array(env, a.v[0], &x, &n) || !Array(env, a.v[1], &scale, &d) ||
      !Array(env, a.v[2], &offset, &noff) || !Number(env, a.v[3], &eps) || !Array(env, a.v[4], &y, &ny)) {
    return nullptr;
  }
  if (d == 0 || n % d != 0 || noff < d || ny < n) return Fail(env, "layerNormForward: shapes do not match"), nullptr;
  for (size_t start = 0; start < n; start += d) {
    double mean = 0, rstd = 0;
    RowStats(x + start, d, eps, &mean, &rstd);
    const float m = static_cast<float>(mean), r = static_cast<float>(rstd);
#pragma GCC ivdep  // outputs never alias inputs (fresh tensors)
    for (size_t j = 0; j < d; j++) y[start + j] = (x[start + j] - m) * r * scale[j] + offset[j];
  }
  return nullptr;
}

// layerNormBackward(x[R,D], scale[D], eps, dy[R,D], dx[R,D], dscale[D], doffset[D])
napi_value LayerNormBackward(napi_env env, napi_callback_info info) {
  Args a;
  double eps = 0;
  float *x = nullptr, *scale = nullptr, *dy = nullptr, *dx = nullptr, *dscale = nullptr, *doffset = nullptr;
  size_t n = 0, d = 0, ndy = 0, ndx = 0, nds = 0, ndo = 0;
  if (!Read(env, info, 7, &a) || !Array(env, a.v[0], &x, &n) || !Array(env, a.v[1], &scale, &d) ||
      !Number(env, a.v[2], &eps) || !Array(env, a.v[3], &dy, &ndy) || !Array(env, a.v[4], &dx, &ndx) ||
      !Array(env, a.v[5], &dscale, &nds) || !Array(env, a.v[6], &doffset, &ndo)) {
    return nullptr;
  }
  if (d == 0 || n % d != 0 || ndy < n || ndx < n || nds < d || ndo < d) {
    return Fail(env, "layerNormBackward: shapes do not match"), nullptr;
  }
  std::vector<double> dscale64(d, 0.0), doffset64(d, 0.0);
  for (size_t start = 0; start < n; start += d) {
    double mean = 0, rstd = 0;
    RowStats(x + start, d, eps, &mean, &rstd);
    double sum_a = 0, sum_an = 0;
    for (size_t j = 0; j < d; j++) {
      const double nj = (x[start + j] - mean) * rstd;
      const double g = dy[start + j];
      const double aj = g * scale[j];
      sum_a += aj;
      sum_an += aj * nj;
      dscale64[j] += g * nj;
      doffset64[j] += g;
    }
    const double mean_a = sum_a / d, mean_an = sum_an / d;
#pragma GCC ivdep  // outputs never alias inputs (fresh tensors)
    for (size_t j = 0; j < d; j++) {
      const double nj = (x[start + j] - mean) * rstd;
      dx[start + j] = static_cast<float>(rstd * (dy[start + j] * scale[j] - mean_a - nj * mean_an));
    }
  }
  for (size_t j = 0; j < d; j++) {
    dscale[j] = static_cast<float>(dscale64[j]);
    doffset[j] = static_cast<float>(doffset64[j]);
  }
  return nullptr;
}

// Softmax of one group of logits into p (max-shifted, double sums as the JS loops).
inline void GroupSoftmax(const float* logits, size_t classes, double* p) {
  float max = logits[0];
  for (size_t c = 1; c < classes; c++) max = logits[c] > max ? logits[c] : max;
  double sum = 0;
  for (size_t c = 0; c < classes; c++) sum += p[c] = std::exp(static_cast<double>(logits[c] - max));
  for (size_t c = 0; c < classes; c++) p[c] /= sum;
}

// Reads (classes, unimix, a[n], b[n], out[n]) with n a multiple of classes.
bool CategoricalArgs(napi_env env, napi_callback_info info, const char* name, size_t* classes, double* unimix,
                     float** a, float** b, float** out, size_t* n) {
  Args args;
  double classes_d = 0;
  size_t nb = 0, nout = 0;
  if (!Read(env, info, 5, &args) || !Number(env, args.v[0], &classes_d) || !Number(env, args.v[1], unimix) ||
      !Array(env, args.v[2], a, n) || !Array(env, args.v[3], b, &nb) || !Array(env, args.v[4], out, &nout)) {
    return false;
  }
  *classes = static_cast<size_t>(classes_d);
  if (*classes == 0 || *n % *classes != 0 || nb < *n || nout < *n) return Fail(env, name);
  return true;
}

// categoricalSample(classes, unimix, logits[N], u[N], out[N]): one-hot Gumbel-max draws per group.
napi_value CategoricalSample(napi_env env, napi_callback_info info) {
  size_t classes = 0, n = 0;
  double unimix = 0;
  float *logits = nullptr, *u = nullptr, *out = nullptr;
  if (!CategoricalArgs(env, info, "categoricalSample: shapes do not match", &classes, &unimix, &logits, &u, &out, &n)) {
    return nullptr;
  }
  std::vector<double> p(classes);
  for (size_t start = 0; start < n; start += classes) {
    GroupSoftmax(logits + start, classes, p.data());
    size_t best = 0;
    double best_score = -1e300;
    for (size_t c = 0; c < classes; c++) {
      const double mixed = p[c] * (1 - unimix) + unimix / classes;
      const double score = std::log(mixed) - std::log(-std::log(static_cast<double>(u[start + c])));
      if (score > best_score) best = c, best_score = score;
      out[start + c] = 0;
    }
    out[start + best] = 1;
  }
  return nullptr;
}

// categoricalSampleBackward(classes, unimix, logits[N], dy[N], dlogits[N]): the straight-through gradient.
napi_value CategoricalSampleBackward(napi_env env, napi_callback_info info) {
  size_t classes = 0, n = 0;
  double unimix = 0;
  float *logits = nullptr, *dy = nullptr, *dlogits = nullptr;
  if (!CategoricalArgs(env, info, "categoricalSampleBackward: shapes do not match", &classes, &unimix, &logits, &dy,
                       &dlogits, &n)) {
    return nullptr;
  }
  std::vector<double> p(classes);
  for (size_t start = 0; start < n; start += classes) {
    GroupSoftmax(logits + start, classes, p.data());
    double dot = 0;
    for (size_t c = 0; c < classes; c++) dot += dy[start + c] * p[c];
    for (size_t c = 0; c < classes; c++) dlogits[start + c] = static_cast<float>((1 - unimix) * p[c] * (dy[start + c] - dot));
  }
  return nullptr;
}

// exp(x, out): elementwise exp, vectorised (tfjs's wasm Exp runs a scalar loop: ~7 ns per element).
napi_value Exp(napi_env env, napi_callback_info info) {
  float *x = nullptr, *out = nullptr;
  size_t n = 0;
  if (!UnaryArgs(env, info, "exp: output shorter than input", &x, &out, &n)) return nullptr;
#pragma GCC ivdep  // outputs never alias inputs (fresh tensors)
  for (size_t i = 0; i < n; i++) out[i] = std::exp(x[i]);
  return nullptr;
}

// eluGrad(dy, y, dx): dx = dy where y > 0, dy·(y + 1) elsewhere (elu' from elu's output), the stock kernel's rule.
// Large tensors split over the sgemm's threads (the heads' [12,000, 200] gradients).
napi_value EluGrad(napi_env env, napi_callback_info info) {
  float *dy = nullptr, *y = nullptr, *dx = nullptr;
  size_t n = 0;
  if (!BinaryArgs(env, info, "eluGrad: arrays of different lengths", &dy, &y, &dx, &n)) return nullptr;
  constexpr size_t kMinPerPart = size_t{1} << 16;
  const int threads = dreamer::kernel::MaxThreads();
  const int parts = static_cast<int>(std::min<size_t>(static_cast<size_t>(threads > 0 ? threads : 1), n / kMinPerPart + 1));
  dreamer::ParallelFor(parts, [&](int part) {
    const size_t from = n * part / parts, to = n * (part + 1) / parts;
#pragma GCC ivdep  // outputs never alias inputs (fresh tensors)
    for (size_t i = from; i < to; i++) dx[i] = y[i] > 0 ? dy[i] : dy[i] * (y[i] + 1.0f);
  });
  return nullptr;
}

}  // namespace

void ApplyActivation(float* c, int64_t size, int act, float alpha) {
  switch (act) {
    case kRelu: for (int64_t i = 0; i < size; i++) c[i] = c[i] > 0 ? c[i] : 0; break;
    case kRelu6: for (int64_t i = 0; i < size; i++) c[i] = c[i] < 0 ? 0 : (c[i] > 6 ? 6 : c[i]); break;
    case kLeakyRelu: for (int64_t i = 0; i < size; i++) c[i] = c[i] > 0 ? c[i] : alpha * c[i]; break;
    case kSigmoid: for (int64_t i = 0; i < size; i++) c[i] = Sigmoid(c[i]); break;
    // expf(x) - 1 rather than expm1f: expf has a vector variant; for x < 0 both are within float rounding of
    // the cpu backend's elu (its tolerance in the tests is 1e-5 relative).
    case kElu: for (int64_t i = 0; i < size; i++) c[i] = c[i] > 0 ? c[i] : std::exp(c[i]) - 1.0f; break;
    default: break;
  }
}

void RegisterFusedKernels(napi_env env, napi_value exports) {
  dreamer::kernel::DefineExports(env, exports, {
      {"gruV1Forward", GruV1Forward},
      {"gruV1Backward", GruV1Backward},
      {"gruV3Forward", GruV3Forward},
      {"gruV3Backward", GruV3Backward},
      {"adamUpdate", AdamUpdate},
      {"siluForward", SiluForward},
      {"siluBackward", SiluBackward},
      {"layerNormForward", LayerNormForward},
      {"layerNormBackward", LayerNormBackward},
      {"exp", Exp},
      {"eluGrad", EluGrad},
      {"categoricalSample", CategoricalSample},
      {"categoricalSampleBackward", CategoricalSampleBackward},
  });
}
