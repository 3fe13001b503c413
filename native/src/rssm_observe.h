// The reference RSSM's whole observation sequence, forward and backward, one addon call each (rssm_observe.cc).
#pragma once
#include <node_api.h>

void RegisterRssmObserveKernels(napi_env env, napi_value exports);
