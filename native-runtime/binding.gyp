# node-gyp build of the addon, plus the two programs it launches: the Race Lab
# runner and `tiny`, the program the lab and the benchmark exec.
{
  "target_defaults": {
    "cflags": ["-Wall", "-Wextra", "-Werror"],
    "cflags!": ["-Wno-unused-parameter"],
    "cflags_c": ["-std=c11"],
    "cflags_cc": ["-std=c++17"],
    "cflags_cc!": ["-std=gnu++17"],
    "ldflags": ["-pthread"]
  },
  "targets": [
    {
      "target_name": "safespawn",
      "sources": ["safespawn.c", "binding/safespawn_node.cc", "binding/node_spawn.cc", "binding/fd_pipe.cc"],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS"]
    },
    {
      "target_name": "safespawn-lab",
      "type": "executable",
      "sources": ["safespawn.c", "lab/lab.c"]
    },
    {
      "target_name": "tiny",
      "type": "executable",
      "sources": ["tests/tiny.c"],
      "ldflags": ["-static"]
    },
    {
      "target_name": "exit0",
      "type": "executable",
      "sources": ["tests/exit0.c"],
      "conditions": [["target_arch=='x64' or target_arch=='arm64'", {"ldflags": ["-static", "-nostdlib"]}]]
    }
  ]
}
