package record

import (
	"strconv"
	"strings"
)

// User is who a launched command runs as (strace -u): its user and group
// ids and its supplementary groups.
type User struct {
	Uid, Gid uint32
	Groups   []uint32
}

// userEnv carries the command's User to the exec stub.
const userEnv = "MYTRACE_INTERNAL_USER"

// encode is the value of userEnv for u: "UID:GID:G1,G2,...".
func (u *User) encode() string {
	var b strings.Builder
	b.WriteString(strconv.FormatUint(uint64(u.Uid), 10))
	b.WriteByte(':')
	b.WriteString(strconv.FormatUint(uint64(u.Gid), 10))
	b.WriteByte(':')
	for i, g := range u.Groups {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatUint(uint64(g), 10))
	}
	return b.String()
}

// decodeUser parses what encode wrote.
func decodeUser(s string) (*User, bool) {
	f := strings.Split(s, ":")
	if len(f) != 3 {
		return nil, false
	}
	uid, err1 := strconv.ParseUint(f[0], 10, 32)
	gid, err2 := strconv.ParseUint(f[1], 10, 32)
	if err1 != nil || err2 != nil {
		return nil, false
	}
	u := &User{Uid: uint32(uid), Gid: uint32(gid)}
	if f[2] != "" {
		for _, g := range strings.Split(f[2], ",") {
			n, err := strconv.ParseUint(g, 10, 32)
			if err != nil {
				return nil, false
			}
			u.Groups = append(u.Groups, uint32(n))
		}
	}
	return u, true
}
