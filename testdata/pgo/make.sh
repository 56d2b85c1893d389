#!/bin/sh
# Regenerates cmd/mytrace/default.pgo, the CPU profile "go build" uses for
# profile-guided optimization of mytrace (docs/architecture.md, "Profile-
# guided build"). It builds mytrace without the profile, runs what the
# profile should make fast (printing, summarising and recording real
# programs' calls) with MYTRACE_CPUPROFILE, and merges the profiles.
# Run as root from the repository's top directory:
#
#	sh testdata/pgo/make.sh
set -eu
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
go build -pgo=off -o "$dir/mytrace" ./cmd/mytrace
mt="$dir/mytrace"
"$mt" record -f -o "$dir/find.trace" -- sh -c 'find /usr /etc /var -xdev >/dev/null 2>&1'
"$mt" record -o "$dir/dd.trace" -- dd if=/dev/zero of=/dev/null bs=1 count=300000 2>/dev/null
n=0
prof() {
	n=$((n + 1))
	MYTRACE_CPUPROFILE="$dir/$n.prof" "$mt" "$@" >/dev/null
}
prof print -o /dev/null "$dir/find.trace"
prof print -f -tt -T -y -o /dev/null "$dir/find.trace"
prof print -o /dev/null "$dir/dd.trace"
prof stats "$dir/find.trace"
prof record -f -o "$dir/rec.trace" -- find /usr/share -type f
prof -f -o /dev/null -- find /usr/share -maxdepth 3
go tool pprof -proto "$dir"/*.prof > cmd/mytrace/default.pgo
echo "wrote cmd/mytrace/default.pgo from $n profiles"
