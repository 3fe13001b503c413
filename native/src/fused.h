// The fused elementwise kernels of fused.cc, added to the addon's exports.
#pragma once
#include <node_api.h>

void RegisterFusedKernels(napi_env env, napi_value exports);
