// The whole GRU cell of DreamerV1 with the reset applied after the recurrent product (gru_cell.cc): both products,
// their biases and the gates, forward and backward, one addon call each.
#pragma once
#include <node_api.h>

#include <cstdint>

void RegisterGruCellKernels(napi_env env, napi_value exports);

namespace dreamer {
// Threads for one m × n × k product, as the addon's gemm picks them (defined in gemm.cc).
int GemmThreads(int64_t m, int64_t n, int64_t k);
}  // namespace dreamer
