// The fused elementwise kernels of fused.cc, added to the addon's exports.
#pragma once
#include <node_api.h>

#include <cstdint>

void RegisterFusedKernels(napi_env env, napi_value exports);

// Must match FUSABLE_ACTIVATION in src/tensor/kernels/fused-matmul.ts.
enum Activation { kLinear = 0, kRelu = 1, kRelu6 = 2, kLeakyRelu = 4, kSigmoid = 5, kElu = 6 };

// c[i] = act(c[i]) in place: the epilogue of a fused matMul (vectorised here; NaN stays NaN for every activation
// whose IEEE form keeps it, and relu maps NaN to 0 as the IEEE comparison does).
void ApplyActivation(float* c, int64_t size, int act, float alpha);
