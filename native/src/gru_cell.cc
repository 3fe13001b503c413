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

#include "kernel_common.h"

namespace {

using dreamer::kernel::ColumnSums;
using dreamer::kernel::FillRows;
using dreamer::kernel::Gemm;
using dreamer::kernel::Sigmoid;
using dreamer::kernel::Tanh;

constexpr const char* kKernel = "gru cell";

// Reads the trailing (batch, inDim, units) of a call with `argc` arguments.
bool Dims(napi_env env, napi_callback_info info, size_t argc, napi_value* argv, int64_t* b, int64_t* in, int64_t* u) {
  double d[3];
  int64_t s[3];
  if (!dreamer::kernel::ReadArgs(env, info, kKernel, argc, argv) ||
      !dreamer::kernel::ReadNumbers(env, argv + argc - 3, 3, kKernel, d)) {
    return false;
  }
  if (!dreamer::kernel::PositiveSizes(d, 3, s)) {
    return dreamer::kernel::Fail(env, kKernel, "batch, input size and units must be positive");
  }
  *b = s[0], *in = s[1], *u = s[2];
  return true;
}

// c[B, n] = a[B, k]·w[k, n] + bias[n]
void Affine(int64_t b, int64_t k, int64_t n, const float* a, const float* w, const float* bias, float* c) {
  FillRows(b, n, bias, c, n);
  Gemm(false, false, b, n, k, a, k, w, n, true, c, n);
}

// gruCellV1Forward(x[B,I], h[B,U], wx[I,3U], bx[3U], wh[U,3U], bh[3U], out[B,U], saved[B,4U], B, I, U)
napi_value GruCellV1Forward(napi_env env, napi_callback_info info) {
  napi_value argv[11];
  int64_t b = 0, in = 0, u = 0;
  if (!Dims(env, info, 11, argv, &b, &in, &u)) return nullptr;
  const int64_t mins[8] = {b * in, b * u, in * 3 * u, 3 * u, u * 3 * u, 3 * u, b * u, b * 4 * u};
  float* p[8];
  if (!dreamer::kernel::ReadArrays(env, argv, 8, mins, kKernel, p)) return nullptr;
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

// gruCellV1Backward(x, h, wx, wh, saved, dy[B,U], dx[B,I], dh[B,U], dwx[I,3U], dbx[3U], dwh[U,3U], dbh[3U], B, I, U)
napi_value GruCellV1Backward(napi_env env, napi_callback_info info) {
  napi_value argv[15];
  int64_t b = 0, in = 0, u = 0;
  if (!Dims(env, info, 15, argv, &b, &in, &u)) return nullptr;
  const int64_t g = 3 * u;
  const int64_t mins[12] = {b * in, b * u, in * g, u * g, b * 4 * u, b * u, b * in, b * u, in * g, g, u * g, g};
  float* p[12];
  if (!dreamer::kernel::ReadArrays(env, argv, 12, mins, kKernel, p)) return nullptr;
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
  Gemm(false, true, b, in, g, dxp, g, wx, g, false, dx, in);
  Gemm(false, true, b, u, g, dhp, g, wh, g, true, dh, u);
  Gemm(true, false, in, g, b, x, in, dxp, g, false, dwx, g);
  Gemm(true, false, u, g, b, h, u, dhp, g, false, dwh, g);
  ColumnSums(b, g, dxp, dbx);
  ColumnSums(b, g, dhp, dbh);
  return nullptr;
}

}  // namespace

void RegisterGruCellKernels(napi_env env, napi_value exports) {
  dreamer::kernel::DefineExports(env, exports, {
      {"gruCellV1Forward", GruCellV1Forward},
      {"gruCellV1Backward", GruCellV1Backward},
  });
}
