package main

import (
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"mytrace/options"
	"mytrace/record"
)

// manPage renders the command tree as one roff manual page, mytrace(1):
// the root command, then a section per command with its synopsis,
// description, options and examples. docs/mytrace.1 is this text, kept in
// sync by TestManPage (go test ./cmd/mytrace -run TestManPage -update
// rewrites it).
func manPage(root *cobra.Command) string {
	var b strings.Builder
	b.WriteString(`.\" Generated from the mytrace command tree by cmd/mytrace/manpage.go; do not edit.` + "\n")
	b.WriteString(".TH MYTRACE 1 \"\" \"mytrace " + roff(record.Version) + "\" \"User Commands\"\n")
	b.WriteString(".SH NAME\nmytrace \\- " + roff(lowerFirst(root.Short)) + "\n")
	b.WriteString(".SH SYNOPSIS\n")
	cmds := manCommands(root)
	for i, c := range cmds {
		if i > 0 {
			b.WriteString(".br\n")
		}
		b.WriteString(synopsis(c))
	}
	b.WriteString(".SH DESCRIPTION\n")
	text(&b, root.Long)
	if root.HasAvailableLocalFlags() {
		b.WriteString(".SH OPTIONS\n")
		manOptions(&b, root.LocalFlags())
	}
	if root.Example != "" {
		b.WriteString(".SH EXAMPLES\n")
		preformatted(&b, root.Example)
	}
	b.WriteString(".SH COMMANDS\n")
	for _, c := range cmds[1:] {
		b.WriteString(".SS \"" + roff(c.CommandPath()) + "\"\n")
		b.WriteString(synopsis(c))
		b.WriteString(".PP\n")
		long := c.Long
		if long == "" {
			long = c.Short + "."
		}
		text(&b, long)
		if c.HasAvailableLocalFlags() {
			b.WriteString(".PP\nOptions:\n")
			manOptions(&b, c.LocalFlags())
		}
		if c.Example != "" {
			b.WriteString(".PP\nExamples:\n")
			preformatted(&b, c.Example)
		}
	}
	b.WriteString(`.SH ENVIRONMENT
.TP
.B NO_COLOR
When set to a non-empty value, text is not colored unless \fB\-\-color=always\fR is given.
.TP
.B TERM
When unset or \fBdumb\fR, \fB\-\-color=auto\fR does not color.
.TP
.B MYTRACE_PROGRESS
\fBnever\fR: no progress line while a recording is read; \fBalways\fR: show it at once, even when stderr is not a terminal.
By default progress appears on stderr when it is a terminal and reading takes more than half a second; \fBprint\fR and \fBexport\fR show none when their own output goes to a terminal.
.SH EXIT STATUS
Live tracing and \fBrecord\fR exit with the traced command's status (128+N when signal N killed it).
The other commands exit with 0 on success and 1 on failure; \fBdiff\fR exits with 0 when the traces are the same, 1 when they differ, 2 on trouble.
.SH FILES
The trace file format is described in docs/format.md, the JSON output in docs/json.md, the timeline export in docs/export.md.
.SH SEE ALSO
.BR strace (1),
.BR ptrace (2)
`)
	return b.String()
}

// manCommands lists the root and every available command below it,
// depth first, leaving out cobra's help command.
func manCommands(root *cobra.Command) []*cobra.Command {
	out := []*cobra.Command{root}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, sub := range c.Commands() {
			if !sub.IsAvailableCommand() || sub.Name() == "help" {
				continue
			}
			out = append(out, sub)
			walk(sub)
		}
	}
	walk(root)
	return out
}

// synopsis is a command's usage line: its path in bold, the rest as is.
func synopsis(c *cobra.Command) string {
	line := commandLine(c)
	path := c.CommandPath()
	rest := strings.TrimSpace(strings.TrimPrefix(line, path))
	s := ".B " + roff(path) + "\n"
	if rest != "" {
		s += roff(rest) + "\n"
	}
	return s
}

// options lists flags as tagged paragraphs, with their defaults as the
// help shows them.
func manOptions(b *strings.Builder, fs *pflag.FlagSet) {
	options.ForDisplay(fs).VisitAll(func(f *pflag.Flag) {
		if f.Hidden || f.Name == "help" {
			return
		}
		varname, usage := pflag.UnquoteUsage(f)
		tag := ""
		if f.Shorthand != "" {
			tag = "\\fB\\-" + roff(f.Shorthand) + "\\fR, "
		}
		tag += "\\fB\\-\\-" + roff(f.Name) + "\\fR"
		if varname != "" && f.Value.Type() != "count" {
			tag += " \\fI" + roff(varname) + "\\fR"
		}
		if f.NoOptDefVal != "" && f.NoOptDefVal != "true" && f.Value.Type() == "bool" {
			tag += "[=\\fI" + roff(f.NoOptDefVal) + "\\fR]"
		}
		switch f.DefValue {
		case "", "0", "false", "[]", "0s":
		default:
			usage += " (default " + f.DefValue + ")"
		}
		b.WriteString(".TP\n" + tag + "\n" + roffLine(usage) + "\n")
	})
}

// text writes a description: paragraphs separated by blank lines, and
// indented lines kept as they are.
func text(b *strings.Builder, s string) {
	paras := strings.Split(strings.TrimSpace(s), "\n\n")
	for i, p := range paras {
		if i > 0 {
			b.WriteString(".PP\n")
		}
		lines := strings.Split(p, "\n")
		indented := false
		for _, l := range lines {
			if strings.HasPrefix(l, " ") {
				indented = true
			}
		}
		if indented {
			preformatted(b, p)
			continue
		}
		for _, l := range lines {
			b.WriteString(roffLine(strings.TrimSpace(l)) + "\n")
		}
	}
}

// preformatted writes lines as they are, in a no-fill block.
func preformatted(b *strings.Builder, s string) {
	b.WriteString(".PP\n.nf\n.RS 2\n")
	for _, l := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		b.WriteString(roffLine(strings.TrimPrefix(l, "  ")) + "\n")
	}
	b.WriteString(".RE\n.fi\n")
}

// roff escapes text for roff: backslashes, and hyphens as \-.
func roff(s string) string {
	s = strings.ReplaceAll(s, `\`, `\e`)
	return strings.ReplaceAll(s, "-", `\-`)
}

// roffLine escapes a line of text, protecting a leading period or
// apostrophe that roff would take for a request.
func roffLine(s string) string {
	s = roff(s)
	if strings.HasPrefix(s, ".") || strings.HasPrefix(s, "'") {
		s = `\&` + s
	}
	return s
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
