# stand-in for posTagger.py: one sentence per line, each word tagged (capitalised: NNP, else NN)
set -eu
for f in /root/input1/* /root/input2/*; do
  tr '.' '\n' < "$f" | awk 'NF { out = ""; for (i = 1; i <= NF; i++) out = out (i > 1 ? " " : "") $i "/" \
    ($i ~ /^[A-Z]/ ? "NNP" : "NN"); print out }'
done > /root/output/tagged.txt
cat /root/output/tagged.txt
