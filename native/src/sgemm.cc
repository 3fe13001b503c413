// dreamer's own sgemm, in the classic Goto/BLIS structure: B is packed into kKC × kNR panels (kept in L1 by the
// micro-kernel), A into kMC × kKC blocks of kMR-row panels (kept in L2), and a kMR × kNR register tile of
// accumulators runs over each pair of panels. Edges are zero-padded in the packs, so one micro-kernel serves every
// shape. Vector width and tile follow the instruction set the compiler targets (-march=native at install time).
// Threads split C into row (or column) stripes; each thread packs its own operands, and the summation order over k
// is the same whatever the thread count, so results do not depend on it.
#include "sgemm.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace dreamer {
namespace {

// kW floats per vector register; a kMR × (2·kW) tile of accumulators leaves registers for two B rows and one
// broadcast A element.
#if defined(__AVX512F__)
constexpr int kW = 16, kMR = 8;  // 16 of 32 zmm for accumulators
constexpr const char* kIsa = "AVX-512";
#elif defined(__AVX2__) && defined(__FMA__)
constexpr int kW = 8, kMR = 6;  // 12 of 16 ymm
constexpr const char* kIsa = "AVX2+FMA";
#elif defined(__AVX__)
constexpr int kW = 8, kMR = 6;
constexpr const char* kIsa = "AVX";
#elif defined(__ARM_NEON) || defined(__aarch64__)
constexpr int kW = 4, kMR = 8;  // 16 of 32 q registers
constexpr const char* kIsa = "NEON";
#else
constexpr int kW = 4, kMR = 4;  // SSE2 or plain scalar code through GCC's generic vectors
constexpr const char* kIsa = "portable";
#endif
constexpr int kNR = 2 * kW;
constexpr int64_t kKC = 256;       // depth of one packed block: a B panel is kKC·kNR floats (L1)
constexpr int64_t kMC = kMR * 24;  // rows of one packed A block (L2)
constexpr int64_t kNC = kNR * 64;  // columns of one packed B block

typedef float Vec __attribute__((vector_size(kW * sizeof(float))));

inline Vec Load(const float* p) {
  Vec v;
  std::memcpy(&v, p, sizeof(Vec));
  return v;
}
inline void Store(float* p, Vec v) { std::memcpy(p, &v, sizeof(Vec)); }
// x in every lane: one vbroadcastss from memory (`Vec{} + x` would add 0.0f first, which IEEE does not let GCC drop).
typedef int32_t Lanes __attribute__((vector_size(kW * sizeof(int32_t))));
inline Vec Broadcast(float x) {
  const Vec v = {x};
  return __builtin_shuffle(v, Lanes{});  // lane 0 everywhere
}
// A load GCC must keep in a register (left alone, it folds the load into every FMA that uses it: load-bound).
inline Vec LoadToRegister(const float* p) {
  Vec v = Load(p);
#if defined(__x86_64__)
  asm("" : "+v"(v));
#elif defined(__aarch64__)
  asm("" : "+w"(v));
#endif
  return v;
}

inline void Relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

// C tile (+)= Ap · Bp over kc: Ap holds kMR rows column by column, Bp kNR columns row by row. `rows` × `cols` of
// the tile lie inside C; the rest (zero padding) is computed and dropped.
// bs: the distance between Bp's rows (kNR when packed; ldb when B is read in place).
inline void MicroKernel(int64_t kc, const float* __restrict ap, const float* __restrict bp, int64_t bs, float* c,
                        int64_t ldc, int rows, int cols, bool accumulate) {
  Vec acc[kMR][2] = {};
  for (int64_t p = 0; p < kc; p++, ap += kMR, bp += bs) {
    const Vec b0 = Load(bp), b1 = Load(bp + kW);
#pragma GCC unroll 16
    for (int i = 0; i < kMR; i++) {
      const Vec ai = Broadcast(ap[i]);
      acc[i][0] += ai * b0;
      acc[i][1] += ai * b1;
    }
  }
  if (rows == kMR && cols == kNR) {
#pragma GCC unroll 16
    for (int i = 0; i < kMR; i++) {
      float* dst = c + i * ldc;
      Store(dst, accumulate ? Load(dst) + acc[i][0] : acc[i][0]);
      Store(dst + kW, accumulate ? Load(dst + kW) + acc[i][1] : acc[i][1]);
    }
    return;
  }
  alignas(64) float tile[kMR][kNR];
  for (int i = 0; i < kMR; i++) {
    Store(tile[i], acc[i][0]);
    Store(tile[i] + kW, acc[i][1]);
  }
  for (int i = 0; i < rows; i++) {
    float* dst = c + i * ldc;
    for (int j = 0; j < cols; j++) dst[j] = accumulate ? dst[j] + tile[i][j] : tile[i][j];
  }
}

// The same tile, with A read in place: kMR whole rows of an untransposed A (row stride lda) instead of a packed
// panel. For products with few columns (a conv's few output channels), where packing A costs as much as the product.
inline void MicroKernelRowsOfA(int64_t kc, const float* __restrict a, int64_t lda, const float* __restrict bp,
                               int64_t bs, float* c, int64_t ldc, int cols, bool accumulate) {
  Vec acc[kMR][2] = {};
  const float* row[kMR];
  for (int i = 0; i < kMR; i++) row[i] = a + i * lda;
  for (int64_t p = 0; p < kc; p++, bp += bs) {
    const Vec b0 = Load(bp), b1 = Load(bp + kW);
#pragma GCC unroll 16
    for (int i = 0; i < kMR; i++) {
      const Vec ai = Broadcast(row[i][p]);
      acc[i][0] += ai * b0;
      acc[i][1] += ai * b1;
    }
  }
  if (cols == kNR) {
#pragma GCC unroll 16
    for (int i = 0; i < kMR; i++) {
      float* dst = c + i * ldc;
      Store(dst, accumulate ? Load(dst) + acc[i][0] : acc[i][0]);
      Store(dst + kW, accumulate ? Load(dst + kW) + acc[i][1] : acc[i][1]);
    }
    return;
  }
  alignas(64) float tile[kMR][kNR];
  for (int i = 0; i < kMR; i++) {
    Store(tile[i], acc[i][0]);
    Store(tile[i] + kW, acc[i][1]);
  }
  for (int i = 0; i < kMR; i++) {
    float* dst = c + i * ldc;
    for (int j = 0; j < cols; j++) dst[j] = accumulate ? dst[j] + tile[i][j] : tile[i][j];
  }
}

// Rows [i0, i0 + mc) × depth [p0, p0 + kc) of op(A) into kMR-row panels, each kc × kMR (column by column).
void PackA(bool ta, const float* a, int64_t lda, int64_t i0, int64_t mc, int64_t p0, int64_t kc, float* out) {
  for (int64_t ir = 0; ir < mc; ir += kMR, out += kc * kMR) {
    const int rows = static_cast<int>(std::min<int64_t>(kMR, mc - ir));
    if (!ta) {
      for (int i = 0; i < kMR; i++) {
        const float* src = a + (i0 + ir + i) * lda + p0;
        if (i < rows) {
          for (int64_t p = 0; p < kc; p++) out[p * kMR + i] = src[p];
        } else {
          for (int64_t p = 0; p < kc; p++) out[p * kMR + i] = 0.0f;
        }
      }
    } else {
      for (int64_t p = 0; p < kc; p++) {
        const float* src = a + (p0 + p) * lda + i0 + ir;
        for (int i = 0; i < kMR; i++) out[p * kMR + i] = i < rows ? src[i] : 0.0f;
      }
    }
  }
}

// Depth [p0, p0 + kc) × columns [j0, j0 + nc) of op(B) into kNR-column panels, each kc × kNR (row by row).
// in_place: whole panels of an untransposed B are left where they are (the micro-kernel reads them in place).
void PackB(bool tb, const float* b, int64_t ldb, int64_t p0, int64_t kc, int64_t j0, int64_t nc, bool in_place,
           float* out) {
  for (int64_t jr = 0; jr < nc; jr += kNR, out += kc * kNR) {
    const int cols = static_cast<int>(std::min<int64_t>(kNR, nc - jr));
    if (in_place && cols == kNR) continue;
    if (!tb) {
      for (int64_t p = 0; p < kc; p++) {
        const float* src = b + (p0 + p) * ldb + j0 + jr;
        float* dst = out + p * kNR;
        if (cols == kNR) {
          std::memcpy(dst, src, kNR * sizeof(float));
        } else {
          for (int j = 0; j < kNR; j++) dst[j] = j < cols ? src[j] : 0.0f;
        }
      }
    } else {
      for (int j = 0; j < kNR; j++) {
        const float* src = b + (j0 + jr + j) * ldb + p0;
        if (j < cols) {
          for (int64_t p = 0; p < kc; p++) out[p * kNR + j] = src[p];
        } else {
          for (int64_t p = 0; p < kc; p++) out[p * kNR + j] = 0.0f;
        }
      }
    }
  }
}

// Each thread's packing buffers, allocated on its first product and kept (allocating per call would page-fault).
struct PackBuffers {
  float* a = nullptr;
  float* b = nullptr;
  PackBuffers() {
    a = static_cast<float*>(std::aligned_alloc(64, kMC * kKC * sizeof(float)));
    b = static_cast<float*>(std::aligned_alloc(64, kKC * kNC * sizeof(float)));
  }
  ~PackBuffers() {
    std::free(a);
    std::free(b);
  }
};

// Few rows of A reuse each B panel only a few times: then packing B costs more than it saves.
constexpr int64_t kFewRows = 4 * kMR;
constexpr int64_t kFewColPanels = 2;  // n ≤ this many kNR panels: A is read in place (MicroKernelRowsOfA)
constexpr int kDot = 4;  // DotKernel's tile: kDot rows of A by kDot rows of B (spelled out below)

inline float Sum(Vec v) {
  float s = 0.0f;
  for (int i = 0; i < kW; i++) s += v[i];
  return s;
}

// C (+)= A · Bᵀ for few rows of A, both read in place: each C element is the dot product of two contiguous rows,
// a kDot × kDot tile of them per pass over k. B's rows are the outer loop so B streams through the cache once.
void DotKernel(int64_t m, int64_t n, int64_t k, const float* a, int64_t lda, const float* b, int64_t ldb,
               bool accumulate, float* c, int64_t ldc) {
  for (int64_t j0 = 0; j0 < n; j0 += kDot) {
    const int cols = static_cast<int>(std::min<int64_t>(kDot, n - j0));
    const float* br[kDot];
    for (int j = 0; j < kDot; j++) br[j] = b + (j0 + std::min(j, cols - 1)) * ldb;  // a repeated row, dropped
    for (int64_t i0 = 0; i0 < m; i0 += kDot) {
      const int rows = static_cast<int>(std::min<int64_t>(kDot, m - i0));
      const float* ar[kDot];
      for (int i = 0; i < kDot; i++) ar[i] = a + (i0 + std::min(i, rows - 1)) * lda;
      Vec acc[kDot][kDot] = {};
      int64_t p = 0;
      for (; p + kW <= k; p += kW) {
        const Vec a0 = LoadToRegister(ar[0] + p), a1 = LoadToRegister(ar[1] + p);
        const Vec a2 = LoadToRegister(ar[2] + p), a3 = LoadToRegister(ar[3] + p);
        const Vec b0 = LoadToRegister(br[0] + p), b1 = LoadToRegister(br[1] + p);
        const Vec b2 = LoadToRegister(br[2] + p), b3 = LoadToRegister(br[3] + p);
        acc[0][0] += a0 * b0, acc[0][1] += a0 * b1, acc[0][2] += a0 * b2, acc[0][3] += a0 * b3;
        acc[1][0] += a1 * b0, acc[1][1] += a1 * b1, acc[1][2] += a1 * b2, acc[1][3] += a1 * b3;
        acc[2][0] += a2 * b0, acc[2][1] += a2 * b1, acc[2][2] += a2 * b2, acc[2][3] += a2 * b3;
        acc[3][0] += a3 * b0, acc[3][1] += a3 * b1, acc[3][2] += a3 * b2, acc[3][3] += a3 * b3;
      }
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < cols; j++) {
          float dot = Sum(acc[i][j]);
          for (int64_t q = p; q < k; q++) dot += ar[i][q] * br[j][q];
          float* dst = c + (i0 + i) * ldc + j0 + j;
          *dst = accumulate ? *dst + dot : dot;
        }
      }
    }
  }
}

// few_rows: the whole product's m ≤ kFewRows (decided before threads split it, so that a thread's stripe takes the
// same path, and sums in the same order, as the whole product would on one thread).
void SgemmSerial(bool ta, bool tb, int64_t m, int64_t n, int64_t k, const float* a, int64_t lda, const float* b,
                 int64_t ldb, bool accumulate, float* c, int64_t ldc, bool few_rows) {
  if (!ta && tb && few_rows) return DotKernel(m, n, k, a, lda, b, ldb, accumulate, c, ldc);
  thread_local PackBuffers buffers;
  const bool b_in_place = !tb && few_rows;
  // Few columns: each packed A panel would serve at most kFewColPanels tiles; read whole kMR-row tiles of A in place.
  const bool a_in_place = !ta && n <= kFewColPanels * kNR;
  for (int64_t jc = 0; jc < n; jc += kNC) {
    const int64_t nc = std::min(kNC, n - jc);
    for (int64_t pc = 0; pc < k; pc += kKC) {
      const int64_t kc = std::min(kKC, k - pc);
      const bool add = accumulate || pc > 0;
      PackB(tb, b, ldb, pc, kc, jc, nc, b_in_place, buffers.b);
      for (int64_t ic = 0; ic < m; ic += kMC) {
        const int64_t mc = std::min(kMC, m - ic);
        const int64_t whole = a_in_place ? mc / kMR * kMR : 0;  // rows read in place; the rest is packed
        if (whole < mc) PackA(ta, a, lda, ic + whole, mc - whole, pc, kc, buffers.a + whole * kc);
        for (int64_t jr = 0; jr < nc; jr += kNR) {
          const int cols = static_cast<int>(std::min<int64_t>(kNR, nc - jr));
          const bool direct = b_in_place && cols == kNR;
          const float* bp = direct ? b + pc * ldb + jc + jr : buffers.b + jr * kc;
          for (int64_t ir = 0; ir < mc; ir += kMR) {
            float* ct = c + (ic + ir) * ldc + jc + jr;
            if (ir < whole) {
              MicroKernelRowsOfA(kc, a + (ic + ir) * lda + pc, lda, bp, direct ? ldb : kNR, ct, ldc, cols, add);
            } else {
              MicroKernel(kc, buffers.a + ir * kc, bp, direct ? ldb : kNR, ct, ldc,
                          static_cast<int>(std::min<int64_t>(kMR, mc - ir)), cols, add);
            }
          }
        }
      }
    }
  }
}

// A fixed set of worker threads that run parts 1..n-1 of a job while the caller runs part 0. Workers spin for a
// few microseconds after each job (products come in bursts), then sleep on a condition variable.
class Pool {
 public:
  // False (and nothing run) when another thread is using the pool: the caller then computes alone.
  bool Run(int parts, const std::function<void(int)>& job) {
    std::unique_lock<std::mutex> use(use_, std::try_to_lock);
    if (!use.owns_lock()) return false;
    while (static_cast<int>(workers_) < parts - 1) {
      // The worker starts from the generation before this job's, so it cannot miss the job.
      std::thread(&Pool::Work, this, static_cast<int>(++workers_), generation_.load()).detach();
    }
    job_ = &job;
    parts_ = parts;
    pending_.store(static_cast<int>(workers_), std::memory_order_relaxed);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      generation_.fetch_add(1, std::memory_order_release);
    }
    wake_.notify_all();
    job(0);
    for (int spin = 0; spin < kSpin && pending_.load(std::memory_order_acquire) > 0; spin++) Relax();
    if (pending_.load(std::memory_order_acquire) > 0) {
      std::unique_lock<std::mutex> lock(mutex_);
      done_.wait(lock, [this] { return pending_.load(std::memory_order_acquire) == 0; });
    }
    return true;
  }

 private:
  static constexpr int kSpin = 2000;  // ~10–50 µs of PAUSE: long enough for a burst of products, short enough not to steal a shared core

  void Work(int index, uint64_t seen) {
    for (;;) {
      for (int spin = 0; spin < kSpin && generation_.load(std::memory_order_acquire) == seen; spin++) Relax();
      if (generation_.load(std::memory_order_acquire) == seen) {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [&] { return generation_.load(std::memory_order_acquire) != seen; });
      }
      seen = generation_.load(std::memory_order_acquire);
      if (index < parts_) (*job_)(index);
      if (pending_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
        std::lock_guard<std::mutex> lock(mutex_);
        done_.notify_one();
      }
    }
  }

  std::mutex use_;  // one job at a time
  std::mutex mutex_;
  std::condition_variable wake_, done_;
  std::atomic<uint64_t> generation_{0};
  std::atomic<int> pending_{0};
  size_t workers_ = 0;
  const std::function<void(int)>* job_ = nullptr;
  int parts_ = 0;
};

// Never destroyed: its detached workers may still be waiting when the process exits.
Pool& ThePool() {
  static Pool* pool = new Pool();
  return *pool;
}

}  // namespace

void Sgemm(bool ta, bool tb, int64_t m, int64_t n, int64_t k, const float* a, int64_t lda, const float* b,
           int64_t ldb, bool accumulate, float* c, int64_t ldc, int threads) {
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    if (!accumulate) {
      for (int64_t i = 0; i < m; i++) std::memset(c + i * ldc, 0, n * sizeof(float));
    }
    return;
  }
  const bool few_rows = m <= kFewRows;
  // Stripes along the longer side of C, whole register tiles each.
  const bool by_rows = m >= n;
  const int64_t tile = by_rows ? kMR : kNR;
  const int64_t tiles = ((by_rows ? m : n) + tile - 1) / tile;
  const int parts = static_cast<int>(std::min<int64_t>(std::max(threads, 1), tiles));
  auto part = [&](int index) {
    const int64_t from = tiles * index / parts * tile;
    const int64_t to = std::min(tiles * (index + 1) / parts * tile, by_rows ? m : n);
    if (to <= from) return;
    if (by_rows) {
      SgemmSerial(ta, tb, to - from, n, k, ta ? a + from : a + from * lda, lda, b, ldb, accumulate, c + from * ldc,
                  ldc, few_rows);
    } else {
      SgemmSerial(ta, tb, m, to - from, k, a, lda, tb ? b + from * ldb : b + from, ldb, accumulate, c + from, ldc,
                  few_rows);
    }
  };
  if (parts > 1 && ThePool().Run(parts, part)) return;
  SgemmSerial(ta, tb, m, n, k, a, lda, b, ldb, accumulate, c, ldc, few_rows);  // one thread asked, or pool busy
}

void ParallelFor(int parts, const std::function<void(int)>& job) {
  if (parts > 1 && ThePool().Run(parts, job)) return;
  for (int i = 0; i < std::max(parts, 1); i++) job(i);  // one part, or the pool busy: the caller runs them all
}

const char* SgemmIsa() { return kIsa; }

}  // namespace dreamer
