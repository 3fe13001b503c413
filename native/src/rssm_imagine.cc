// The reference agent's imagination rollout over H steps from N start states in one call forward and one backward:
// same maths, argument order and `saved` layout as src/tensor/kernels/fused/rssm-imagine-math.ts (see there).
// Per step h on rows h·N … h·N + N − 1, with f_{−1} = [s0, h0]:
//   a1 = elu(f·W1 + b1); a2 = elu(a1·W2 + b2); [m, q] = a2·W3 + b3;
//   μa = k·tanh(m / k); σa = softplus(q + shift) + minStdA; act = tanh(μa + σa·εa);
//   x = elu([s, act]·Wi + bi); d' = GRU(x, d); o = elu(d'·Wo + bo); [μ, ρ] = o·Wd + bd;
//   s' = μ + (softplus(ρ) + minStd)·εs;  f_h = [s', d'].
// The rows are independent: each thread runs all H steps for its own block of rows (no hand-off per product). The
// backward gives gradients to the actor's weights and the start state only (the dynamics' weights are constants to
// it, as in Dreamer's actor loss); it runs the recurrence with activation gradients and forms each actor weight
// gradient once from the stacked [H·N, ·] rows.
#include "rssm_imagine.h"

#include <cmath>
#include <cstddef>
#include <cstring>
#include <vector>

#include "fused.h"
#include "kernel_common.h"
#include "sgemm.h"

namespace {

using namespace dreamer::kernel;  // the helpers every fused kernel shares (kernel_common.h)

constexpr const char* kKernel = "rssm imagine";

struct Dims {
  int64_t H, N, S, A, D, U1, U2, Hi, Ho;
  int64_t F() const { return S + D; }
  int64_t R() const { return H * N; }
  // a row of `saved`: a1, a2, act, tanh(m/k), sigmoid(q + shift), x, r, z, c, hc, o, sigmoid(ρ)
  int64_t W() const { return U1 + U2 + 3 * A + Hi + 4 * D + Ho + S; }
};

struct Offsets {
  int64_t a1, a2, act, tm, sq, x, g, o, sig;
  explicit Offsets(const Dims& d)
      : a1(0), a2(d.U1), act(d.U1 + d.U2), tm(act + d.A), sq(tm + d.A), x(sq + d.A), g(x + d.Hi), o(g + 4 * d.D),
        sig(o + d.Ho) {}
};

// Reads argc arguments: `arrays` Float32Arrays (each at least mins(d)[i] long), then H, N, S, A, D, U1, U2, Hi, Ho
// and the remaining numbers into `extra`.
template <size_t argc>
bool Read(napi_env env, napi_callback_info info, size_t arrays, Dims* d, double* extra,
          std::vector<int64_t> (*mins)(const Dims&), float** out) {
  napi_value argv[argc];
  double v[argc];
  int64_t s[9];
  if (!ReadArgs(env, info, kKernel, argc, argv) ||
      !ReadNumbers(env, argv + arrays, argc - arrays, kKernel, v)) {
    return false;
  }
  if (!PositiveSizes(v, 9, s)) return Fail(env, kKernel, "every size must be positive");
  *d = Dims{s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8]};
  for (size_t i = 9; i < argc - arrays; i++) *extra++ = v[i];
  return ReadArrays(env, argv, arrays, mins(*d).data(), kKernel, out);
}

// The state before step h for rows [b_first, b_first + nb): stoch and deter pointers with their row strides.
struct Prev {
  const float *s, *d;
  int64_t lds, ldd;
};
inline Prev PrevOf(const Dims& d, const float* s0, const float* h0, const float* feat, int64_t h, int64_t b_first) {
  if (h == 0) return {s0 + b_first * d.S, h0 + b_first * d.D, d.S, d.D};
  const float* row = feat + ((h - 1) * d.N + b_first) * d.F();
  return {row, row + d.S, d.F(), d.F()};
}

std::vector<int64_t> ForwardMins(const Dims& d) {
  const int64_t N = d.N, R = d.R(), S = d.S, A = d.A, D = d.D, F = d.F();
  return {N * S, N * D, R * A, R * S, F * d.U1, d.U1, d.U1 * d.U2, d.U2, d.U2 * 2 * A, 2 * A,
          (S + A) * d.Hi, d.Hi, d.Hi * 3 * D, 3 * D, D * 3 * D, 3 * D, D * d.Ho, d.Ho, d.Ho * 2 * S, 2 * S,
          R * F, R * d.W()};
}

// rssmImagineForward(s0, h0, epsA, epsS, w1, b1, w2, b2, w3, b3, wi, bi, wx, bx, wh, bh, wo, bo, wd, bd, feat,
//   saved, H, N, S, A, D, U1, U2, Hi, Ho, minStd, meanScale, stdShift, actMinStd)
napi_value RssmImagineForward(napi_env env, napi_callback_info info) {
  Dims d{};
  double k[4] = {0, 0, 0, 0};
  float* p[22];
  if (!Read<35>(env, info, 22, &d, k, ForwardMins, p)) return nullptr;
  const float *s0 = p[0], *h0 = p[1], *eps_a = p[2], *eps_s = p[3], *w1 = p[4], *b1 = p[5], *w2 = p[6], *b2 = p[7];
  const float *w3 = p[8], *b3 = p[9], *wi = p[10], *bi = p[11], *wx = p[12], *bx = p[13], *wh = p[14], *bh = p[15];
  const float *wo = p[16], *bo = p[17], *wd = p[18], *bd = p[19];
  float *feat = p[20], *saved = p[21];
  const float min_std = static_cast<float>(k[0]), scale = static_cast<float>(k[1]);
  const float shift = static_cast<float>(k[2]), act_min_std = static_cast<float>(k[3]);
  const int64_t N = d.N, S = d.S, A = d.A, D = d.D, U1 = d.U1, U2 = d.U2, Hi = d.Hi, Ho = d.Ho, G = 3 * D;
  const int64_t F = d.F(), W = d.W();
  const Offsets o(d);
  const int parts = Parts(N);
  dreamer::ParallelFor(parts, [&](int part) {
    int64_t b_first = 0, b_end = 0;
    Block(N, part, parts, &b_first, &b_end);
    const int64_t nb = b_end - b_first;
    std::vector<float> scratch(static_cast<size_t>(nb * (2 * A + 2 * G + 2 * S)));
    float *ap = scratch.data(), *xp = ap + nb * 2 * A, *hp = xp + nb * G, *dd = hp + nb * G;
    for (int64_t h = 0; h < d.H; h++) {
      const int64_t row = h * N + b_first;
      const Prev pv = PrevOf(d, s0, h0, feat, h, b_first);
      float* sv = saved + row * W;
      float* out = feat + row * F;
      // the actor: two dense+ELU layers on [s, d], then the head
      FillRows(nb, U1, b1, sv + o.a1, W);
      if (h == 0) {
        Gemm(false, false, nb, U1, S, pv.s, pv.lds, w1, U1, true, sv + o.a1, W, 1);
        Gemm(false, false, nb, U1, D, pv.d, pv.ldd, w1 + S * U1, U1, true, sv + o.a1, W, 1);
      } else {
        Gemm(false, false, nb, U1, F, pv.s, F, w1, U1, true, sv + o.a1, W, 1);
      }
      EluRows(nb, U1, sv + o.a1, W);
      FillRows(nb, U2, b2, sv + o.a2, W);
      Gemm(false, false, nb, U2, U1, sv + o.a1, W, w2, U2, true, sv + o.a2, W, 1);
      EluRows(nb, U2, sv + o.a2, W);
      FillRows(nb, 2 * A, b3, ap, 2 * A);
      Gemm(false, false, nb, 2 * A, U2, sv + o.a2, W, w3, 2 * A, true, ap, 2 * A, 1);
      // the action, then x = elu([s, act]·Wi + bi)
      FillRows(nb, Hi, bi, sv + o.x, W);
      Gemm(false, false, nb, Hi, S, pv.s, pv.lds, wi, Hi, true, sv + o.x, W, 1);
      for (int64_t b = 0; b < nb; b++) {
        float* r = sv + b * W;
        const float* e = eps_a + (row + b) * A;
        for (int64_t j = 0; j < A; j++) {
          const float tm = Tanh(ap[b * 2 * A + j] / scale);
          const float q = ap[b * 2 * A + A + j] + shift;
          const float act = Tanh(scale * tm + (Softplus(q) + act_min_std) * e[j]);
          r[o.act + j] = act, r[o.tm + j] = tm, r[o.sq + j] = Sigmoid(q);
          const float* __restrict wrow = wi + (S + j) * Hi;
          float* __restrict x = r + o.x;
#pragma GCC ivdep
          for (int64_t i = 0; i < Hi; i++) x[i] += act * wrow[i];
        }
        ApplyActivation(r + o.x, Hi, kElu, 0);
      }
      // the GRU
      FillRows(nb, G, bx, xp, G);
      Gemm(false, false, nb, G, Hi, sv + o.x, W, wx, G, true, xp, G, 1);
      FillRows(nb, G, bh, hp, G);
      Gemm(false, false, nb, G, D, pv.d, pv.ldd, wh, G, true, hp, G, 1);
      GruV1Gates(nb, D, xp, hp, pv.d, pv.ldd, out + S, F, sv + o.g, W);
      // the prior and its draw
      FillRows(nb, Ho, bo, sv + o.o, W);
      Gemm(false, false, nb, Ho, D, out + S, F, wo, Ho, true, sv + o.o, W, 1);
      EluRows(nb, Ho, sv + o.o, W);
      FillRows(nb, 2 * S, bd, dd, 2 * S);
      Gemm(false, false, nb, 2 * S, Ho, sv + o.o, W, wd, 2 * S, true, dd, 2 * S, 1);
      for (int64_t b = 0; b < nb; b++) {
        const float* __restrict head = dd + b * 2 * S;
        const float* __restrict e = eps_s + (row + b) * S;
        float *__restrict ns = out + b * F, *__restrict sig = sv + b * W + o.sig;
#pragma GCC ivdep
        for (int64_t j = 0; j < S; j++) {
          const float raw = head[S + j];
          ns[j] = head[j] + (Softplus(raw) + min_std) * e[j];
          sig[j] = Sigmoid(raw);
        }
      }
    }
  });
  return nullptr;
}

std::vector<int64_t> BackwardMins(const Dims& d) {
  const int64_t N = d.N, R = d.R(), S = d.S, A = d.A, D = d.D, F = d.F();
  return {N * S, N * D, R * A, R * S, F * d.U1, d.U1 * d.U2, d.U2 * 2 * A, (S + A) * d.Hi, d.Hi * 3 * D, D * 3 * D,
          D * d.Ho, d.Ho * 2 * S, R * F, R * d.W(), R * F,
          N * S, N * D, F * d.U1, d.U1, d.U1 * d.U2, d.U2, d.U2 * 2 * A, 2 * A};
}

// rssmImagineBackward(s0, h0, epsA, epsS, w1, w2, w3, wi, wx, wh, wo, wd, feat, saved, gFeat,
//   ds0, dh0, dw1, db1, dw2, db2, dw3, db3, H, N, S, A, D, U1, U2, Hi, Ho, minStd, meanScale, stdShift, actMinStd)
napi_value RssmImagineBackward(napi_env env, napi_callback_info info) {
  Dims d{};
  double k[4] = {0, 0, 0, 0};  // the forward's minStd, meanScale, stdShift, actMinStd: the backward needs none
  float* p[23];
  if (!Read<36>(env, info, 23, &d, k, BackwardMins, p)) return nullptr;
  const float *s0 = p[0], *h0 = p[1], *eps_a = p[2], *eps_s = p[3], *w1 = p[4], *w2 = p[5], *w3 = p[6], *wi = p[7];
  const float *wx = p[8], *wh = p[9], *wo = p[10], *wd = p[11], *feat = p[12], *saved = p[13], *g_feat = p[14];
  float *ds0 = p[15], *dh0 = p[16], *dw1 = p[17], *db1 = p[18], *dw2 = p[19], *db2 = p[20], *dw3 = p[21], *db3 = p[22];
  const int64_t N = d.N, R = d.R(), S = d.S, A = d.A, D = d.D, U1 = d.U1, U2 = d.U2, Hi = d.Hi, Ho = d.Ho, G = 3 * D;
  const int64_t F = d.F(), W = d.W();
  const Offsets o(d);
  // every step's gradients of the actor's pre-activations, stacked: the weight gradients come from them once
  thread_local std::vector<float> stacked;
  stacked.resize(static_cast<size_t>(R * (2 * A + U2 + U1)));
  float *gap = stacked.data(), *ga2 = gap + R * 2 * A, *ga1 = ga2 + R * U2;
  const int parts = Parts(N);
  dreamer::ParallelFor(parts, [&](int part) {
    int64_t b_first = 0, b_end = 0;
    Block(N, part, parts, &b_first, &b_end);
    const int64_t nb = b_end - b_first;
    std::vector<float> scratch(static_cast<size_t>(nb * (2 * F + 2 * S + Ho + D + 2 * G + Hi + S + A)), 0.0f);
    float *gf = scratch.data(), *gc = gf + nb * F, *gd = gc + nb * F, *go = gd + nb * 2 * S, *ght = go + nb * Ho;
    float *gxp = ght + nb * D, *ghp = gxp + nb * G, *gx = ghp + nb * G, *gsa = gx + nb * Hi;
    for (int64_t h = d.H - 1; h >= 0; h--) {
      const int64_t row = h * N + b_first;
      const Prev pv = PrevOf(d, s0, h0, feat, h, b_first);
      const float* sv = saved + row * W;
      // the gradient into f_h: its own cotangent plus what step h + 1 sent back (gf)
      for (int64_t i = 0; i < nb * F; i++) gc[i] = g_feat[row * F + i] + gf[i];
      for (int64_t b = 0; b < nb; b++) {
        const float *__restrict gs = gc + b * F, *__restrict e = eps_s + (row + b) * S, *__restrict sig = sv + b * W + o.sig;
        float* __restrict g = gd + b * 2 * S;
#pragma GCC ivdep
        for (int64_t j = 0; j < S; j++) g[j] = gs[j], g[S + j] = gs[j] * e[j] * sig[j];
      }
      Gemm(false, true, nb, Ho, 2 * S, gd, 2 * S, wd, 2 * S, false, go, Ho, 1);
      MulEluGrad(nb, Ho, sv + o.o, W, go, Ho);
      for (int64_t b = 0; b < nb; b++) std::memcpy(ght + b * D, gc + b * F + S, D * sizeof(float));
      Gemm(false, true, nb, D, Ho, go, Ho, wo, Ho, true, ght, D, 1);
      // the GRU's gates; gf's deter part starts as the direct path d → d'
      GruV1GateGrads(nb, D, sv + o.g, W, pv.d, pv.ldd, ght, D, gxp, ghp, gf + S, F);
      Gemm(false, true, nb, D, G, ghp, G, wh, G, true, gf + S, F, 1);
      Gemm(false, true, nb, Hi, G, gxp, G, wx, G, false, gx, Hi, 1);
      MulEluGrad(nb, Hi, sv + o.x, W, gx, Hi);
      Gemm(false, true, nb, S + A, Hi, gx, Hi, wi, Hi, false, gsa, S + A, 1);
      // the action's gradient back through the tanh-Gaussian head
      float* gp = gap + row * 2 * A;
      for (int64_t b = 0; b < nb; b++) {
        const float* r = sv + b * W;
        const float* e = eps_a + (row + b) * A;
        for (int64_t j = 0; j < A; j++) {
          const float act = r[o.act + j], tm = r[o.tm + j];
          const float gpre = gsa[b * (S + A) + S + j] * (1.0f - act * act);
          gp[b * 2 * A + j] = gpre * (1.0f - tm * tm);
          gp[b * 2 * A + A + j] = gpre * e[j] * r[o.sq + j];
        }
        std::memcpy(gf + b * F, gsa + b * (S + A), S * sizeof(float));
      }
      float* g2 = ga2 + row * U2;
      Gemm(false, true, nb, U2, 2 * A, gp, 2 * A, w3, 2 * A, false, g2, U2, 1);
      MulEluGrad(nb, U2, sv + o.a2, W, g2, U2);
      float* g1 = ga1 + row * U1;
      Gemm(false, true, nb, U1, U2, g2, U2, w2, U2, false, g1, U1, 1);
      MulEluGrad(nb, U1, sv + o.a1, W, g1, U1);
      Gemm(false, true, nb, F, U1, g1, U1, w1, U1, true, gf, F, 1);
    }
    for (int64_t b = 0; b < nb; b++) {
      std::memcpy(ds0 + (b_first + b) * S, gf + b * F, S * sizeof(float));
      std::memcpy(dh0 + (b_first + b) * D, gf + b * F + S, D * sizeof(float));
    }
  });
  // the actor's weight gradients, once over the stacked rows; step h's input is [s0, h0], then f_{h−1}
  Gemm(true, false, U2, 2 * A, R, saved + o.a2, W, gap, 2 * A, false, dw3, 2 * A);
  ColumnSums(R, 2 * A, gap, db3);
  Gemm(true, false, U1, U2, R, saved + o.a1, W, ga2, U2, false, dw2, U2);
  ColumnSums(R, U2, ga2, db2);
  Gemm(true, false, S, U1, N, s0, S, ga1, U1, false, dw1, U1);
  Gemm(true, false, D, U1, N, h0, D, ga1, U1, false, dw1 + S * U1, U1);
  Gemm(true, false, F, U1, R - N, feat, F, ga1 + N * U1, U1, true, dw1, U1);
  ColumnSums(R, U1, ga1, db1);
  return nullptr;
}

}  // namespace

void RegisterRssmImagineKernels(napi_env env, napi_value exports) {
  dreamer::kernel::DefineExports(env, exports, {
      {"rssmImagineForward", RssmImagineForward},
      {"rssmImagineBackward", RssmImagineBackward},
  });
}
