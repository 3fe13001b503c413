// 2-D convolutions (NHWC, filter [FH, FW, C, CO]) on tensors in the tfjs wasm heap, as im2col + our sgemm:
//   forward:         y[R, CO]  = cols(x)[R, P] · F[P, CO]          R = N·OH·OW rows, P = FH·FW·C
//   backprop input:  dx        = col2im(dy[R, CO] · Fᵀ[CO, P])     (scatter-add of every patch back to its pixels)
//   backprop filter: dF[P, CO] = Σ cols(x)ᵀ[P, R] · dy[R, CO]
// Images are processed in chunks so the cols buffer stays small (kColsFloats); each chunk's im2col / col2im is split
// over images between threads and its product over the sgemm's threads, so no sum depends on the thread count.
#include "conv.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "sgemm.h"

namespace {

// Floats in one chunk's cols buffer (8 MB): several images at once keeps the products large, and it stays in L3.
constexpr int64_t kColsFloats = int64_t{2} << 20;

struct Geometry {
  int64_t n, h, w, c, fh, fw, co, oh, ow, sh, sw, pad_top, pad_left;
  int64_t Patch() const { return fh * fw * c; }
  int64_t Pixels() const { return oh * ow; }
  // Whole images per chunk: as many as fit kColsFloats (at least one).
  int64_t ImagesPerChunk() const { return std::max<int64_t>(1, kColsFloats / (Pixels() * Patch())); }
};

// The filter columns [lo, hi) whose input column iw0 + fw lies inside the image (lo ≤ hi, both in [0, fw]).
inline void TapRange(const Geometry& g, int64_t iw0, int64_t* lo, int64_t* hi) {
  *lo = std::min(g.fw, std::max<int64_t>(0, -iw0));
  *hi = std::max(*lo, std::min(g.fw, g.w - iw0));
}

// The cols rows of image b: row (oh, ow) is the receptive field [fh, fw, c], zeros where padded.
void Im2ColImage(const Geometry& g, const float* x, int64_t b, float* cols) {
  const float* image = x + b * g.h * g.w * g.c;
  float* dst = cols;
  for (int64_t oh = 0; oh < g.oh; oh++) {
    for (int64_t ow = 0; ow < g.ow; ow++) {
      for (int64_t fh = 0; fh < g.fh; fh++) {
        const int64_t ih = oh * g.sh + fh - g.pad_top;
        const int64_t iw0 = ow * g.sw - g.pad_left;
        if (ih < 0 || ih >= g.h) {
          std::memset(dst, 0, g.fw * g.c * sizeof(float));
          dst += g.fw * g.c;
          continue;
        }
        const float* row = image + ih * g.w * g.c;
        // taps [lo, hi) of this filter row fall inside the image: one contiguous run of (hi - lo)·c floats
        int64_t lo, hi;
        TapRange(g, iw0, &lo, &hi);
        std::memset(dst, 0, lo * g.c * sizeof(float));
        std::memcpy(dst + lo * g.c, row + (iw0 + lo) * g.c, (hi - lo) * g.c * sizeof(float));
        std::memset(dst + hi * g.c, 0, (g.fw - hi) * g.c * sizeof(float));
        dst += g.fw * g.c;
      }
    }
  }
}

// dx image b += every patch row of cols (the adjoint of Im2ColImage); dx must start zeroed.
void Col2ImImage(const Geometry& g, const float* cols, int64_t b, float* dx) {
  float* image = dx + b * g.h * g.w * g.c;
  const float* src = cols;
  for (int64_t oh = 0; oh < g.oh; oh++) {
    for (int64_t ow = 0; ow < g.ow; ow++) {
      for (int64_t fh = 0; fh < g.fh; fh++) {
        const int64_t ih = oh * g.sh + fh - g.pad_top;
        const int64_t iw0 = ow * g.sw - g.pad_left;
        if (ih >= 0 && ih < g.h) {
          int64_t lo, hi;
          TapRange(g, iw0, &lo, &hi);
          float* row = image + (ih * g.w + iw0 + lo) * g.c;
          const float* s = src + lo * g.c;
          for (int64_t i = 0, len = (hi - lo) * g.c; i < len; i++) row[i] += s[i];
        }
        src += g.fw * g.c;
      }
    }
  }
}

// The chunk's per-image job over `threads` threads (each image's rows of cols are disjoint from the others').
template <typename PerImage>
void ForImages(int64_t b0, int64_t count, int threads, const PerImage& per_image) {
  const int parts = static_cast<int>(std::min<int64_t>(std::max(threads, 1), count));
  dreamer::ParallelFor(parts, [&](int part) {
    for (int64_t i = count * part / parts; i < count * (part + 1) / parts; i++) per_image(b0 + i, i);
  });
}

std::vector<float>& ColsBuffer(int64_t floats) {
  // kept between calls (reallocating per call would page-fault every time); one per JS thread that loads the addon
  thread_local std::vector<float> buffer;
  if (static_cast<int64_t>(buffer.size()) < floats) buffer.resize(floats);
  return buffer;
}

}  // namespace

namespace dreamer {

void Conv2dForward(const ConvArgs& a, const float* x, const float* f, float* y, int threads) {
  const Geometry g{a.n, a.h, a.w, a.c, a.fh, a.fw, a.co, a.oh, a.ow, a.sh, a.sw, a.pad_top, a.pad_left};
  const int64_t per = g.ImagesPerChunk(), rows_per_image = g.Pixels(), p = g.Patch();
  float* cols = ColsBuffer(per * rows_per_image * p).data();
  for (int64_t b0 = 0; b0 < g.n; b0 += per) {
    const int64_t count = std::min(per, g.n - b0);
    ForImages(b0, count, threads, [&](int64_t b, int64_t i) { Im2ColImage(g, x, b, cols + i * rows_per_image * p); });
    Sgemm(false, false, count * rows_per_image, g.co, p, cols, p, f, g.co, false, y + b0 * rows_per_image * g.co, g.co,
          threads);
  }
}

void Conv2dBackpropInput(const ConvArgs& a, const float* dy, const float* f, float* dx, int threads) {
  const Geometry g{a.n, a.h, a.w, a.c, a.fh, a.fw, a.co, a.oh, a.ow, a.sh, a.sw, a.pad_top, a.pad_left};
  const int64_t per = g.ImagesPerChunk(), rows_per_image = g.Pixels(), p = g.Patch();
  float* cols = ColsBuffer(per * rows_per_image * p).data();
  std::memset(dx, 0, g.n * g.h * g.w * g.c * sizeof(float));
  for (int64_t b0 = 0; b0 < g.n; b0 += per) {
    const int64_t count = std::min(per, g.n - b0);
    // cols[rows, P] = dy[rows, CO] · Fᵀ, F read as [P, CO] (op(B) = Fᵀ)
    Sgemm(false, true, count * rows_per_image, p, g.co, dy + b0 * rows_per_image * g.co, g.co, f, g.co, false, cols, p,
          threads);
    ForImages(b0, count, threads, [&](int64_t b, int64_t i) { Col2ImImage(g, cols + i * rows_per_image * p, b, dx); });
  }
}

void Conv2dBackpropFilter(const ConvArgs& a, const float* x, const float* dy, float* df, int threads) {
  const Geometry g{a.n, a.h, a.w, a.c, a.fh, a.fw, a.co, a.oh, a.ow, a.sh, a.sw, a.pad_top, a.pad_left};
  const int64_t per = g.ImagesPerChunk(), rows_per_image = g.Pixels(), p = g.Patch();
  float* cols = ColsBuffer(per * rows_per_image * p).data();
  for (int64_t b0 = 0; b0 < g.n; b0 += per) {
    const int64_t count = std::min(per, g.n - b0);
    ForImages(b0, count, threads, [&](int64_t b, int64_t i) { Im2ColImage(g, x, b, cols + i * rows_per_image * p); });
    // dF[P, CO] (+)= colsᵀ · dy: cols is [rows, P], read transposed
    Sgemm(true, false, p, g.co, count * rows_per_image, cols, p, dy + b0 * rows_per_image * g.co, g.co, b0 > 0, df,
          g.co, threads);
  }
  if (g.n == 0) std::memset(df, 0, p * g.co * sizeof(float));
}

}  // namespace dreamer
