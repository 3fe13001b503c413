// 2-D convolutions (NHWC, filter [FH, FW, C, CO]) on tensors in the tfjs wasm heap, as im2col + our sgemm:
//   forward:         y[R, CO]  = cols(x)[R, P] · F[P, CO]          R = N·OH·OW rows, P = FH·FW·C
//   backprop input:  dx        = col2im(dy[R, CO] · Fᵀ[CO, P])     (scatter-add of every patch back to its pixels)
//   backprop filter: dF[P, CO] = Σ cols(x)ᵀ[P, R] · dy[R, CO]
// Images are processed in chunks so the cols buffer stays small (kColsFloats); each chunk's im2col / col2im is split
// over images between threads and its product over the sgemm's threads, so no sum depends on the thread count.
#include "conv.h"

#include <algorithm>
#include <cstring>
#include <utility>
#include <vector>

#include "sgemm.h"

namespace {

// Floats in one chunk's cols buffer (1 MB): several images at once keep the products large, and the buffer stays in
// L2 between the product that writes it and the col2im / product that reads it (8 MB was 2-3x slower for RGB).
constexpr int64_t kColsFloats = int64_t{1} << 18;

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

// Short runs (a filter row is fw·c floats: 12 for RGB) as plain loops: a memcpy / memset call per run costs more
// than the copy. GCC would turn the loops back into those calls, hence the attribute.
#define DREAMER_NO_LIBC_CALLS __attribute__((optimize("no-tree-loop-distribute-patterns")))
DREAMER_NO_LIBC_CALLS inline void Fill(float* dst, int64_t from, int64_t to) {
  for (int64_t i = from; i < to; i++) dst[i] = 0.0f;
}
// dst[i] = src[i - from] for i in [from, to)
DREAMER_NO_LIBC_CALLS inline void Copy(float* __restrict dst, const float* __restrict src, int64_t from, int64_t to) {
  for (int64_t i = from; i < to; i++) dst[i] = src[i - from];
}

// The cols rows of image b: row (oh, ow) is the receptive field [fh, fw, c], zeros where padded.
DREAMER_NO_LIBC_CALLS void Im2ColImage(const Geometry& g, const float* x, int64_t b, float* cols) {
  const float* image = x + b * g.h * g.w * g.c;
  float* dst = cols;
  for (int64_t oh = 0; oh < g.oh; oh++) {
    for (int64_t ow = 0; ow < g.ow; ow++) {
      for (int64_t fh = 0; fh < g.fh; fh++) {
        const int64_t ih = oh * g.sh + fh - g.pad_top;
        const int64_t iw0 = ow * g.sw - g.pad_left;
        const int64_t run = g.fw * g.c;
        if (ih < 0 || ih >= g.h) {
          Fill(dst, 0, run);
          dst += run;
          continue;
        }
        const float* row = image + ih * g.w * g.c;
        // taps [lo, hi) of this filter row fall inside the image: one contiguous run of (hi - lo)·c floats
        int64_t lo, hi;
        TapRange(g, iw0, &lo, &hi);
        Fill(dst, 0, lo * g.c);
        Copy(dst, row + (iw0 + lo) * g.c, lo * g.c, hi * g.c);
        Fill(dst, hi * g.c, run);
        dst += run;
      }
    }
  }
}

// For each input row (or column) i: the (tap, output row) pairs with i = out·stride + tap − pad, in tap order.
// Built once per call: computing them per pixel costs integer divisions that outweigh the adds (RGB: 3 per tap).
struct TapTable {
  std::vector<int64_t> start;                      // pairs of i: [start[i], start[i + 1])
  std::vector<std::pair<int64_t, int64_t>> pairs;  // (tap, out)
  TapTable(int64_t in, int64_t pad, int64_t stride, int64_t filter, int64_t out) {
    for (int64_t i = 0; i < in; i++) {
      start.push_back(static_cast<int64_t>(pairs.size()));
      for (int64_t f = (i + pad) % stride; f < filter; f += stride) {
        const int64_t o = (i + pad - f) / stride;  // exact: i + pad − f is a multiple of stride
        if (o >= 0 && o < out) pairs.emplace_back(f, o);
      }
    }
    start.push_back(static_cast<int64_t>(pairs.size()));
  }
};

// dx image b = the sum, at each input pixel, of the patch entries that read it (the adjoint of Im2ColImage). Pixel by
// pixel, gathering the taps that land on it: every dx float is written once. Scattering patch by patch instead adds
// onto floats just stored where the filter windows overlap, which stalls on store forwarding.
DREAMER_NO_LIBC_CALLS void Col2ImImage(const Geometry& g, const TapTable& rows, const TapTable& cols_of_w,
                                       const float* cols, int64_t b, float* dx) {
  float* image = dx + b * g.h * g.w * g.c;
  const int64_t p = g.Patch();
  for (int64_t ih = 0; ih < g.h; ih++) {
    for (int64_t iw = 0; iw < g.w; iw++) {
      float* __restrict d = image + (ih * g.w + iw) * g.c;
      for (int64_t i = 0; i < g.c; i++) d[i] = 0.0f;
      for (int64_t r = rows.start[ih]; r < rows.start[ih + 1]; r++) {
        const auto [fh, oh] = rows.pairs[r];
        for (int64_t q = cols_of_w.start[iw]; q < cols_of_w.start[iw + 1]; q++) {
          const auto [fw, ow] = cols_of_w.pairs[q];
          const float* __restrict s = cols + (oh * g.ow + ow) * p + (fh * g.fw + fw) * g.c;
          for (int64_t i = 0; i < g.c; i++) d[i] += s[i];
        }
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
  const TapTable rows(g.h, g.pad_top, g.sh, g.fh, g.oh), columns(g.w, g.pad_left, g.sw, g.fw, g.ow);
  for (int64_t b0 = 0; b0 < g.n; b0 += per) {
    const int64_t count = std::min(per, g.n - b0);
    // cols[rows, P] = dy[rows, CO] · Fᵀ, F read as [P, CO] (op(B) = Fᵀ)
    Sgemm(false, true, count * rows_per_image, p, g.co, dy + b0 * rows_per_image * g.co, g.co, f, g.co, false, cols, p,
          threads);
    ForImages(b0, count, threads,
              [&](int64_t b, int64_t i) { Col2ImImage(g, rows, columns, cols + i * rows_per_image * p, b, dx); });
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
