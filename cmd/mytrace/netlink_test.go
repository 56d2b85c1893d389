package main

import (
	"regexp"
	"strings"
)

// Netlink replies carry what changes from run to run: interface counters
// (rtnl_link_stats and rtnl_link_stats64 fields), the promiscuity and
// allmulti counts of an interface (other tests running at the same time
// open packet sockets on the loopback interface), and port ids, which the
// kernel takes from the process id.
func init() {
	reIfCounts := regexp.MustCompile(`(nla_type=IFLA_(?:PROMISCUITY|ALLMULTI)\}, )\d+`)
	reCounters := regexp.MustCompile(`\b((?:rx|tx)_[a-z_]+|multicast|collisions)=\d+`)
	rePortID := regexp.MustCompile(`\b(nlmsg_pid|nl_pid)=-?[1-9]\d*`)
	extraNormalizers = append(extraNormalizers, func(l string) string {
		if !strings.Contains(l, "nlmsg_") && !strings.Contains(l, "nl_pid=") {
			return l
		}
		l = reCounters.ReplaceAllString(l, "${1}=N")
		l = reIfCounts.ReplaceAllString(l, "${1}N")
		return rePortID.ReplaceAllString(l, "${1}=PID")
	})
}
