package bpf

import (
	"fmt"
	"os"
	"strconv"
	"strings"
)

// Config holds what only the bpf backend has.
type Config struct {
	// Buffer is the size of the ring buffer in bytes: a power of two, a
	// multiple of the page size (DefaultBuffer if 0).
	Buffer int
}

// DefaultBuffer is the ring buffer's default size.
const DefaultBuffer = 64 << 20

// Bounds of Config.Buffer.
const (
	MinBuffer = 64 << 10
	MaxBuffer = 1 << 30
)

func (c *Config) check() error {
	if c.Buffer == 0 {
		c.Buffer = DefaultBuffer
	}
	page := os.Getpagesize()
	if c.Buffer < MinBuffer || c.Buffer > MaxBuffer || c.Buffer&(c.Buffer-1) != 0 || c.Buffer%page != 0 {
		return fmt.Errorf("--bpf-buffer %d: want a power of two from %s to %s", c.Buffer, SizeString(MinBuffer), SizeString(MaxBuffer))
	}
	return nil
}

// ParseSize parses a buffer size: a number of bytes, or with a K, M or G
// suffix (KiB, MiB, GiB; "64M", "1g", "65536").
func ParseSize(s string) (int, error) {
	t := strings.TrimSpace(strings.ToUpper(s))
	t = strings.TrimSuffix(strings.TrimSuffix(t, "B"), "I")
	mult := 1
	switch {
	case strings.HasSuffix(t, "K"):
		mult, t = 1<<10, t[:len(t)-1]
	case strings.HasSuffix(t, "M"):
		mult, t = 1<<20, t[:len(t)-1]
	case strings.HasSuffix(t, "G"):
		mult, t = 1<<30, t[:len(t)-1]
	}
	n, err := strconv.Atoi(t)
	if err != nil || n <= 0 || n > MaxBuffer/mult {
		return 0, fmt.Errorf("invalid --bpf-buffer size %q (want bytes, or with K, M or G: 64M)", s)
	}
	return n * mult, nil
}

// SizeString writes a size as ParseSize reads it ("64M").
func SizeString(n int) string {
	switch {
	case n%(1<<30) == 0:
		return strconv.Itoa(n>>30) + "G"
	case n%(1<<20) == 0:
		return strconv.Itoa(n>>20) + "M"
	case n%(1<<10) == 0:
		return strconv.Itoa(n>>10) + "K"
	}
	return strconv.Itoa(n)
}
