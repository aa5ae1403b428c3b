#!/usr/bin/env bash
# Writes every output xuncha makes of the samples into a folder, with the SHA-256 of each file in
# SHA256SUMS: PDF, PDF/A-2b, OFD, OFD-A, PNG and SVG pages, the Typst project, each kind's schema,
# the batch of both sample spreadsheets, and the sample round.
#
# A change that should not change any output (a refactoring) is checked by taking a snapshot
# before and after and comparing the sums:
#
#   tests/snapshot-outputs.sh target/debug/xuncha /tmp/before    # on the old commit
#   tests/snapshot-outputs.sh target/debug/xuncha /tmp/after     # on the new one
#   diff /tmp/before/SHA256SUMS /tmp/after/SHA256SUMS && echo identical
#
# The binary renders with the templates and fonts of the checkout it runs in.
set -euo pipefail
binary=$(realpath "$1")
out=$2
cd "$(dirname "$0")/.."
rm -rf "$out"
mkdir -p "$out"
export NO_COLOR=1

samples=(samples/*.json)
run() { "$binary" "$@" >/dev/null 2>>"$out/stderr.txt"; }

run render "${samples[@]}" -o "$out/pdf/"
run render "${samples[@]}" --pdf-standard a-2b -o "$out/pdf-a-2b/"
run render "${samples[@]}" --format ofd -o "$out/ofd/"
run render "${samples[@]}" --format ofd-a -o "$out/ofd-a/"
run render "${samples[@]}" --format png --dpi 40 -o "$out/png/"
run render "${samples[@]}" --format svg -o "$out/svg/"
for sample in "${samples[@]}"; do
  name=$(basename "$sample" .json)
  run render "$sample" --format typst -o "$out/typst/$name/"
done
mkdir -p "$out/schema"
for manifest in templates/*/template.toml; do
  kind=$(basename "$(dirname "$manifest")")
  "$binary" schema "$kind" >"$out/schema/$kind.json"
done
run batch --from-xlsx samples/spreadsheet/cc-problems.xlsx \
  --shared samples/spreadsheet/cc-shared.json -o "$out/batch-cc.zip" --jobs 1
run batch --from-xlsx samples/spreadsheet/rectification-ledger.xlsx \
  --shared samples/spreadsheet/rectification-shared.json -o "$out/batch-ledger.zip" --jobs 1
run round samples/round/register.xlsx -o "$out/round.zip" --jobs 1
run round --template "$out/register-template.xlsx"

(cd "$out" && find . -type f ! -name SHA256SUMS ! -name stderr.txt | LC_ALL=C sort |
  xargs sha256sum >SHA256SUMS)
echo "$(wc -l <"$out/SHA256SUMS") files in $out/SHA256SUMS"
