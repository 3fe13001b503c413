// NHWC 2-D convolutions as im2col + sgemm (conv.cc), on raw float pointers (the addon passes heap offsets).
#pragma once
#include <cstdint>

namespace dreamer {

// x [n, h, w, c], filter [fh, fw, c, co], y [n, oh, ow, co]; input pixel of output (oh, ow) and tap (fh, fw):
// (oh·sh + fh − pad_top, ow·sw + fw − pad_left), zero outside the image. Dilation 1.
struct ConvArgs {
  int64_t n, h, w, c, fh, fw, co, oh, ow, sh, sw, pad_top, pad_left;
};

// y = conv(x, f)
void Conv2dForward(const ConvArgs& a, const float* x, const float* f, float* y, int threads);
// dx = the gradient of Σ conv(x, f)·dy with respect to x (the transposed convolution of dy)
void Conv2dBackpropInput(const ConvArgs& a, const float* dy, const float* f, float* dx, int threads);
// df = the gradient of Σ conv(x, f)·dy with respect to f
void Conv2dBackpropFilter(const ConvArgs& a, const float* x, const float* dy, float* df, int threads);

}  // namespace dreamer
