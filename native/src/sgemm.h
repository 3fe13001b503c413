// dreamer's own single-precision GEMM: cache-blocked, register-tiled, optionally multi-threaded. Lets the addon
// build without any BLAS package.
#pragma once
#include <cstdint>
#include <functional>

namespace dreamer {

// C = op(A) · op(B) (+ C when accumulate), row-major. op(A) is m × k: A is m × k with row stride lda, or k × m
// when ta. op(B) is k × n: B is k × n with row stride ldb, or n × k when tb. C is m × n with row stride ldc.
// Uses up to `threads` threads (1: the calling thread only).
void Sgemm(bool ta, bool tb, int64_t m, int64_t n, int64_t k, const float* a, int64_t lda, const float* b,
           int64_t ldb, bool accumulate, float* c, int64_t ldc, int threads);

// job(0) … job(parts − 1), on the sgemm's thread pool (the caller runs part 0); serially when parts ≤ 1.
void ParallelFor(int parts, const std::function<void(int)>& job);

// The instruction set the micro-kernel was compiled for: "AVX-512", "AVX2+FMA", "AVX", "NEON" or "portable".
const char* SgemmIsa();

}  // namespace dreamer
