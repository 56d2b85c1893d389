package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"mytrace/format"
	"mytrace/options"
	"mytrace/record"
)

// versionText is what "mytrace version" and "mytrace --version" print.
func versionText() string {
	return fmt.Sprintf("mytrace -- version %s\ntrace format version %d\n", record.Version, format.Version)
}

func newVersion() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the mytrace version and the trace format version it writes",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			_, err := fmt.Fprint(cmd.OutOrStdout(), versionText())
			return err
		},
	}
}

// examples are each command's help examples, by command path.
var examples = map[string]string{
	"mytrace": `  mytrace ls -la                      trace a command (the trace on stderr)
  mytrace -f -o trace.txt make        follow children, write the trace to a file
  mytrace -e trace=%file -y cat x     only file calls, descriptors with their paths
  mytrace -c -w --latency gzip big    a summary of time per syscall, with percentiles
  mytrace --json -o ls.jsonl ls       one JSON object per event, apart from ls's own output
  mytrace --backend=bpf -f make       no stops: eBPF programs record (root)
  mytrace -- version                  trace a program called "version"`,
	"mytrace record": `  mytrace record -o ls.trace -- ls -la
  mytrace record -f -s 1024 -o build.trace -- make -j4
  mytrace record -e trace=openat,execve -o t.trace -- sh -c 'ls | wc -l'
  mytrace record --backend=bpf -f -o ls.trace -- ls -la   (no stops: eBPF, as root; docs/bpf.md)`,
	"mytrace info": `  mytrace info ls.trace             (backend, command, counts, events lost, bytes per syscall)`,
	"mytrace print": `  mytrace print ls.trace
  mytrace print -tt -T ls.trace                 (times of day and durations)
  mytrace print -e trace=%network -e status=failed ls.trace
  mytrace print --json ls.trace > ls.jsonl      (JSON Lines, docs/json.md)
  mytrace print --color=always ls.trace | less -R`,
	"mytrace stats": `  mytrace stats ls.trace
  mytrace stats -w --latency -S calls ls.trace
  mytrace stats --per-process --top 10 --files build.trace
  mytrace stats --json ls.trace`,
	"mytrace diff": `  mytrace diff good.trace bad.trace
  mytrace diff --stat --ignore SIGALRM a.trace b.trace
  mytrace diff --json a.trace b.trace`,
	"mytrace export": `  mytrace export --format=perfetto -o run.json build.trace   (open it in ui.perfetto.dev)
  mytrace export --min-duration 1ms -o run.json build.trace`,
	"mytrace version": `  mytrace version
  mytrace --version`,
	"mytrace completion bash":       "  source <(mytrace completion bash)",
	"mytrace completion zsh":        "  mytrace completion zsh > \"${fpath[1]}/_mytrace\"",
	"mytrace completion fish":       "  mytrace completion fish | source",
	"mytrace completion powershell": "  mytrace completion powershell | Out-String | Invoke-Expression",
	"mytrace completion": `  mytrace completion bash > /etc/bash_completion.d/mytrace
  mytrace completion zsh > "${fpath[1]}/_mytrace"
  mytrace completion fish > ~/.config/fish/completions/mytrace.fish`,
}

// setupHelp finishes the command tree's help: the completion command,
// shown, and every command's examples (a command that has its own keeps
// them).
func setupHelp(root *cobra.Command) {
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return options.FlagError(c.Flags(), err) })
	cobra.AddTemplateFunc("straceFlagUsages", options.Usages)
	root.SetUsageTemplate(strings.ReplaceAll(strings.ReplaceAll(root.UsageTemplate(),
		".LocalFlags.FlagUsages", "straceFlagUsages .LocalFlags"),
		".InheritedFlags.FlagUsages", "straceFlagUsages .InheritedFlags"))
	root.CompletionOptions.HiddenDefaultCmd = false
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() == "completion" {
			// Runnable, so that cobra refuses an unknown shell
			// ("unknown command \"tcsh\"", status 1) instead of
			// showing help.
			c.RunE = func(cmd *cobra.Command, args []string) error { return cmd.Help() }
		}
	}
	registerCompletions(root)
	root.SetVersionTemplate(versionText())
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Example == "" {
			c.Example = examples[c.CommandPath()]
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// commandLine is a command's synopsis without cobra's "[flags]" marker
// duplicated.
func commandLine(c *cobra.Command) string {
	use := c.UseLine()
	if c.HasAvailableFlags() && !strings.Contains(use, "[flags]") {
		use += " [flags]"
	}
	return use
}
