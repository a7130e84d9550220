#!/usr/bin/env bash
# `make bundle-check`: run the PyInstaller bundle (dist/rapporteur) the way a user's machine
# would, in an almost empty environment (env -i), and check what it produces:
#   * render the sample to PDF: >= 1 page, every font embedded and Liberation Serif;
#   * the Pango/HarfBuzz/fontconfig libraries WeasyPrint loads are the bundled copies;
#   * `check` on the sample exits 0, and on a bad file exits 2 with one line on stderr;
#   * the Russian spelling dictionary is there, with the metadata pymorphy3 needs.
# Needs pdfinfo and pdffonts (poppler-utils, installed by `make system-deps`).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
DIST="$ROOT/dist/rapporteur"
BIN="$DIST/rapporteur"
SAMPLE="$ROOT/resources/samples/sample.rapporteur"
LIBS=(libpango-1.0.so.0 libpangoft2-1.0.so.0 libgobject-2.0.so.0 libglib-2.0.so.0
      libharfbuzz.so.0 libharfbuzz-subset.so.0 libfontconfig.so.1 libfreetype.so.6)

fail() { echo "bundle-check: FAILED: $*" >&2; exit 1; }

[ -x "$BIN" ] || { echo "bundle-check: $BIN not found: run make bundle first" >&2; exit 1; }
for tool in pdfinfo pdffonts; do
  command -v "$tool" >/dev/null 2>&1 \
    || fail "$tool not found (sudo apt-get install poppler-utils, or make system-deps)"
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bundle-check.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/home" "$tmp/work"

# The bundled binary with nothing from this shell: no venv, no LD_LIBRARY_PATH, no fonts.
run() { env -i HOME="$tmp/home" PATH=/usr/bin:/bin "$@"; }

# 1. The file to render: the sample, or (until it is built) a small one made by the bundle.
doc="$tmp/work/sample.rapporteur"
if [ -f "$SAMPLE" ]; then
  cp "$SAMPLE" "$doc"
  echo "bundle-check: using resources/samples/sample.rapporteur"
else
  echo "bundle-check: no resources/samples/sample.rapporteur yet; importing a small document"
  cat >"$tmp/work/doc.json" <<'JSON'
{"format": "rapporteur/1", "documents": [{"title": "Bundle check", "template": "meeting-paper",
 "language": "en", "fields": {"meeting": "Bundle check meeting", "author": "Rapporteur"},
 "sections": [{"heading": "Introduction", "body": "<p>Some <strong>bold</strong> and <em>italic</em> text<span class=\"footnote\">A footnote.</span></p>"}]}]}
JSON
  run "$BIN" import "$doc" "$tmp/work/doc.json" >"$tmp/import.out" 2>&1 \
    || fail "rapporteur import exited $?: $(cat "$tmp/import.out")"
fi

# 2. Render, recording which shared objects the dynamic linker initialises.
pdf="$tmp/work/sample.pdf"
if ! run LD_DEBUG=libs LD_DEBUG_OUTPUT="$tmp/ld" "$BIN" render "$doc" -o "$pdf" \
    >"$tmp/render.out" 2>"$tmp/render.err"; then
  fail "rapporteur render exited non-zero: $(cat "$tmp/render.err" "$tmp/render.out")"
fi
[ -s "$pdf" ] || fail "rapporteur render wrote no PDF ($(cat "$tmp/render.out"))"
echo "bundle-check: $(cat "$tmp/render.out")"

pages=$(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
[ -n "$pages" ] && [ "$pages" -ge 1 ] || fail "the PDF has no pages (pdfinfo: ${pages:-unreadable})"

# pdffonts columns: name type... encoding emb sub uni objnum gen (type may hold spaces).
fonts=$(pdffonts "$pdf" | tail -n +3)
[ -n "$fonts" ] || fail "the PDF lists no fonts"
bad_fonts=$(awk '{ name = $1; sub(/^[A-Z]+[+]/, "", name);
                   if ($(NF-4) != "yes" || name !~ /^Liberation-?Serif([-,]|$)/) print }' <<<"$fonts")
[ -z "$bad_fonts" ] || fail "fonts not embedded or not Liberation Serif:
$(pdffonts "$pdf")"
echo "bundle-check: $pages page(s), $(wc -l <<<"$fonts") font(s), all embedded Liberation Serif"

# 3. The libraries WeasyPrint dlopens must come from the bundle, not the system.
# The bootloader starts, sets LD_LIBRARY_PATH and re-executes itself (same pid): keep the
# objects initialised after the last "transferring control" of each trace of the binary,
# i.e. what Python loaded (the bootloader itself links only glibc and the system's zlib).
: >"$tmp/ld.all"
for trace in "$tmp"/ld.*; do
  [ "$trace" != "$tmp/ld.all" ] && [ -f "$trace" ] || continue
  grep -q "initialize program: $BIN\$" "$trace" || continue
  awk '/transferring control:/ { n = 0; next }
       /calling init:/ { sub(/.*calling init: /, ""); line[n++] = $0 }
       END { for (i = 0; i < n; i++) print line[i] }' "$trace" >>"$tmp/ld.all"
done
[ -s "$tmp/ld.all" ] || fail "LD_DEBUG wrote no trace of $BIN"
for lib in "${LIBS[@]}"; do
  loaded=$(grep "/$lib\$" "$tmp/ld.all" | sort -u)
  [ -n "$loaded" ] || fail "$lib was not loaded during the render"
  while IFS= read -r path; do
    case "$path" in
      "$DIST"/*) ;;
      *) fail "$lib was loaded from $path, not from the bundle" ;;
    esac
  done <<<"$loaded"
done
# Beyond those, only glibc and the C++ runtime (left to the system by build.spec) may
# come from outside the bundle.
outside=$(grep -v "^$DIST/" "$tmp/ld.all" \
  | grep -Ev '/(ld-linux[^/]*|lib(c|m|dl|pthread|rt|util|resolv|nss_[a-z]+|stdc\+\+|gcc_s)\.so[.0-9]*)$' \
  | sort -u || true)
[ -z "$outside" ] || fail "the render loaded libraries from outside the bundle:
$outside"
echo "bundle-check: ${#LIBS[@]} WeasyPrint libraries and their dependencies loaded from the bundle"

# 4. check: 0 on the sample; 2 and a single stderr line on a file that is not ours.
run "$BIN" check "$doc" >"$tmp/check.out" 2>&1 \
  || fail "rapporteur check on the sample exited $?: $(cat "$tmp/check.out")"
printf 'this is not a Rapporteur file\n' >"$tmp/work/bad.rapporteur"
set +e
run "$BIN" check "$tmp/work/bad.rapporteur" >"$tmp/bad.out" 2>"$tmp/bad.err"
code=$?
set -e
[ "$code" -eq 2 ] || fail "rapporteur check on a bad file exited $code, expected 2"
lines=$(wc -l <"$tmp/bad.err")
[ "$lines" -eq 1 ] || fail "rapporteur check on a bad file wrote $lines lines on stderr, expected 1:
$(cat "$tmp/bad.err")"
echo "bundle-check: check exits 0 on the sample, 2 on a bad file ($(cat "$tmp/bad.err"))"

# 5. The Russian spelling dictionary and the metadata pymorphy3 finds it through.
ls "$DIST"/_internal/pymorphy3_dicts_ru/data/words.dawg >/dev/null 2>&1 \
  || fail "the Russian dictionary (pymorphy3_dicts_ru/data/words.dawg) is not in the bundle"
ls -d "$DIST"/_internal/pymorphy3_dicts_ru-*.dist-info >/dev/null 2>&1 \
  || fail "pymorphy3_dicts_ru's metadata is not in the bundle: pymorphy3 would not find it"
echo "bundle-check: the Russian spelling dictionary is bundled"

echo "bundle-check: ok"
