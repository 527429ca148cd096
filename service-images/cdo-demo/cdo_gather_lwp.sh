# stand-in for the original CDO invocation: "gathers" liquid water path values (one number per line) of every
# input file into one sum per file
set -eu
for f in /input/*; do
  echo "$(basename "$f") $(awk '{ s += $1 } END { print s }' "$f")"
done > /output/lwp_sum.txt
cat /output/lwp_sum.txt
