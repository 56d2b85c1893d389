package main

import (
	"os"
	"regexp"
	"strconv"
	"strings"
)

// The network family's tests bind loopback sockets to port 0: the ports
// the kernel picks come from the ephemeral range and differ from run to
// run. Only ports in that range are normalized; the tests use fixed ports
// below it for everything else.
func init() {
	lo, hi := 32768, 60999
	if b, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range"); err == nil {
		if f := strings.Fields(string(b)); len(f) == 2 {
			if l, err := strconv.Atoi(f[0]); err == nil {
				lo = l
			}
			if h, err := strconv.Atoi(f[1]); err == nil {
				hi = h
			}
		}
	}
	// The kernel names a netlink socket bound to port id 0 after the
	// process: getsockname shows that pid.
	reNl := regexp.MustCompile(`^(getsockname\(.*\bnl_pid=)\d+`)
	extraNormalizers = append(extraNormalizers, func(l string) string {
		return reNl.ReplaceAllString(l, "${1}PID")
	})
	re := regexp.MustCompile(`\b(sin6?_port=htons)\((\d+)\)`)
	extraNormalizers = append(extraNormalizers, func(l string) string {
		if !strings.Contains(l, "_port=htons(") {
			return l
		}
		return re.ReplaceAllStringFunc(l, func(m string) string {
			sub := re.FindStringSubmatch(m)
			if p, err := strconv.Atoi(sub[2]); err == nil && p >= lo && p <= hi {
				return sub[1] + "(EPHEMERAL)"
			}
			return m
		})
	})
}
