#!/bin/sh
# /data/in packed as /data/out/<name>.tar.gz; the name is the first argument (a plain file name).
set -eu
name=${1:-archive}
case "$name" in ''|*/*|.*) echo "archive_name must be a plain file name" >&2; exit 2 ;; esac
cd /data/in
tar -c -f - . | gzip -c > "/data/out/$name.tar.gz"
echo "packed $(find . -mindepth 1 | wc -l) entries into $name.tar.gz"
