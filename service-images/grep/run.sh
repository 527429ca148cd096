#!/bin/sh
# Lines matching $GREP_PATTERN (file:line:text) or match counts per file, in /data/out/matches.txt.
set -eu
flags=''
[ "${GREP_IGNORE_CASE:-false}" = true ] && flags='-i'
cd /data/in
find . -type f | sed 's|^\./||' | sort > /tmp/files
: > /data/out/matches.txt
while IFS= read -r f; do
  if [ "${GREP_MODE:-lines}" = count ]; then
    printf '%s:%s\n' "$f" "$(grep -c $flags -e "$GREP_PATTERN" "$f" || true)" >> /data/out/matches.txt
  else
    grep -n $flags -e "$GREP_PATTERN" "$f" | sed "s|^|$f:|" >> /data/out/matches.txt || true
  fi
done < /tmp/files
echo "$(wc -l < /data/out/matches.txt) line(s) of results"
