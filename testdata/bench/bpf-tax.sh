#!/bin/sh
# What a bpf recording costs the processes it does not record.
#
# While `mytrace record --backend=bpf` runs, every syscall of every process
# on the machine runs its sys_enter and sys_exit programs. This script runs
# a dd of 200,000 calls that nobody records, interleaved N times (default
# 8) in three settings: no recording; a recording of another process (a
# sleep, attached with -p); the same with MYTRACE_BPF_NOOP=1, whose
# programs return at once (what the hooks cost with nothing in them). It
# prints dd's own time (its "copied, X s"), median of each, and the time
# added per syscall. Needs root; run it on an otherwise idle machine.
#
#	sh testdata/bench/bpf-tax.sh [MYTRACE-BINARY] [N]
set -eu
mt=${1:-}
n=${2:-8}
if [ -z "$mt" ]; then
	mt=$(mktemp -d)/mytrace
	go build -o "$mt" ./cmd/mytrace
fi
out=$(mktemp)
trace=$(mktemp)
sleep 100000 &
target=$!
trap 'kill $target 2>/dev/null; rm -f "$out" "$trace"' EXIT
dd_time() {
	dd if=/dev/zero of=/dev/null bs=1 count=100000 2>&1 | awk '/copied/ { print $(NF-3) }'
}
i=0
while [ $i -lt "$n" ]; do
	for mode in none recording noop; do
		rec=
		case $mode in
		recording) "$mt" record --backend=bpf -p $target -o "$trace" 2>/dev/null & rec=$! ;;
		noop) MYTRACE_BPF_NOOP=1 "$mt" record --backend=bpf -p $target -o "$trace" 2>/dev/null & rec=$! ;;
		esac
		[ -n "$rec" ] && sleep 0.5
		echo "$mode $(dd_time)" >>"$out"
		if [ -n "$rec" ]; then
			kill -INT $rec
			wait $rec || true
		fi
	done
	i=$((i + 1))
done
awk '
	{ v[$1, ++c[$1]] = $2 }
	END {
		split("none recording noop", order, " ")
		for (j = 1; j <= 3; j++) {
			m = order[j]; k = c[m]
			for (a = 1; a <= k; a++) x[a] = v[m, a]
			for (a = 1; a <= k; a++) for (b = a + 1; b <= k; b++) if (x[b] < x[a]) { t = x[a]; x[a] = x[b]; x[b] = t }
			med[m] = (k % 2) ? x[(k + 1) / 2] : (x[k / 2] + x[k / 2 + 1]) / 2
		}
		printf "dd of 200,000 calls, not recorded: its own time, median of %d\n", c["none"]
		printf "  no recording               %.4f s\n", med["none"]
		printf "  another process recorded   %.4f s  %.2f times, %+.0f ns a syscall\n", med["recording"], med["recording"] / med["none"], (med["recording"] - med["none"]) / 200000 * 1e9
		printf "  the same, empty programs   %.4f s  %.2f times, %+.0f ns a syscall\n", med["noop"], med["noop"] / med["none"], (med["noop"] - med["none"]) / 200000 * 1e9
	}' "$out"
