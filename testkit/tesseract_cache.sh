#!/bin/sh
# The test suite's tesseract (tests/conftest.py puts it first on PATH): the real one
# ($GATEWAY_TEST_TESSERACT), whose output files for an input are kept under $GATEWAY_TEST_OCR_CACHE_DIR
# by the input's content, the arguments and the environment that changes a reading, and handed back
# for the same again. Anything but "tesseract INPUT OUTPUTBASE ARGS..." (--version, --list-langs,
# stdin or stdout) goes straight to the real one; a failed reading is never kept. $GATEWAY_TEST_OCR_CACHE_DIR.log
# says "hit KEY" or "miss KEY" for each reading.
real=${GATEWAY_TEST_TESSERACT:-/usr/bin/tesseract}
cache=$GATEWAY_TEST_OCR_CACHE_DIR
case "$1" in -*|"") exec "$real" "$@" ;; esac
case "$2" in -*|"") exec "$real" "$@" ;; esac
[ -n "$cache" ] && [ -f "$1" ] || exec "$real" "$@"
in=$1
out=$2
shift 2
key=$( { sha256sum < "$in"; printf '%s\n' "$@" "${TESSDATA_PREFIX:-}" "${OMP_THREAD_LIMIT:-}"; } | sha256sum | cut -c1-64)
hit=$cache/$key
if [ -d "$hit" ]; then
    for f in "$hit"/out.*; do
        [ -e "$f" ] && cp "$f" "$out.${f##*/out.}"
    done
    echo "hit $key" >> "$cache.log"
    exit 0
fi
"$real" "$in" "$out" "$@" || exit $?
mkdir -p "$cache"
tmp=$(mktemp -d "$cache/.new.XXXXXX") || exit 0
for f in "$out".*; do
    [ -e "$f" ] && cp "$f" "$tmp/out.${f#"$out."}"
done
mv -T "$tmp" "$hit" 2>/dev/null || rm -rf "$tmp"
echo "miss $key" >> "$cache.log"
exit 0
