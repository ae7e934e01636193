#!/usr/bin/env bash
# Re-measure every figure in BENCHMARKS.md: accuracy on the dev data in ../shared/data and speed
# on the 1M-word corpus. Usage: scripts/measure.sh [OUT_DIR]   (default: bench-out)
# Needs ../shared/data; takes a few minutes on two cores. Prints tables; writes JSON to OUT_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
S=${SHARED:-../shared/data}
OUT=${1:-bench-out}
if [ ! -d "$S" ]; then
  echo "error: $S not found: the evaluation data lives in ../shared/data" >&2
  exit 2
fi
mkdir -p "$OUT"
cargo build --release -p dossier-cli
D=./target/release/dossier
echo "commit $(git rev-parse --short HEAD) on $(date -u +%Y-%m-%d) ($(nproc) cores)"

run() { # task files...
  local task=$1; shift
  $D eval "$task" "$@"
  $D eval "$task" --json "$@" >> "$OUT/eval.jsonl"
}
: > "$OUT/eval.jsonl"
run sentences "$S/ner/gum/raw/dev.jsonl"
run ner "$S/ner/conll2003/dev.bio" "$S/ner/conll2003/dev_cleanconll.bio" "$S/ner/gum/dev.bio" \
  "$S/ner/uner_en_ewt/dev.bio" "$S/ner/gum/raw/dev.jsonl" "$S/ner/uner_en_ewt/raw/dev.jsonl"
run ner-baseline "$S/ner/gum/raw/dev.jsonl" "$S/ner/uner_en_ewt/raw/dev.jsonl"
run time "$S/time/tempeval3_train_timebank.jsonl" "$S/time/tempeval3_train_aquaint.jsonl" \
  "$S/time/relative_timex_examples.train.jsonl"
run geo "$S/geo/lgl.jsonl" "$S/geo/geovirus.jsonl"
run quotes "$S/quotes/polnear/dev.jsonl"
run quotes-baseline "$S/quotes/polnear/dev.jsonl"
if $D eval --help | grep -q "^  extract"; then
  run extract "$S/web/wcxb_dev/gold.jsonl" "$S/web/trafilatura_eval/gold.jsonl"
fi

[ -d "$OUT/corpus" ] || $D bench corpus --shared "$S" --out "$OUT/corpus"
for i in 1 2 3; do $D bench analyze "$OUT/corpus"; done
ARTICLE=$(for f in "$OUT"/corpus/*.txt; do echo "$(wc -w < "$f") $f"; done | sort -n | awk '$1>=1000' | head -1 | cut -d' ' -f2)
echo "cold start on $ARTICLE ($(wc -w < "$ARTICLE") words)"
if command -v hyperfine >/dev/null; then
  hyperfine -N --warmup 3 --runs 20 "$D analyze $ARTICLE --date 2024-01-01 -o /dev/null"
fi
/usr/bin/time -v "$D" analyze "$ARTICLE" --date 2024-01-01 -o /dev/null 2>&1 | grep -E "Maximum resident|Elapsed"
