// The reference agent's whole imagination rollout (actor, tanh-Gaussian action, RSSM prior step), forward and
// backward, one addon call each (rssm_imagine.cc).
#pragma once
#include <node_api.h>

void RegisterRssmImagineKernels(napi_env env, napi_value exports);
