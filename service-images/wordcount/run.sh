#!/bin/sh
# Lines, words and bytes of every file under /data/in, sorted by path, as JSON in /data/out/counts.json.
set -eu
find /data/in -type f | sort > /tmp/files
{
  printf '{"files":['
  sep=''
  while IFS= read -r f; do
    set -- $(wc -l -w -c < "$f")
    rel=$(printf '%s' "${f#/data/in/}" | sed 's/\\/\\\\/g; s/"/\\"/g')
    printf '%s{"path":"%s","lines":%s,"words":%s,"bytes":%s}' "$sep" "$rel" "$1" "$2" "$3"
    sep=','
  done < /tmp/files
  printf ']}\n'
} > /data/out/counts.json
echo "counted $(wc -l < /tmp/files) file(s)"
