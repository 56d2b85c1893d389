package main

import "regexp"

// Values of the file and descriptor syscalls that change from run to run:
// free blocks and inodes of the file system (statfs), inode numbers of
// directory entries, and file handles (which hold inode numbers).
var (
	reFilesStatfs = regexp.MustCompile(`\b(f_bfree|f_bavail|f_ffree)=\d+`)
	reFilesFsid   = regexp.MustCompile(`\bf_fsid=\{val=\[[^\]]*\]\}`)
	reFilesDino   = regexp.MustCompile(`\bd_ino=\d+`)
	reFilesHandle = regexp.MustCompile(`\bf_handle="[^"]*"`)
)

func init() {
	extraNormalizers = append(extraNormalizers, func(l string) string {
		l = reFilesStatfs.ReplaceAllString(l, "${1}=N")
		l = reFilesFsid.ReplaceAllString(l, "f_fsid={val=[N, N]}")
		l = reFilesDino.ReplaceAllString(l, "d_ino=N")
		return reFilesHandle.ReplaceAllString(l, `f_handle="H"`)
	})
}
