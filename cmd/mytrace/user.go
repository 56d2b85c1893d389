package main

import (
	"errors"
	"fmt"
	"os"
	"os/user"
	"strconv"

	"mytrace/record"
)

// lookupUser resolves -u USERNAME as strace does: only root may use it,
// and the user must exist. The groups are those initgroups gives: the
// user's own group, then every group that lists the user as a member.
func lookupUser(name string) (*record.User, error) {
	if os.Getuid() != 0 || os.Geteuid() != 0 {
		return nil, errors.New("You must be root to use the -u/--username option")
	}
	u, err := user.Lookup(name)
	if err != nil {
		return nil, fmt.Errorf("Cannot find user '%s'", name)
	}
	uid, err1 := strconv.ParseUint(u.Uid, 10, 32)
	gid, err2 := strconv.ParseUint(u.Gid, 10, 32)
	if err1 != nil || err2 != nil {
		return nil, fmt.Errorf("Cannot find user '%s'", name)
	}
	r := &record.User{Uid: uint32(uid), Gid: uint32(gid), Groups: []uint32{uint32(gid)}}
	if ids, err := u.GroupIds(); err == nil {
		for _, s := range ids {
			g, err := strconv.ParseUint(s, 10, 32)
			if err != nil || uint32(g) == r.Gid {
				continue
			}
			r.Groups = append(r.Groups, uint32(g))
		}
	}
	return r, nil
}
