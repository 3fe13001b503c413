{
  "variables": {
    # own: our sgemm (src/sgemm.cc), no BLAS package needed; openblas / blis: Debian's libopenblas-dev / libblis-dev.
    "blas%": "own",
    # native: -march=native (AVX2/AVX-512 where the CPU has it); portable: the compiler's baseline target.
    "arch%": "native"
  },
  "target_defaults": {
    "conditions": [
      ["arch=='native'", { "cflags_cc": ["-march=native"] }]
    ]
  },
  "targets": [
    {
      # The fused elementwise kernels: -ffast-math lets the exp loops vectorise (glibc's vector expf). Kept
      # apart from gemm.cc, whose activations must keep IEEE NaN semantics (the NaN guard relies on them).
      "target_name": "dreamer_fused",
      "type": "static_library",
      "sources": ["src/fused.cc", "src/gru_cell.cc", "src/rssm_observe.cc", "src/rssm_imagine.cc"],
      "cflags": ["-fPIC"],
      "cflags_cc": ["-O3", "-ffast-math", "-std=c++17", "-fno-exceptions"]
    },
    {
      # Our own GEMM and the convolutions built on it (im2col + sgemm); -ffp-contract=fast turns the micro-kernel's a*b+c into FMA instructions.
      "target_name": "dreamer_sgemm",
      "type": "static_library",
      "sources": ["src/sgemm.cc", "src/conv.cc"],
      "cflags": ["-fPIC", "-pthread"],
      "cflags_cc": ["-O3", "-ffp-contract=fast", "-std=c++17", "-fno-exceptions"]
    },
    {
      "target_name": "dreamer_blas",
      "sources": ["src/gemm.cc"],
      "dependencies": ["dreamer_fused", "dreamer_sgemm"],
      "cflags_cc": ["-O3", "-std=c++17", "-fno-exceptions"],
      "ldflags": ["-pthread"],
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
