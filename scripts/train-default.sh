#!/usr/bin/env bash
# npm run train:default — rebuilds the shipped models/default/ from a fixed simulator world:
# simulate (seed 9) → train with examples/simulator.yaml → keep the world's description beside
# the bundle (the shipped-model test regenerates the world from it) → build the candidate index.
set -euo pipefail
cd "$(dirname "$0")/.."
mr() { node bin/multirank.mjs "$@"; }
mr simulate --out data/sim --force --format jsonl --users 20000 --items 1000 --requests 40000 --seed 9
mr train --config examples/simulator.yaml --out models/default
cp data/sim/world.json models/default/world.json
mr candidates build --logs data/sim/interactions.jsonl --items data/sim/items.jsonl --out models/default/candidates
