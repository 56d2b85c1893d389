package main

import "regexp"

// Values of the file and descriptor syscalls that change from run to run:
// free blocks and inodes of the file system (statfs), inode numbers of
// directory entries, file handles (which hold inode numbers), and with -y
// the inode number in the name of an O_TMPFILE file ("/tmp/#1234").
var (
	reFilesStatfs = regexp.MustCompile(`\b(f_bfree|f_bavail|f_ffree)=\d+`)
	reFilesFsid   = regexp.MustCompile(`\bf_fsid=\{val=\[[^\]]*\]\}`)
	reFilesDino   = regexp.MustCompile(`\bd_ino=\d+`)
	reFilesHandle = regexp.MustCompile(`\bf_handle="[^"]*"`)
	reFilesTmpIno = regexp.MustCompile(`/#\d+>\(deleted\)`)
)

func init() {
	extraNormalizers = append(extraNormalizers, func(l string) string {
		l = reFilesStatfs.ReplaceAllString(l, "${1}=N")
		l = reFilesFsid.ReplaceAllString(l, "f_fsid={val=[N, N]}")
		l = reFilesDino.ReplaceAllString(l, "d_ino=N")
		l = reFilesTmpIno.ReplaceAllString(l, "/#N>(deleted)")
		return reFilesHandle.ReplaceAllString(l, `f_handle="H"`)
	})
}
