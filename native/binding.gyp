{
  "variables": {
    "blas%": "openblas"
  },
  "targets": [
    {
      "target_name": "dreamer_blas",
      "sources": ["src/gemm.cc"],
      "cflags_cc": ["-O3", "-std=c++17", "-fno-exceptions"],
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
