// The reference RSSM's whole observation sequence (DreamerV1, Gaussian latent) in one call forward and one
// backward: same maths, argument order and `saved` layout as src/tensor/kernels/fused/rssm-observe-math.ts (see
// there). Per step t on rows t·B … t·B + B − 1:
//   x = elu([s_{t−1}, a_t]·Wi + bi); h_t = GRU(x, h_{t−1}); o = elu([h_t, e_t]·Wo + bo);
//   [μ, ρ] = o·Wd + bd; σ = softplus(ρ) + minStd; s_t = μ + σ·ε_t.
// The products of the inputs that do not depend on the recurrence (a·Wi[S:], e·Wo[D:]) run once over all T·B
// rows; the backward runs the recurrence with activation gradients only and forms every weight gradient once from
// the stacked rows. Operands are Float32Arrays (views of the wasm heap, nothing is copied).
#include "rssm_observe.h"

#include <cmath>
#include <cstddef>
#include <cstring>
#include <utility>
#include <vector>

#include "fused.h"
#include "kernel_common.h"
#include "sgemm.h"

namespace {

using namespace dreamer::kernel;  // the helpers every fused kernel shares (kernel_common.h)

constexpr const char* kKernel = "rssm observe";

struct Dims {
  int64_t T, B, S, A, E, Hi, D, Ho;
  int64_t N() const { return T * B; }
  int64_t W() const { return Hi + 4 * D + Ho + S; }  // a row of `saved`: x, r, z, c, hc, o, sigmoid(ρ)
};

// Reads argc arguments: `arrays` Float32Arrays (each at least min_length[i] long, from the dims that follow them),
// then T, B, S, A, E, Hi, D, Ho and `extra` more numbers.
template <size_t argc>
bool Read(napi_env env, napi_callback_info info, size_t arrays, Dims* d, double* extra,
          std::vector<int64_t> (*mins)(const Dims&), float** out) {
  napi_value argv[argc];
  double v[argc];
  int64_t s[8];
  if (!ReadArgs(env, info, kKernel, argc, argv) ||
      !ReadNumbers(env, argv + arrays, argc - arrays, kKernel, v)) {
    return false;
  }
  if (!PositiveSizes(v, 8, s)) return Fail(env, kKernel, "every size must be positive");
  *d = Dims{s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]};
  for (size_t i = 8; i < argc - arrays; i++) *extra++ = v[i];
  return ReadArrays(env, argv, arrays, mins(*d).data(), kKernel, out);
}

std::vector<int64_t> ForwardMins(const Dims& d) {
  const int64_t N = d.N(), S = d.S, D = d.D;
  return {d.B * S, d.B * D, N * d.A, N * d.E, N * S, (S + d.A) * d.Hi, d.Hi, d.Hi * 3 * D, 3 * D, D * 3 * D, 3 * D,
          (D + d.E) * d.Ho, d.Ho, d.Ho * 2 * S, 2 * S, N * S, N * D, N * S, N * S, N * d.W()};
}

// rssmObserveForward(s0, h0, act, embed, eps, wi, bi, wx, bx, wh, bh, wo, bo, wd, bd, stoch, deter, mean, std,
//                    saved, T, B, S, A, E, Hi, D, Ho, minStd)
napi_value RssmObserveForward(napi_env env, napi_callback_info info) {
  Dims d{};
  double min_std = 0;
  float* p[20];
  if (!Read<29>(env, info, 20, &d, &min_std, ForwardMins, p)) return nullptr;
  const float *s0 = p[0], *h0 = p[1], *act = p[2], *embed = p[3], *eps = p[4], *wi = p[5], *bi = p[6], *wx = p[7];
  const float *bx = p[8], *wh = p[9], *bh = p[10], *wo = p[11], *bo = p[12], *wd = p[13], *bd = p[14];
  float *stoch = p[15], *deter = p[16], *mean = p[17], *stdv = p[18], *saved = p[19];
  const int64_t B = d.B, S = d.S, Hi = d.Hi, D = d.D, Ho = d.Ho, G = 3 * D, N = d.N(), W = d.W();
  const int64_t oG = Hi, oO = Hi + 4 * D, oSig = Hi + 4 * D + Ho;
  const float ms = static_cast<float>(min_std);
  // the recurrence-free halves of the two input layers, over all rows at once, straight into `saved`
  FillRows(N, Hi, bi, saved, W);
  Gemm(false, false, N, Hi, d.A, act, d.A, wi + S * Hi, Hi, true, saved, W);
  FillRows(N, Ho, bo, saved + oO, W);
  Gemm(false, false, N, Ho, d.E, embed, d.E, wo + D * Ho, Ho, true, saved + oO, W);
  const int parts = Parts(B);
  dreamer::ParallelFor(parts, [&](int part) {
    int64_t b_first = 0, b_end = 0;
    Block(B, part, parts, &b_first, &b_end);
    const int64_t nb = b_end - b_first;
    std::vector<float> scratch(static_cast<size_t>(nb * (2 * G + 2 * S)));
    float *xp = scratch.data(), *hp = xp + nb * G, *dd = hp + nb * G;
    for (int64_t t = 0; t < d.T; t++) {
      const int64_t row = t * B + b_first;
      const float* s_prev = t == 0 ? s0 + b_first * S : stoch + (row - B) * S;
      const float* h_prev = t == 0 ? h0 + b_first * D : deter + (row - B) * D;
      float* sv = saved + row * W;
      Gemm(false, false, nb, Hi, S, s_prev, S, wi, Hi, true, sv, W, 1);
      EluRows(nb, Hi, sv, W);
      FillRows(nb, G, bx, xp, G);
      Gemm(false, false, nb, G, Hi, sv, W, wx, G, true, xp, G, 1);
      FillRows(nb, G, bh, hp, G);
      Gemm(false, false, nb, G, D, h_prev, D, wh, G, true, hp, G, 1);
      float* h_out = deter + row * D;
      GruV1Gates(nb, D, xp, hp, h_prev, D, h_out, D, sv + oG, W);
      Gemm(false, false, nb, Ho, D, h_out, D, wo, Ho, true, sv + oO, W, 1);
      EluRows(nb, Ho, sv + oO, W);
      FillRows(nb, 2 * S, bd, dd, 2 * S);
      Gemm(false, false, nb, 2 * S, Ho, sv + oO, W, wd, 2 * S, true, dd, 2 * S, 1);
      for (int64_t b = 0; b < nb; b++) {
        const int64_t k0 = (row + b) * S;
        const float* __restrict head = dd + b * 2 * S;
        float* __restrict sig = sv + b * W + oSig;
#pragma GCC ivdep
        for (int64_t j = 0; j < S; j++) {
          const float raw = head[S + j];
          const float m = head[j], sd = Softplus(raw) + ms;
          mean[k0 + j] = m, stdv[k0 + j] = sd;
          stoch[k0 + j] = m + sd * eps[k0 + j];
          sig[j] = Sigmoid(raw);
        }
      }
    }
  });
  return nullptr;
}

std::vector<int64_t> BackwardMins(const Dims& d) {
  const int64_t N = d.N(), S = d.S, D = d.D, Hi = d.Hi, Ho = d.Ho, G = 3 * D, A = d.A, E = d.E;
  return {d.B * S, d.B * D, N * A, N * E, N * S, (S + A) * Hi, Hi * G, D * G, (D + E) * Ho, Ho * 2 * S,
          N * S, N * D, N * S, N * d.W(), N * S, N * D, N * S, N * S,
          d.B * S, d.B * D, N * A, N * E, N * S, (S + A) * Hi, Hi, Hi * G, G, D * G, G, (D + E) * Ho, Ho, Ho * 2 * S, 2 * S};
}

// rssmObserveBackward(s0, h0, act, embed, eps, wi, wx, wh, wo, wd, stoch, deter, std, saved, gStoch, gDeter, gMean,
//   gStd, ds0, dh0, dact, dembed, deps, dwi, dbi, dwx, dbx, dwh, dbh, dwo, dbo, dwd, dbd, T, B, S, A, E, Hi, D, Ho)
napi_value RssmObserveBackward(napi_env env, napi_callback_info info) {
  Dims d{};
  float* p[33];
  if (!Read<41>(env, info, 33, &d, nullptr, BackwardMins, p)) return nullptr;
  const float *s0 = p[0], *h0 = p[1], *act = p[2], *embed = p[3], *eps = p[4], *wi = p[5], *wx = p[6], *wh = p[7];
  const float *wo = p[8], *wd = p[9], *stoch = p[10], *deter = p[11], *stdv = p[12], *saved = p[13];
  const float *g_stoch = p[14], *g_deter = p[15], *g_mean = p[16], *g_std = p[17];
  float *ds0 = p[18], *dh0 = p[19], *dact = p[20], *dembed = p[21], *deps = p[22], *dwi = p[23], *dbi = p[24];
  float *dwx = p[25], *dbx = p[26], *dwh = p[27], *dbh = p[28], *dwo = p[29], *dbo = p[30], *dwd = p[31], *dbd = p[32];
  const int64_t B = d.B, S = d.S, Hi = d.Hi, D = d.D, Ho = d.Ho, G = 3 * D, N = d.N(), W = d.W(), A = d.A, E = d.E;
  const int64_t oG = Hi, oO = Hi + 4 * D, oSig = Hi + 4 * D + Ho;
  // every step's pre-activation gradients, stacked: of [μ, ρ], of o, of x·Wx + bx, of h·Wh + bh, of x
  thread_local std::vector<float> scratch;
  scratch.resize(static_cast<size_t>(N * (2 * S + Ho + 2 * G + Hi)));
  float *gd = scratch.data(), *go = gd + N * 2 * S, *gxp = go + N * Ho, *ghp = gxp + N * G, *gx = ghp + N * G;
  const int parts = Parts(B);
  dreamer::ParallelFor(parts, [&](int part) {
    int64_t b_first = 0, b_end = 0;
    Block(B, part, parts, &b_first, &b_end);
    const int64_t nb = b_end - b_first;
    std::vector<float> carry(static_cast<size_t>(nb * (2 * S + 3 * D + Hi)), 0.0f);
    float *gs = carry.data(), *gs_next = gs + nb * S, *gh = gs_next + nb * S, *gh_next = gh + nb * D, *ght = gh_next + nb * D;
    float* tmp = ght + nb * D;
    for (int64_t t = d.T - 1; t >= 0; t--) {
      const int64_t row = t * B + b_first;
      const float* h_prev = t == 0 ? h0 + b_first * D : deter + (row - B) * D;
      const float* sv = saved + row * W;
      for (int64_t b = 0; b < nb; b++) {
        const int64_t k0 = (row + b) * S;
        const float* __restrict sig = sv + b * W + oSig;
        float* __restrict g = gd + (row + b) * 2 * S;
#pragma GCC ivdep
        for (int64_t j = 0; j < S; j++) {
          const float gst = g_stoch[k0 + j] + gs[b * S + j];
          g[j] = g_mean[k0 + j] + gst;
          g[S + j] = (g_std[k0 + j] + gst * eps[k0 + j]) * sig[j];
          deps[k0 + j] = gst * stdv[k0 + j];
        }
      }
      float* go_t = go + row * Ho;
      Gemm(false, true, nb, Ho, 2 * S, gd + row * 2 * S, 2 * S, wd, 2 * S, false, go_t, Ho, 1);
      MulEluGrad(nb, Ho, sv + oO, W, go_t, Ho);
      for (int64_t i = 0; i < nb * D; i++) ght[i] = g_deter[row * D + i] + gh[i];
      Gemm(false, true, nb, D, Ho, go_t, Ho, wo, Ho, true, ght, D, 1);
      GruV1GateGrads(nb, D, sv + oG, W, h_prev, D, ght, D, gxp + row * G, ghp + row * G, gh_next, D);
      Gemm(false, true, nb, D, G, ghp + row * G, G, wh, G, true, gh_next, D, 1);
      std::swap(gh, gh_next);
      Gemm(false, true, nb, Hi, G, gxp + row * G, G, wx, G, false, tmp, Hi, 1);
      float* gx_t = gx + row * Hi;
      for (int64_t b = 0; b < nb; b++) {
        const float* __restrict x = sv + b * W;
        const float* __restrict u = tmp + b * Hi;
        float* __restrict g = gx_t + b * Hi;
#pragma GCC ivdep
        for (int64_t j = 0; j < Hi; j++) g[j] = u[j] * EluGrad(x[j]);
      }
      Gemm(false, true, nb, S, Hi, gx_t, Hi, wi, Hi, false, gs_next, S, 1);
      std::swap(gs, gs_next);
    }
    std::memcpy(ds0 + b_first * S, gs, nb * S * sizeof(float));
    std::memcpy(dh0 + b_first * D, gh, nb * D * sizeof(float));
  });
  // the weight gradients, once over the stacked rows; s_{t−1}, h_{t−1} are s0, h0, then the outputs one step back
  Gemm(false, true, N, A, Hi, gx, Hi, wi + S * Hi, Hi, false, dact, A);
  Gemm(false, true, N, E, Ho, go, Ho, wo + D * Ho, Ho, false, dembed, E);
  Gemm(true, false, Ho, 2 * S, N, saved + oO, W, gd, 2 * S, false, dwd, 2 * S);
  ColumnSums(N, 2 * S, gd, dbd);
  Gemm(true, false, D, Ho, N, deter, D, go, Ho, false, dwo, Ho);
  Gemm(true, false, E, Ho, N, embed, E, go, Ho, false, dwo + D * Ho, Ho);
  ColumnSums(N, Ho, go, dbo);
  Gemm(true, false, D, G, B, h0, D, ghp, G, false, dwh, G);
  Gemm(true, false, D, G, N - B, deter, D, ghp + B * G, G, true, dwh, G);
  ColumnSums(N, G, ghp, dbh);
  Gemm(true, false, Hi, G, N, saved, W, gxp, G, false, dwx, G);
  ColumnSums(N, G, gxp, dbx);
  Gemm(true, false, S, Hi, B, s0, S, gx, Hi, false, dwi, Hi);
  Gemm(true, false, S, Hi, N - B, stoch, S, gx + B * Hi, Hi, true, dwi, Hi);
  Gemm(true, false, A, Hi, N, act, A, gx, Hi, false, dwi + S * Hi, Hi);
  ColumnSums(N, Hi, gx, dbi);
  return nullptr;
}

}  // namespace

void RegisterRssmObserveKernels(napi_env env, napi_value exports) {
  dreamer::kernel::DefineExports(env, exports, {
      {"rssmObserveForward", RssmObserveForward},
      {"rssmObserveBackward", RssmObserveBackward},
  });
}
