#!/bin/sh
set -eu
tr a-z A-Z < /input/message.txt > /output/shout.txt
cat /output/shout.txt
