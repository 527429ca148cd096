#!/bin/sh
# A sha256 manifest of /data/in in sha256sum format, sorted by path: deterministic, so replays are identical.
set -eu
cd /data/in
find . -type f | sed 's|^\./||' | sort > /tmp/files
while IFS= read -r f; do sha256sum "$f"; done < /tmp/files > /data/out/SHA256SUMS
echo "hashed $(wc -l < /tmp/files) file(s)"
