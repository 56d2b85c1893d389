package decode

// xl pairs a table with the comment strace shows for a value it has no
// name for.
type xl struct {
	tab  *Xlat
	dflt string
}

// Small tables not worth generating.
var (
	xClockNanosleepFlags = &Xlat{Name: "clock_nanosleep_flags", Vals: []XV{{"TIMER_ABSTIME", 1}}}
	xRseqFlags           = &Xlat{Name: "rseq_flags", Vals: []XV{{"RSEQ_FLAG_UNREGISTER", 1}}}
)

// xlats maps the table names used by the syscall table (sysent.Arg.X) to
// tables.
var xlats = map[string]xl{
	"at_flags":              {xAtFlags, "AT_???"},
	"unlinkat_flags":        {xAtFlags, "AT_???"},
	"access_modes":          {xAccessModes, "?_OK"},
	"faccessat_flags":       {xFaccessatFlags, "AT_???"},
	"fcntl_cmds":            {xFcntlcmds, "F_???"},
	"dup3_flags":            {xOpenModeFlags, "O_???"},
	"pipe_flags":            {xOpenModeFlags, "O_???"},
	"rename_flags":          {xRenameFlags, "RENAME_???"},
	"mmap_prot":             {xMmapProt, "PROT_???"},
	"mmap_flags":            {xMmapFlags, "MAP_???"},
	"madvise_cmds":          {xMadviseCmds, "MADV_???"},
	"mremap_flags":          {xMremapFlags, "MREMAP_???"},
	"archvals":              {xArchvals, "ARCH_???"},
	"rseq_flags":            {xRseqFlags, "RSEQ_FLAG_???"},
	"resources":             {xResources, "RLIMIT_???"},
	"getrandom_flags":       {xGetrandomFlags, "GRND_???"},
	"sigprocmaskcmds":       {xSigprocmaskcmds, "SIG_???"},
	"wait4_options":         {xWait4Options, "W???"},
	"clocknames":            {xClocknames, "CLOCK_???"},
	"clock_nanosleep_flags": {xClockNanosleepFlags, "TIMER_???"},
	"addrfams":              {xAddrfams, "AF_???"},
	"socktypes":             {xSocktypes, "SOCK_???"},
	"sock_type_flags":       {xSockTypeFlags, "SOCK_???"},
	"msg_flags":             {xMsgFlags, "MSG_???"},
	"shutdown_modes":        {xShutdownModes, "SHUT_???"},
	"whence":                {xWhenceCodes, "SEEK_???"},
	"statx_mask":            {xStatxMasks, "STATX_???"},
	"at_statx_flags":        {xAtFlags, "AT_???"},
	"open_flags":            {xOpenModeFlags, "O_???"},
}

// addXlats registers a family's tables; a name registered twice is a
// programming error.
func addXlats(m map[string]xl) {
	for n, x := range m {
		if _, dup := xlats[n]; dup {
			panic("decode: two xlat tables named " + n)
		}
		xlats[n] = x
	}
}

// addStructs registers a family's structure decoders.
func addStructs(m map[string]func(d *dec, b []byte) Value) {
	for n, f := range m {
		if _, dup := structs[n]; dup {
			panic("decode: two structure decoders named " + n)
		}
		structs[n] = f
	}
}

func xlatFor(name string) xl {
	x, ok := xlats[name]
	if !ok {
		panic("decode: no xlat table " + name)
	}
	return x
}
