// The GRU cell of DreamerV1 (reset after the recurrent product, PyTorch / cuDNN), products and gates in one call:
//   xp = x·Wx + bx, hp = h·Wh + bh                          [B, 3U] each, gate order reset, update, cand
//   r = σ(xr + hr), z = σ(xz + hz), c = tanh(xc + r·hc), h' = c + z·(h − c)
// The forward also writes `saved` [B, 4U] = (r, z, c, hc) per row, which the backward reads instead of redoing
// the products. Same maths as src/tensor/kernels/fused/gru-cell-math.ts; operands are Float32Arrays (views of the
// wasm heap, so nothing is copied). Built with the fused kernels (-O3 -ffast-math: the exp loops vectorise).
#include "gru_cell.h"

#include <cmath>
#include <cstddef>
#include <cstring>
#include <vector>

#include "sgemm.h"

namespace {

// Arguments clamped where the results are already 0 or 1 in float: -ffast-math assumes no infinities, so exp
// must not overflow.
inline float Clamp(float v, float limit) { return v < -limit ? -limit : (v > limit ? limit : v); }
inline float Sigmoid(float v) { return 1.0f / (1.0f + std::exp(-Clamp(v, 80.0f))); }
inline float Tanh(float v) { return 1.0f - 2.0f / (std::exp(2.0f * Clamp(v, 15.0f)) + 1.0f); }

bool Fail(napi_env env, const char* message) {
  napi_throw_error(env, nullptr, message);
  return false;
}

// Reads `count` Float32Arrays from argv[first...], each at least min_length[i] long.
bool Arrays(napi_env env, napi_value* argv, size_t first, size_t count, const int64_t* min_length, float** out) {
  for (size_t i = 0; i < count; i++) {
    napi_typedarray_type type;
    size_t length = 0;
    void* raw = nullptr;
    if (napi_get_typedarray_info(env, argv[first + i], &type, &length, &raw, nullptr, nullptr) != napi_ok ||
        type != napi_float32_array) {
      return Fail(env, "dreamer_blas gru cell: expected a Float32Array");
    }
    if (static_cast<int64_t>(length) < min_length[i]) return Fail(env, "dreamer_blas gru cell: array shorter than its shape");
    out[i] = static_cast<float*>(raw);
  }
  return true;
}

// Reads the trailing (batch, inDim, units) of a call with `argc` arguments.
bool Dims(napi_env env, napi_callback_info info, size_t argc, napi_value* argv, int64_t* b, int64_t* in, int64_t* u) {
  size_t n = argc;
  if (napi_get_cb_info(env, info, &n, argv, nullptr, nullptr) != napi_ok || n != argc) {
    return Fail(env, "dreamer_blas gru cell: wrong number of arguments");
  }
  double d[3];
  for (int i = 0; i < 3; i++) {
    if (napi_get_value_double(env, argv[argc - 3 + i], &d[i]) != napi_ok) return Fail(env, "dreamer_blas gru cell: expected a number");
  }
  *b = static_cast<int64_t>(d[0]), *in = static_cast<int64_t>(d[1]), *u = static_cast<int64_t>(d[2]);
  if (*b < 1 || *in < 1 || *u < 1) return Fail(env, "dreamer_blas gru cell: batch, input size and units must be positive");
  return true;
}

// c[B, n] = a[B, k]·w[k, n] + bias[n]
void Affine(int64_t b, int64_t k, int64_t n, const float* a, const float* w, const float* bias, float* c) {
  for (int64_t row = 0; row < b; row++) std::memcpy(c + row * n, bias, n * sizeof(float));
  dreamer::Sgemm(false, false, b, n, k, a, k, w, n, true, c, n, dreamer::GemmThreads(b, n, k));
}

// gruCellV1Forward(x[B,I], h[B,U], wx[I,3U], bx[3U], wh[U,3U], bh[3U], out[B,U], saved[B,4U], B, I, U)
napi_value GruCellV1Forward(napi_env env, napi_callback_info info) {
  napi_value argv[11];
  int64_t b = 0, in = 0, u = 0;
  if (!Dims(env, info, 11, argv, &b, &in, &u)) return nullptr;
  const int64_t mins[8] = {b * in, b * u, in * 3 * u, 3 * u, u * 3 * u, 3 * u, b * u, b * 4 * u};
  float* p[8];
  if (!Arrays(env, argv, 0, 8, mins, p)) return nullptr;
  const float *x = p[0], *h = p[1], *wx = p[2], *bx = p[3], *wh = p[4], *bh = p[5];
  float *out = p[6], *saved = p[7];
  thread_local std::vector<float> scratch;
  scratch.resize(static_cast<size_t>(2 * b * 3 * u));
  float *xp = scratch.data(), *hp = xp + b * 3 * u;
  Affine(b, in, 3 * u, x, wx, bx, xp);
  Affine(b, u, 3 * u, h, wh, bh, hp);
  for (int64_t row = 0; row < b; row++) {
    const float *__restrict xr = xp + row * 3 * u, *__restrict hr = hp + row * 3 * u, *__restrict hh = h + row * u;
    float *__restrict o = out + row * u, *__restrict s = saved + row * 4 * u;
#pragma GCC ivdep  // outputs never alias inputs (fresh tensors)
    for (int64_t j = 0; j < u; j++) {
      const float r = Sigmoid(xr[j] + hr[j]);
      const float z = Sigmoid(xr[u + j] + hr[u + j]);
      const float hc = hr[2 * u + j];
      const float c = Tanh(xr[2 * u + j] + r * hc);
      o[j] = c + z * (hh[j] - c);
      s[j] = r, s[u + j] = z, s[2 * u + j] = c, s[3 * u + j] = hc;
    }
  }
  return nullptr;
}

// Column sums of a[B, n] into out[n].
void ColumnSums(int64_t b, int64_t n, const float* a, float* out) {
  std::memset(out, 0, n * sizeof(float));
  for (int64_t row = 0; row < b; row++) {
    const float* __restrict r = a + row * n;
#pragma GCC ivdep
    for (int64_t j = 0; j < n; j++) out[j] += r[j];
  }
}

// gruCellV1Backward(x, h, wx, wh, saved, dy[B,U], dx[B,I], dh[B,U], dwx[I,3U], dbx[3U], dwh[U,3U], dbh[3U], B, I, U)
napi_value GruCellV1Backward(napi_env env, napi_callback_info info) {
  napi_value argv[15];
  int64_t b = 0, in = 0, u = 0;
  if (!Dims(env, info, 15, argv, &b, &in, &u)) return nullptr;
  const int64_t g = 3 * u;
  const int64_t mins[12] = {b * in, b * u, in * g, u * g, b * 4 * u, b * u, b * in, b * u, in * g, g, u * g, g};
  float* p[12];
  if (!Arrays(env, argv, 0, 12, mins, p)) return nullptr;
  const float *x = p[0], *h = p[1], *wx = p[2], *wh = p[3], *saved = p[4], *dy = p[5];
  float *dx = p[6], *dh = p[7], *dwx = p[8], *dbx = p[9], *dwh = p[10], *dbh = p[11];
  thread_local std::vector<float> scratch;
  scratch.resize(static_cast<size_t>(2 * b * g));
  float *dxp = scratch.data(), *dhp = dxp + b * g;
  for (int64_t row = 0; row < b; row++) {
    const float *__restrict s = saved + row * 4 * u, *__restrict hh = h + row * u, *__restrict gy = dy + row * u;
    float *__restrict ex = dxp + row * g, *__restrict eh = dhp + row * g, *__restrict d = dh + row * u;
#pragma GCC ivdep  // outputs never alias inputs (fresh tensors, scratch)
    for (int64_t j = 0; j < u; j++) {
      const float r = s[j], z = s[u + j], c = s[2 * u + j], hc = s[3 * u + j], gj = gy[j];
      const float dzu = gj * (hh[j] - c) * z * (1.0f - z);
      const float dzc = gj * (1.0f - z) * (1.0f - c * c);
      const float dzr = dzc * hc * r * (1.0f - r);
      ex[j] = dzr, eh[j] = dzr;
      ex[u + j] = dzu, eh[u + j] = dzu;
      ex[2 * u + j] = dzc, eh[2 * u + j] = dzc * r;
      d[j] = gj * z;
    }
  }
  dreamer::Sgemm(false, true, b, in, g, dxp, g, wx, g, false, dx, in, dreamer::GemmThreads(b, in, g));
  dreamer::Sgemm(false, true, b, u, g, dhp, g, wh, g, true, dh, u, dreamer::GemmThreads(b, u, g));
  dreamer::Sgemm(true, false, in, g, b, x, in, dxp, g, false, dwx, g, dreamer::GemmThreads(in, g, b));
  dreamer::Sgemm(true, false, u, g, b, h, u, dhp, g, false, dwh, g, dreamer::GemmThreads(u, g, b));
  ColumnSums(b, g, dxp, dbx);
  ColumnSums(b, g, dhp, dbh);
  return nullptr;
}

}  // namespace

void RegisterGruCellKernels(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"gruCellV1Forward", nullptr, GruCellV1Forward, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"gruCellV1Backward", nullptr, GruCellV1Backward, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props);
}
