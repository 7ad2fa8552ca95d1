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
# The reports the dashboard shows on the model card and the trade-off view (docs/dashboard.md),
# on the model's validation split: the latest 40,000 of the world's 400,000 impressions.
mkdir -p data/heldout
tail -n 40000 data/sim/interactions.jsonl > data/heldout/interactions.jsonl
tail -n 40000 data/sim/ground_truth.jsonl > data/heldout/ground_truth.jsonl
mr evaluate --no-progress --model models/default --data data/heldout/interactions.jsonl \
  --ground-truth data/heldout/ground_truth.jsonl \
  --sweep "like=0,1,2,4;dismiss=0,-2,-5" --sweep-axes click,-dismiss --out models/default/sweep.json
mr evaluate --no-progress --model models/default --data data/heldout/interactions.jsonl \
  --ground-truth data/heldout/ground_truth.jsonl --out models/default/evaluation.json
