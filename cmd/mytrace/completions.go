package main

import (
	"strings"

	"github.com/spf13/cobra"

	"mytrace/options"
)

// registerCompletions gives the shells the values of the options that
// take words (-e and its qualifiers, -X, --color, the precisions...), for
// every command that has them (options.Completions).
func registerCompletions(root *cobra.Command) {
	cmds := append([]*cobra.Command{root}, root.Commands()...)
	for _, c := range cmds {
		for _, name := range []string{"expr", "-e", "trace", "abbrev", "verbose", "raw", "signals", "status", "quiet",
			"decode-fds", "decode-pids", "kvm", "const-print-style", "-X", "strings-in-hex", "relative-timestamps",
			"syscall-times", "absolute-timestamps", "summary-sort-by", "-S", "summary-columns", "-U", "tips", "color",
			"daemonize", "detach-on", "-b", "interruptible", "-I", "time-unit"} {
			f := c.Flags().Lookup(name)
			if f == nil {
				continue
			}
			option := strings.TrimPrefix(name, "-")
			c.RegisterFlagCompletionFunc(name, func(_ *cobra.Command, _ []string, typed string) ([]string, cobra.ShellCompDirective) {
				words := options.Completions(option, typed)
				if option == "color" {
					words = []string{"auto", "always", "never"}
				}
				var out []string
				for _, w := range words {
					if strings.HasPrefix(w, typed) {
						out = append(out, w)
					}
				}
				return out, cobra.ShellCompDirectiveNoSpace | cobra.ShellCompDirectiveNoFileComp
			})
		}
	}
}
