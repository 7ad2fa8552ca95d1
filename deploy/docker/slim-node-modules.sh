#!/bin/sh
# Removes from a production node_modules the files Node never loads on this platform, so the
# runtime image carries one ONNX Runtime binary instead of five and no browser builds of TF.js.
# The Dockerfile runs it after `npm ci --omit=dev --omit=optional`; test/deploy/docker.test.ts runs
# it with --list over the checkout's node_modules and checks that nothing Node loads is listed.
#
#   sh deploy/docker/slim-node-modules.sh [--list] NODE_MODULES_DIR
#
# What goes, and why it is safe (no import in src/ changes):
# - onnxruntime-node/bin/napi-v6/<platform>/<arch> for every platform and arch but this one: its
#   binding loads `../bin/napi-v6/${process.platform}/${process.arch}/onnxruntime_binding.node`.
# - In each @tensorflow/* package, everything but package.json, README/LICENSE, nested
#   node_modules, dist/*.node.js and dist/*.wasm. No package there has an "exports" map, so Node
#   resolves `import '@tensorflow/x'` through "main", a self-contained dist/*.node.js bundle; the
#   wasm backend reads its .wasm files beside that bundle (__dirname). What goes is the ESM tree
#   for bundlers ("module"), browser and mini-program bundles, source maps, types and sources.
set -eu

list=false
if [ "${1:-}" = "--list" ]; then
  list=true
  shift
fi
modules="${1:?usage: slim-node-modules.sh [--list] NODE_MODULES_DIR}"

drop() {
  # Reads paths, one a line, and lists or removes them.
  while IFS= read -r path; do
    if [ "$list" = true ]; then printf '%s\n' "$path"; else rm -rf "$path"; fi
  done
}

platform_arch="$(node -p 'process.platform + "/" + process.arch')"
platform="${platform_arch%/*}"
ort="$modules/onnxruntime-node/bin/napi-v6"
if [ -d "$ort" ]; then
  if [ ! -f "$ort/$platform_arch/onnxruntime_binding.node" ]; then
    echo "slim-node-modules: no ONNX Runtime binding for $platform_arch in $ort; keeping every platform" >&2
  else
    find "$ort" -mindepth 1 -maxdepth 1 -type d ! -name "$platform" | drop
    find "$ort/$platform" -mindepth 1 -maxdepth 1 -type d ! -name "${platform_arch#*/}" | drop
  fi
fi

for package in "$modules"/@tensorflow/*/; do
  [ -f "${package}package.json" ] || continue
  find "$package" -mindepth 1 -maxdepth 1 \
    ! -name package.json ! -name node_modules ! -name dist ! -name 'README*' ! -name 'LICENSE*' | drop
  if [ -d "${package}dist" ]; then
    find "${package}dist" -mindepth 1 -maxdepth 1 \
      ! \( -type f \( -name '*.node.js' -o -name '*.wasm' \) \) | drop
  fi
done
