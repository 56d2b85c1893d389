package sysent

// What a recording made without -v keeps of the structures strace
// abbreviates. strace shows a directory listing as a count of entries and
// a struct stat as st_mode and st_size (or st_rdev) without -v; a
// recording made without -v keeps those bytes and zeroes the rest, so
// that the bytes nobody will see (directory entries' inodes, hashed
// offsets and names; inode numbers and times of every stat) cost nothing
// once compressed. The layout stays as the kernel wrote it, so the
// abbreviated decoding reads the same offsets either way; the header's
// Verbose field says which a recording holds, and printers show a
// recording made without -v abbreviated even when asked for -v.

// abbrevStructs keep, for each structure (StructOut's name), the byte
// ranges its abbreviated decoding reads.
var abbrevStructs = map[string][][2]int{
	// struct stat: st_mode, st_rdev, st_size.
	"stat": {{24, 28}, {40, 56}},
	// struct statx: stx_mask, stx_attributes, stx_mode, stx_size.
	"statx": {{0, 4}, {8, 16}, {28, 30}, {40, 48}},
}

// abbrevStruct zeroes the bytes of structure name that its abbreviated
// decoding does not read.
func abbrevStruct(name string, b []byte) {
	keep, ok := abbrevStructs[name]
	if !ok {
		return
	}
	at := 0
	for _, r := range keep {
		clear(b[min(at, len(b)):min(r[0], len(b))])
		at = r[1]
	}
	clear(b[min(at, len(b)):])
}

// AbbrevDirents reduces a getdents buffer to what its abbreviated
// decoding shows (hdr: the offset of d_name, 19 for struct
// linux_dirent64 and 18 for struct linux_dirent): how many records it
// holds, and notes on bad record lengths. Records as the kernel writes
// them (each at least 24 bytes, the last ending the buffer) become as
// many 24-byte records of zeroes, the last taking what is left: the
// same count, with nothing of the names' lengths left to compress. Any
// other buffer keeps each record's d_reclen as the decoder follows them,
// and zeroes the rest.
func AbbrevDirents(b []byte, hdr int) {
	const minRec = 24
	count, off := 0, 0
	for len(b)-off >= hdr {
		reclen := int(b[off+16]) | int(b[off+17])<<8
		if reclen < minRec || reclen > len(b)-off {
			count = -1
			break
		}
		count++
		off += reclen
	}
	if count > 0 && off == len(b) && len(b)-minRec*(count-1) <= 0xffff {
		clear(b)
		for i := 0; i < count; i++ {
			reclen := minRec
			if i == count-1 {
				reclen = len(b) - minRec*i
			}
			b[minRec*i+16], b[minRec*i+17] = byte(reclen), byte(reclen>>8)
		}
		return
	}
	off = 0
	for len(b)-off >= hdr {
		reclen := int(b[off+16]) | int(b[off+17])<<8
		clear(b[off : off+16])
		if reclen < hdr || reclen > len(b)-off {
			clear(b[off+18:])
			return
		}
		clear(b[off+18 : off+reclen])
		off += reclen
	}
	clear(b[off:])
}
