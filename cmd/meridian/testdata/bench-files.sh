#!/bin/sh
# 1 GiB up and down through a real `meridian serve`; prints the server's
# resident memory before, at its peak (VmHWM) and the SHA-256s.
set -e
M=${MERIDIAN:-meridian}; D=$(mktemp -d); F=${FILE:-$D/big.bin}
[ -f "$F" ] || head -c 1073741824 /dev/urandom > "$F"
A=$($M agency add --data $D --country RS --kind prosecution --name "RS prosecution" | grep -o '[0-9a-f-]\{36\}' | head -1)
T=$($M user add --data $D --agency $A --username p.rs --name "P RS" --roles prosecutor --token | tail -1)
$M serve --data $D --addr 127.0.0.1:18089 >/dev/null 2>&1 & P=$!
sleep 4
H="Authorization: Bearer $T"; U=http://127.0.0.1:18089/api/v1
C=$(curl -s -H "$H" -H 'Content-Type: application/json' -d '{"title":"bench"}' $U/cases | grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4)
rss() { grep -E "$1" /proc/$P/status | awk '{print $2/1024 " MiB"}'; }
echo "rss before: $(rss VmRSS)"
FID=$(curl -s -H "$H" -H 'Content-Type: application/octet-stream' -T "$F" -X POST "$U/cases/$C/files?name=big.bin" | grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4)
echo "rss after upload: $(rss VmRSS), peak $(rss VmHWM)"
echo "sent:     $(sha256sum < "$F" | cut -c1-64)"
echo "received: $(curl -s -H "$H" $U/files/$FID/content | sha256sum | cut -c1-64)"
echo "rss after download: $(rss VmRSS), peak $(rss VmHWM)"
kill $P; wait $P 2>/dev/null || true; rm -rf "$D"
