package main

import (
	"regexp"
	"strings"
)

// -yy shows sockets with their inodes and ephemeral ports, which change
// from run to run (net_yy.c binds to port 0).
func init() {
	reInet := regexp.MustCompile(`<((?:TCP|UDP)(?:v6)?):\[(.*?)\]>`)
	rePort := regexp.MustCompile(`(\d|\]):\d+`)
	reUnix := regexp.MustCompile(`<(UNIX(?:-STREAM)?):\[\d+(->\d+)?`)
	reUnixPeer := regexp.MustCompile(`->\d+`)
	extraNormalizers = append(extraNormalizers, func(l string) string {
		if !strings.Contains(l, ":[") {
			return l
		}
		l = reInet.ReplaceAllStringFunc(l, func(m string) string {
			s := reInet.FindStringSubmatch(m)
			inner := s[2]
			if strings.IndexFunc(inner, func(r rune) bool { return r < '0' || r > '9' }) < 0 {
				inner = "INODE"
			} else {
				inner = rePort.ReplaceAllString(inner, "${1}:PORT")
			}
			return "<" + s[1] + ":[" + inner + "]>"
		})
		return reUnix.ReplaceAllStringFunc(l, func(m string) string {
			s := reUnix.FindStringSubmatch(m)
			r := "<" + s[1] + ":[INODE"
			if s[2] != "" {
				r += reUnixPeer.ReplaceAllString(s[2], "->INODE")
			}
			return r
		})
	})
}
