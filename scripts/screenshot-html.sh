#!/bin/sh
# Render the HTML output in real headless Chromium and save a screenshot to look at.
#
#   scripts/screenshot-html.sh [PNG] [cqc-rate arguments...]
#   scripts/screenshot-html.sh /tmp/page.png score samples/
#
# Needs chromium (apt-get install chromium). No network is used: the page is
# self-contained and Chromium's background services are switched off.
set -eu
png=${1:-/tmp/page.png}
[ $# -gt 0 ] && shift
[ $# -gt 0 ] || set -- score samples/
html=$(mktemp --suffix=.html)
profile=$(mktemp -d)
cqc-rate "$@" --format html > "$html" || [ $? -eq 1 ]
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --screenshot="$png" --window-size=1200,1600 "file://$html" 2>/dev/null
rm -rf "$profile"
echo "$png (from $html)"
