#!/usr/bin/env bash
# Prints the CPU seconds planx spends a scanned page (planx plus the pdftoppm and tesseract
# processes it runs): `scripts/ocr_speed.sh FILE.pdf [PLANX]`. A printout, not a test.
set -euo pipefail
pdf=$1
planx=${2:-target/release/planx}
pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
out=$(mktemp -d)
/usr/bin/time -f "%U %S %e" -o "$out/time" "$planx" extract "$pdf" --out "$out/x" --quiet --jobs 1 >/dev/null
read -r user sys wall < "$out/time"
# /usr/bin/time counts the children planx waited for (pdftoppm, tesseract) too.
awk -v u="$user" -v s="$sys" -v w="$wall" -v n="$pages" -v f="$pdf" \
  'BEGIN { printf "%s: %d pages, %.1f CPU s (%.2f CPU s a page), %.1f s wall\n", f, n, u + s, (u + s) / n, w }'
rm -rf "$out"
