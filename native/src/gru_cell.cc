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

using namespace dreamer::kernel;  // the helpers every fused kernel shares (kernel_common.h)

constexpr const char* kKernel = "gru cell";

// Reads the trailing (batch, inDim, units) of a call with `argc` arguments.
bool Dims(napi_env env, napi_callback_info info, size_t argc, napi_value* argv, int64_t* b, int64_t* in, int64_t* u) {
  double d[3];
  int64_t s[3];
  if (!ReadArgs(env, info, kKernel, argc, argv) ||
      !ReadNumbers(env, argv + argc - 3, 3, kKernel, d)) {
    return false;
  }
  if (!PositiveSizes(d, 3, s)) {
    return Fail(env, kKernel, "batch, input size and units must be positive");
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
  if (!ReadArrays(env, argv, 8, mins, kKernel, p)) return nullptr;
  const float *x = p[0], *h = p[1], *wx = p[2], *bx = p[3], *wh = p[4], *bh = p[5];
  float *out = p[6], *saved = p[7];
  thread_local std::vector<float> scratch;
  scratch.resize(static_cast<size_t>(2 * b * 3 * u));
  float *xp = scratch.data(), *hp = xp + b * 3 * u;
  Affine(b, in, 3 * u, x, wx, bx, xp);
  Affine(b, u, 3 * u, h, wh, bh, hp);
  GruV1Gates(b, u, xp, hp, h, u, out, u, saved, 4 * u);
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
  if (!ReadArrays(env, argv, 12, mins, kKernel, p)) return nullptr;
  const float *x = p[0], *h = p[1], *wx = p[2], *wh = p[3], *saved = p[4], *dy = p[5];
  float *dx = p[6], *dh = p[7], *dwx = p[8], *dbx = p[9], *dwh = p[10], *dbh = p[11];
  thread_local std::vector<float> scratch;
  scratch.resize(static_cast<size_t>(2 * b * g));
  float *dxp = scratch.data(), *dhp = dxp + b * g;
  GruV1GateGrads(b, u, saved, 4 * u, h, u, dy, u, dxp, dhp, dh, u);
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
