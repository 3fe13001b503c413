// Helpers shared by the kernels of the dreamer_fused target (fused.cc, gru_cell.cc, rssm_observe.cc,
// rssm_imagine.cc): the N-API argument checks, the product wrapper, the row blocks and the clamped activations.
// Include it from that target only: inline functions are merged at link time, so a file built with other flags
// (gemm.cc has no -ffast-math) would share one compiled copy with these.
#pragma once
#include <node_api.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include "fused.h"
#include "gru_cell.h"
#include "sgemm.h"

namespace dreamer::kernel {

// --- arguments: every kernel's errors read "dreamer_blas <kernel>: <what>" (the tests match `what`)

// Throws a JS Error and returns false, so a failed check reads `return Fail(...)`.
inline bool Fail(napi_env env, const char* message) {
  napi_throw_error(env, nullptr, message);
  return false;
}

inline bool Fail(napi_env env, const char* kernel, const char* what) {
  const std::string message = std::string("dreamer_blas ") + kernel + ": " + what;
  return Fail(env, message.c_str());
}

// Exactly argc arguments into argv.
inline bool ReadArgs(napi_env env, napi_callback_info info, const char* kernel, size_t argc, napi_value* argv) {
  size_t n = argc;
  if (napi_get_cb_info(env, info, &n, argv, nullptr, nullptr) != napi_ok || n != argc) {
    return Fail(env, kernel, "wrong number of arguments");
  }
  return true;
}

inline bool ReadNumber(napi_env env, napi_value value, const char* kernel, double* out) {
  return napi_get_value_double(env, value, out) == napi_ok || Fail(env, kernel, "expected a number");
}

// argv[0 … count) as numbers.
inline bool ReadNumbers(napi_env env, const napi_value* argv, size_t count, const char* kernel, double* out) {
  for (size_t i = 0; i < count; i++) {
    if (!ReadNumber(env, argv[i], kernel, &out[i])) return false;
  }
  return true;
}

// A Float32Array's data and length (a view of the wasm heap: nothing is copied).
inline bool ReadArray(napi_env env, napi_value value, const char* kernel, float** data, size_t* length) {
  napi_typedarray_type type;
  void* raw = nullptr;
  if (napi_get_typedarray_info(env, value, &type, length, &raw, nullptr, nullptr) != napi_ok ||
      type != napi_float32_array) {
    return Fail(env, kernel, "expected a Float32Array");
  }
  *data = static_cast<float*>(raw);
  return true;
}

// count Float32Arrays from argv, each at least min_length[i] long (what the kernel's shapes need of it).
template <typename Length>
bool ReadArrays(napi_env env, const napi_value* argv, size_t count, const Length* min_length, const char* kernel,
                float** out) {
  for (size_t i = 0; i < count; i++) {
    size_t length = 0;
    if (!ReadArray(env, argv[i], kernel, &out[i], &length)) return false;
    if (static_cast<Length>(length) < min_length[i]) return Fail(env, kernel, "array shorter than its shape");
  }
  return true;
}

// sizes[i] = numbers[i] as integers (truncated, as the kernels always read them); false when any is below 1.
inline bool PositiveSizes(const double* numbers, size_t count, int64_t* sizes) {
  bool positive = true;
  for (size_t i = 0; i < count; i++) {
    sizes[i] = static_cast<int64_t>(numbers[i]);
    positive = positive && sizes[i] >= 1;
  }
  return positive;
}

// --- products and row blocks

// threads 0: as many as the addon's gemm would take for this product; the per-step products run on 1 (see Parts).
// Empty products never reach Sgemm (k = 0 still clears c unless accumulating).
inline void Gemm(bool ta, bool tb, int64_t m, int64_t n, int64_t k, const float* a, int64_t lda, const float* b,
                 int64_t ldb, bool accumulate, float* c, int64_t ldc, int threads = 0) {
  if (m == 0 || n == 0) return;
  if (k == 0) {
    if (!accumulate) for (int64_t i = 0; i < m; i++) std::memset(c + i * ldc, 0, n * sizeof(float));
    return;
  }
  dreamer::Sgemm(ta, tb, m, n, k, a, lda, b, ldb, accumulate, c, ldc, threads > 0 ? threads : dreamer::GemmThreads(m, n, k));
}

// All the threads the addon may use: what its gemm takes for a product big enough to want every one.
inline int MaxThreads() { return dreamer::GemmThreads(int64_t{1} << 20, int64_t{1} << 10, int64_t{1} << 10); }

// The batch rows' recurrences are independent: with more than one thread, each runs the whole step loop for its own
// block of rows (one hand-off per sequence instead of per product; the products of 16 rows are too small to split).
inline int Parts(int64_t rows) {
  const int threads = MaxThreads();
  return static_cast<int>(rows < threads ? rows : threads);
}

// Rows [first, end) of block `part` of `parts` over `rows` rows.
inline void Block(int64_t rows, int part, int parts, int64_t* first, int64_t* end) {
  *first = rows * part / parts, *end = rows * (part + 1) / parts;
}

// rows copies of bias[n] into c (row stride ldc): the start of c = a·w + bias.
inline void FillRows(int64_t rows, int64_t n, const float* bias, float* c, int64_t ldc) {
  for (int64_t i = 0; i < rows; i++) std::memcpy(c + i * ldc, bias, n * sizeof(float));
}

// out[n] = the column sums of a[rows, n]: a bias gradient.
inline void ColumnSums(int64_t rows, int64_t n, const float* a, float* out) {
  std::memset(out, 0, n * sizeof(float));
  for (int64_t i = 0; i < rows; i++) {
    const float* __restrict r = a + i * n;
#pragma GCC ivdep
    for (int64_t j = 0; j < n; j++) out[j] += r[j];
  }
}

// --- activations of the GRU and RSSM kernels

// Arguments clamped where the results are already 0 or 1 in float: -ffast-math assumes no infinities, so exp
// must not overflow.
inline float Clamp(float v, float limit) { return v < -limit ? -limit : (v > limit ? limit : v); }
inline float Sigmoid(float v) { return 1.0f / (1.0f + std::exp(-Clamp(v, 80.0f))); }
inline float Tanh(float v) { return 1.0f - 2.0f / (std::exp(2.0f * Clamp(v, 15.0f)) + 1.0f); }
inline float Softplus(float v) { return (v > 0 ? v : 0.0f) + std::log1p(std::exp(-std::fabs(Clamp(v, 80.0f)))); }
// elu'(pre) from elu's output y (y > 0 exactly when pre > 0)
inline float EluGrad(float y) { return y > 0 ? 1.0f : y + 1.0f; }

// elu in place on rows [rows, n] of c (row stride ldc).
inline void EluRows(int64_t rows, int64_t n, float* c, int64_t ldc) {
  for (int64_t i = 0; i < rows; i++) ApplyActivation(c + i * ldc, n, kElu, 0);
}

// g[rows, n] ·= elu'(pre) from the layer's outputs y: the gradient back through an elu layer.
inline void MulEluGrad(int64_t rows, int64_t n, const float* y, int64_t ldy, float* g, int64_t ldg) {
  for (int64_t i = 0; i < rows; i++) {
    const float* __restrict yr = y + i * ldy;
    float* __restrict gr = g + i * ldg;
#pragma GCC ivdep
    for (int64_t j = 0; j < n; j++) gr[j] *= EluGrad(yr[j]);
  }
}

// --- the v1 GRU cell's gates (reset after the recurrent product): gru_cell.cc's, and the RSSM kernels' recurrence

// Per row, from xp = x·Wx + bx and hp = h·Wh + bh [rows, 3u] (gate blocks reset, update, cand):
//   r = σ(xr + hr), z = σ(xz + hz), c = tanh(xc + r·hc), h' = c + z·(h − c)
// h' into out and (r, z, c, hc) into saved, which the backward reads instead of redoing the products.
inline void GruV1Gates(int64_t rows, int64_t u, const float* xp, const float* hp, const float* h, int64_t ldh,
                       float* out, int64_t ldo, float* saved, int64_t lds) {
  for (int64_t b = 0; b < rows; b++) {
    const float *__restrict xr = xp + b * 3 * u, *__restrict hr = hp + b * 3 * u, *__restrict hh = h + b * ldh;
    float *__restrict o = out + b * ldo, *__restrict s = saved + b * lds;
#pragma GCC ivdep  // outputs never alias inputs (fresh tensors, scratch)
    for (int64_t j = 0; j < u; j++) {
      const float r = Sigmoid(xr[j] + hr[j]);
      const float z = Sigmoid(xr[u + j] + hr[u + j]);
      const float hc = hr[2 * u + j];
      const float c = Tanh(xr[2 * u + j] + r * hc);
      o[j] = c + z * (hh[j] - c);
      s[j] = r, s[u + j] = z, s[2 * u + j] = c, s[3 * u + j] = hc;
    }
  }
}

// The backward of GruV1Gates from its saved (r, z, c, hc), h and the gradient gy of h': the gradients of xp and hp
// [rows, 3u] into dxp, dhp, and h's direct path gy·z into dh (the path through hp is the caller's product).
inline void GruV1GateGrads(int64_t rows, int64_t u, const float* saved, int64_t lds, const float* h, int64_t ldh,
                           const float* gy, int64_t ldg, float* dxp, float* dhp, float* dh, int64_t lddh) {
  for (int64_t b = 0; b < rows; b++) {
    const float *__restrict s = saved + b * lds, *__restrict hh = h + b * ldh, *__restrict g = gy + b * ldg;
    float *__restrict ex = dxp + b * 3 * u, *__restrict eh = dhp + b * 3 * u, *__restrict d = dh + b * lddh;
#pragma GCC ivdep  // outputs never alias inputs (fresh tensors, scratch)
    for (int64_t j = 0; j < u; j++) {
      const float r = s[j], z = s[u + j], c = s[2 * u + j], hc = s[3 * u + j], gj = g[j];
      const float dzu = gj * (hh[j] - c) * z * (1.0f - z);
      const float dzc = gj * (1.0f - z) * (1.0f - c * c);
      const float dzr = dzc * hc * r * (1.0f - r);
      ex[j] = dzr, eh[j] = dzr;
      ex[u + j] = dzu, eh[u + j] = dzu;
      ex[2 * u + j] = dzc, eh[2 * u + j] = dzc * r;
      d[j] = gj * z;
    }
  }
}

// --- exports

struct Export {
  const char* name;
  napi_callback callback;
};

// Adds the kernels to the addon's exports.
template <size_t n>
void DefineExports(napi_env env, napi_value exports, const Export (&list)[n]) {
  napi_property_descriptor props[n];
  for (size_t i = 0; i < n; i++) {
    props[i] = {list[i].name, nullptr, list[i].callback, nullptr, nullptr, nullptr, napi_default, nullptr};
  }
  napi_define_properties(env, exports, n, props);
}

}  // namespace dreamer::kernel
