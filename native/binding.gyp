{
  "variables": {
    "blas%": "openblas"
  },
  "targets": [
    {
      # The fused elementwise kernels: -ffast-math lets the exp loops vectorise (glibc's vector expf). Kept
      # apart from gemm.cc, whose activations must keep IEEE NaN semantics (the NaN guard relies on them).
      "target_name": "dreamer_fused",
      "type": "static_library",
      "sources": ["src/fused.cc"],
      "cflags": ["-fPIC"],
      "cflags_cc": ["-O3", "-march=native", "-ffast-math", "-std=c++17", "-fno-exceptions"]
    },
    {
      "target_name": "dreamer_blas",
      "sources": ["src/gemm.cc"],
      "dependencies": ["dreamer_fused"],
      "cflags_cc": ["-O3", "-std=c++17", "-fno-exceptions"],
      "libraries": ["-lm"],
      "conditions": [
        ["blas=='blis'", {
          "defines": ["DREAMER_BLIS"],
          "include_dirs": ["/usr/include/x86_64-linux-gnu/blis-openmp"],
          "libraries": ["-lblis"]
        }],
        ["blas=='openblas'", {
          "defines": ["DREAMER_OPENBLAS"],
          "include_dirs": ["/usr/include/x86_64-linux-gnu/openblas-pthread"],
          "libraries": ["-lopenblas"]
        }]
      ]
    }
  ]
}
