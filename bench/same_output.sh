#!/bin/bash
# Whether two checkouts of briefing write the same bytes: the sample site, both packs of
# the sample briefing, and a generated 1,000-event tree past every split threshold (a
# page per letter of events and of a kind of actor, a page per year of a tag and of an
# actor). For a change that should not change output, such as a refactoring.
#
#   bench/same_output.sh ../before-checkout .     # each checkout with its own .venv (make setup)
#
# Prints the `diff -r` of the two outputs and "same bytes" when there is none. A pack
# names the git revision it was made from; that line is taken out before comparing.
set -euo pipefail
BEFORE=$(cd "$1" && pwd); AFTER=$(cd "$2" && pwd)
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
export SOURCE_DATE_EPOCH=1700000000

"$AFTER/.venv/bin/python" "$AFTER/bench/generate.py" --events 1000 --out "$WORK/generated" --no-baselines >/dev/null
"$AFTER/.venv/bin/python" "$AFTER/bench/skew.py" "$WORK/generated" "$WORK/tree" >/dev/null
# One tag on a fifth of the events as well, so that a tag passes its threshold too.
"$AFTER/.venv/bin/python" - "$WORK/tree" <<'PY'
import re, sys, zlib
from pathlib import Path
for path in sorted(Path(sys.argv[1], "content", "events").rglob("*.yaml")):
    text = path.read_text(encoding="utf-8")
    tags = re.search(r"^tags: \[(.*)\]$", text, re.M)
    if tags and "finance" not in tags.group(1) and zlib.crc32(path.name.encode()) % 5 == 0:
        path.write_text(text[: tags.end(1)] + ", finance" + text[tags.end(1) :], encoding="utf-8")
PY

snapshot() {  # checkout, output folder
    local checkout=$1 out=$2 briefing="$1/.venv/bin/briefing" pack=russia-china-security-partnership-2022
    mkdir -p "$out"
    (cd "$checkout" && "$briefing" build -d "$out/site" >/dev/null)
    (cd "$checkout" && "$briefing" pack --briefing $pack --format zip -o "$out/pack.zip" >/dev/null)
    (cd "$checkout" && "$briefing" pack --briefing $pack --format html -o "$out/pack.html" >/dev/null)
    sed -i -E 's/(pack-revision">)[^<]*</\1REV</; s/(from content revision )[^<]*</\1REV</' "$out/pack.html"
    mkdir "$out/pack" && (cd "$out/pack" && unzip -q ../pack.zip) && rm "$out/pack.zip"
    cp -r "$WORK/tree" "$out/tree-src"
    sed -i "s#custom_dir: .*#custom_dir: $checkout/templates#" "$out/tree-src/mkdocs.yml"
    (cd "$out/tree-src" && "$briefing" build -d "$out/tree" >/dev/null) && rm -rf "$out/tree-src"
}
snapshot "$BEFORE" "$WORK/before"
snapshot "$AFTER" "$WORK/after"
diff -r "$WORK/before" "$WORK/after" && echo "same bytes: sample site, zip pack, single-file pack, 1,000-event tree"
