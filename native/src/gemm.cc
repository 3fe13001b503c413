// dreamer_blas: single-precision GEMM on tensors that live in the tfjs wasm heap: our own sgemm (sgemm.cc) by
// default, or Debian's BLIS / OpenBLAS when built with -Dblas=blis / -Dblas=openblas. JS passes a Float32Array
// over the whole heap and element offsets, so nothing is copied. Optional bias and activation are applied in the
// same call (the fused matMul of a dense layer).
#include <node_api.h>
#include "conv.h"
#include "fused.h"
#include "gru_cell.h"
#include "rssm_imagine.h"
#include "rssm_observe.h"
#include "sgemm.h"
#if defined(DREAMER_BLIS) || defined(DREAMER_OPENBLAS)
#include <cblas.h>
#endif
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>

#if defined(DREAMER_BLIS)
extern "C" void bli_thread_set_num_threads(int64_t n);
extern "C" const char* bli_info_get_version_str(void);
#elif defined(DREAMER_OPENBLAS)
extern "C" void openblas_set_num_threads(int n);
extern "C" char* openblas_get_config(void);
extern "C" char* openblas_get_corename(void);
#endif

namespace {

constexpr size_t kGemmArgs = 16;

// Threads for one sgemm: up to max_threads, one per min_work_per_thread multiply-adds. Small products (the GRU's
// [16, 400] x [400, 600]) run faster on one thread: waking a second costs more than it saves.
int max_threads = 1;
double min_work_per_thread = 0;  // 0: always max_threads
int current_threads = -1;

void SetBlasThreads(int threads) {
  if (threads == current_threads) return;
#if defined(DREAMER_BLIS)
  bli_thread_set_num_threads(static_cast<int64_t>(threads));
#elif defined(DREAMER_OPENBLAS)
  openblas_set_num_threads(threads);
#endif  // our own sgemm takes the count per call
  current_threads = threads;
}

int ThreadsFor(int64_t m, int64_t n, int64_t k) {
  if (max_threads <= 1 || min_work_per_thread <= 0) return max_threads;
  const double work = static_cast<double>(m) * static_cast<double>(n) * static_cast<double>(k);
  const double wanted = work / min_work_per_thread;
  return wanted < 1 ? 1 : (wanted > max_threads ? max_threads : static_cast<int>(wanted));
}

bool Fail(napi_env env, const char* message) {
  napi_throw_error(env, nullptr, message);
  return false;
}

bool GetDouble(napi_env env, napi_value v, double* out) {
  return napi_get_value_double(env, v, out) == napi_ok || Fail(env, "dreamer_blas: expected a number");
}

// gemm(heap, transA, transB, m, n, k, batch, aOff, aStride, bOff, bStride, cOff, cStride, biasOff, act, alpha)
// C[i] = act(op(A[i]) · op(B[i]) + bias) for i < batch, row-major; offsets and strides in floats; biasOff < 0: none.
napi_value Gemm(napi_env env, napi_callback_info info) {
  size_t argc = kGemmArgs;
  napi_value argv[kGemmArgs];
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) != napi_ok || argc != kGemmArgs) {
    Fail(env, "dreamer_blas.gemm: expected 16 arguments");
    return nullptr;
  }
  napi_typedarray_type type;
  size_t length = 0;
  void* data = nullptr;
  if (napi_get_typedarray_info(env, argv[0], &type, &length, &data, nullptr, nullptr) != napi_ok ||
      type != napi_float32_array) {
    Fail(env, "dreamer_blas.gemm: the heap must be a Float32Array");
    return nullptr;
  }
  bool ta = false, tb = false;
  napi_get_value_bool(env, argv[1], &ta);
  napi_get_value_bool(env, argv[2], &tb);
  double v[13];
  for (int i = 0; i < 13; i++) {
    if (!GetDouble(env, argv[3 + i], &v[i])) return nullptr;
  }
  const int64_t m = v[0], n = v[1], k = v[2], batch = v[3];
  const int64_t a_off = v[4], a_stride = v[5], b_off = v[6], b_stride = v[7], c_off = v[8], c_stride = v[9];
  const int64_t bias_off = v[10];
  const int act = static_cast<int>(v[11]);
  const float alpha = static_cast<float>(v[12]);
  const int64_t len = static_cast<int64_t>(length);
  auto inside = [len](int64_t off, int64_t stride, int64_t count, int64_t extent) {
    return off >= 0 && extent >= 0 && off + stride * (count - 1) + extent <= len;
  };
  if (m < 0 || n < 0 || k < 0 || batch < 1 || !inside(a_off, a_stride, batch, m * k) ||
      !inside(b_off, b_stride, batch, k * n) || !inside(c_off, c_stride, batch, m * n) ||
      (bias_off >= 0 && !inside(bias_off, 0, 1, n))) {
    Fail(env, "dreamer_blas.gemm: operand outside the heap");
    return nullptr;
  }
  float* heap = static_cast<float*>(data);
  SetBlasThreads(ThreadsFor(m, n, k));
  for (int64_t i = 0; i < batch; i++) {
    float* c = heap + c_off + i * c_stride;
    float beta = 0.0f;
    if (bias_off >= 0) {
      for (int64_t r = 0; r < m; r++) std::memcpy(c + r * n, heap + bias_off, n * sizeof(float));
      beta = 1.0f;
    }
    if (k == 0) {
      if (beta == 0.0f) std::memset(c, 0, m * n * sizeof(float));
    } else if (m > 0 && n > 0) {
#if defined(DREAMER_BLIS) || defined(DREAMER_OPENBLAS)
      cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, m, n, k, 1.0f,
                  heap + a_off + i * a_stride, ta ? m : k, heap + b_off + i * b_stride, tb ? k : n, beta, c, n);
#else
      dreamer::Sgemm(ta, tb, m, n, k, heap + a_off + i * a_stride, ta ? m : k, heap + b_off + i * b_stride,
                     tb ? k : n, beta != 0.0f, c, n, current_threads);
#endif
    }
    ApplyActivation(c, m * n, act, alpha);
  }
  return nullptr;
}

constexpr size_t kConvArgs = 18;
enum ConvKind { kConvForward = 0, kConvBackpropInput = 1, kConvBackpropFilter = 2 };

// conv2d(heap, kind, aOff, bOff, outOff, n, h, w, c, fh, fw, co, oh, ow, sh, sw, padTop, padLeft)
// kind 0: out y = conv(a = x, b = filter); 1: out dx from (a = dy, b = filter); 2: out dfilter from (a = x, b = dy).
// NHWC, filter [fh, fw, c, co], offsets in floats (conv.h).
napi_value Conv2d(napi_env env, napi_callback_info info) {
  size_t argc = kConvArgs;
  napi_value argv[kConvArgs];
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) != napi_ok || argc != kConvArgs) {
    Fail(env, "dreamer_blas.conv2d: expected 18 arguments");
    return nullptr;
  }
  napi_typedarray_type type;
  size_t length = 0;
  void* data = nullptr;
  if (napi_get_typedarray_info(env, argv[0], &type, &length, &data, nullptr, nullptr) != napi_ok ||
      type != napi_float32_array) {
    Fail(env, "dreamer_blas.conv2d: the heap must be a Float32Array");
    return nullptr;
  }
  double v[17];
  for (int i = 0; i < 17; i++) {
    if (!GetDouble(env, argv[1 + i], &v[i])) return nullptr;
  }
  const int kind = static_cast<int>(v[0]);
  const int64_t a_off = v[1], b_off = v[2], out_off = v[3];
  const dreamer::ConvArgs g{static_cast<int64_t>(v[4]),  static_cast<int64_t>(v[5]),  static_cast<int64_t>(v[6]),
                            static_cast<int64_t>(v[7]),  static_cast<int64_t>(v[8]),  static_cast<int64_t>(v[9]),
                            static_cast<int64_t>(v[10]), static_cast<int64_t>(v[11]), static_cast<int64_t>(v[12]),
                            static_cast<int64_t>(v[13]), static_cast<int64_t>(v[14]), static_cast<int64_t>(v[15]),
                            static_cast<int64_t>(v[16])};
  const int64_t x_size = g.n * g.h * g.w * g.c, f_size = g.fh * g.fw * g.c * g.co, y_size = g.n * g.oh * g.ow * g.co;
  const int64_t len = static_cast<int64_t>(length);
  auto inside = [len](int64_t off, int64_t extent) { return off >= 0 && extent >= 0 && off + extent <= len; };
  const bool dims_ok = g.n >= 0 && g.h > 0 && g.w > 0 && g.c > 0 && g.fh > 0 && g.fw > 0 && g.co > 0 && g.oh > 0 &&
                       g.ow > 0 && g.sh > 0 && g.sw > 0;
  int64_t a_size = 0, b_size = 0, out_size = 0;
  if (kind == kConvForward) a_size = x_size, b_size = f_size, out_size = y_size;
  if (kind == kConvBackpropInput) a_size = y_size, b_size = f_size, out_size = x_size;
  if (kind == kConvBackpropFilter) a_size = x_size, b_size = y_size, out_size = f_size;
  if (!dims_ok || kind < kConvForward || kind > kConvBackpropFilter || !inside(a_off, a_size) ||
      !inside(b_off, b_size) || !inside(out_off, out_size)) {
    Fail(env, "dreamer_blas.conv2d: bad geometry or operand outside the heap");
    return nullptr;
  }
  float* heap = static_cast<float*>(data);
  const int threads = ThreadsFor(g.n * g.oh * g.ow, g.co, g.fh * g.fw * g.c);
  if (kind == kConvForward) dreamer::Conv2dForward(g, heap + a_off, heap + b_off, heap + out_off, threads);
  if (kind == kConvBackpropInput) dreamer::Conv2dBackpropInput(g, heap + a_off, heap + b_off, heap + out_off, threads);
  if (kind == kConvBackpropFilter) dreamer::Conv2dBackpropFilter(g, heap + a_off, heap + b_off, heap + out_off, threads);
  return nullptr;
}

// setThreads(maxThreads, minWorkPerThread = 0)
napi_value SetThreads(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  double threads = 1, min_work = 0;
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) != napi_ok || argc < 1 ||
      !GetDouble(env, argv[0], &threads) || (argc > 1 && !GetDouble(env, argv[1], &min_work))) {
    return nullptr;
  }
  max_threads = threads < 1 ? 1 : static_cast<int>(threads);
  min_work_per_thread = min_work < 0 ? 0 : min_work;
  SetBlasThreads(max_threads);
  return nullptr;
}

napi_value Info(napi_env env, napi_callback_info) {
#if defined(DREAMER_BLIS)
  std::string text = std::string("blis ") + bli_info_get_version_str();
#elif defined(DREAMER_OPENBLAS)
  // "OpenBLAS 0.3.21 NO_LAPACKE ..." -> "openblas 0.3.21 (Haswell)"
  std::string config = openblas_get_config();
  size_t from = config.find(' ') + 1;
  std::string text = "openblas " + config.substr(from, config.find(' ', from) - from) + " (" +
                     openblas_get_corename() + ")";
#else
  std::string text = std::string("own GEMM, ") + dreamer::SgemmIsa();
#endif
  napi_value out;
  napi_create_string_utf8(env, text.c_str(), text.size(), &out);
  return out;
}

napi_value Init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"gemm", nullptr, Gemm, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"conv2d", nullptr, Conv2d, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"setThreads", nullptr, SetThreads, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"info", nullptr, Info, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props);
  RegisterFusedKernels(env, exports);
  RegisterGruCellKernels(env, exports);
  RegisterRssmObserveKernels(env, exports);
  RegisterRssmImagineKernels(env, exports);
  return exports;
}

}  // namespace

int dreamer::GemmThreads(int64_t m, int64_t n, int64_t k) { return ThreadsFor(m, n, k); }

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
