package decode

import (
	"mytrace/sysent"
	"mytrace/tables"
)

// KVM ioctls, as strace 6.1's kvm.c and linux/x86_64/arch_kvm.c show
// them, and with -e kvm=vcpu the exit reason of KVM_RUN, which the
// recorder read from the vCPU's kvm_run structure (format.Event.KVMExit).

// kvmIoctl decodes a KVM ioctl's argument and result, reporting whether it
// knew the request.
func (d *dec) kvmIoctl(code uint32, arg uint64) bool {
	switch code {
	case sysent.KVM_CREATE_VM:
		d.retFmt = retFd
		return false // the argument as the generic code shows it
	case sysent.KVM_CREATE_VCPU:
		d.add("arg", Uint(uint32(arg)))
		d.retFmt = retFd
	case sysent.KVM_CHECK_EXTENSION:
		d.add("arg", enumOf(tables.KvmCap, arg, "KVM_CAP_???"))
	case sysent.KVM_SET_USER_MEMORY_REGION:
		d.add("arg", d.structIn(arg, sysent.SizeKvmMemoryRegion, func(b []byte) Value {
			return &Struct{Fields: []Field{
				{"slot", Uint(le32(b))},
				{"flags", flagsOf(tables.KvmMemFlags, uint64(le32(b[4:])), "KVM_MEM_???")},
				{"guest_phys_addr", Hex(le64(b[8:]))},
				{"memory_size", Uint(le64(b[16:]))},
				{"userspace_addr", Hex(le64(b[24:]))},
			}}
		}))
	case sysent.KVM_GET_REGS:
		d.split()
		d.add("arg", d.structOut(arg, sysent.SizeKvmRegs, d.kvmRegs))
	case sysent.KVM_SET_REGS:
		d.add("arg", d.structIn(arg, sysent.SizeKvmRegs, d.kvmRegs))
	case sysent.KVM_GET_SREGS:
		d.split()
		d.add("arg", d.structOut(arg, sysent.SizeKvmSregs, d.kvmSregs))
	case sysent.KVM_SET_SREGS:
		d.add("arg", d.structIn(arg, sysent.SizeKvmSregs, d.kvmSregs))
	case sysent.KVM_SET_CPUID2:
		d.add("arg", d.structIn(arg, sysent.SizeKvmCpuid2, func(b []byte) Value { return d.kvmCpuid2(d.in, arg, b) }))
	case sysent.KVM_GET_SUPPORTED_CPUID, sysent.KVM_GET_EMULATED_CPUID:
		d.split()
		d.add("arg", d.structOut(arg, sysent.SizeKvmCpuid2, func(b []byte) Value { return d.kvmCpuid2(d.out, arg, b) }))
	case sysent.KVM_RUN:
		if d.ok() && d.o.KVM && d.kvmExit != 0 {
			if n, ok := tables.KvmExitReason.Lookup(uint64(d.kvmExit - 1)); ok {
				d.c.Ret.Aux = n
			} else {
				d.c.Ret.Aux = "KVM_EXIT_???"
			}
		}
		return false
	default:
		return false
	}
	return true
}

// kvmRegs is a struct kvm_regs: rax, rsp, rbp, rip and rflags, and the
// other registers with -v.
func (d *dec) kvmRegs(b []byte) Value {
	r := func(i int) Value { return Hex(le64(b[8*i:])) }
	s := &Struct{Fields: []Field{{"rax", r(0)}}}
	more := func(names []string, from int) {
		if !d.o.Verbose {
			s.Fields = append(s.Fields, Field{"", Sym("...")})
			return
		}
		for i, n := range names {
			s.Fields = append(s.Fields, Field{n, r(from + i)})
		}
	}
	more([]string{"rbx", "rcx", "rdx", "rsi", "rdi"}, 1)
	s.Fields = append(s.Fields, Field{"rsp", r(6)}, Field{"rbp", r(7)})
	more([]string{"r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"}, 8)
	s.Fields = append(s.Fields, Field{"rip", r(16)}, Field{"rflags", r(17)})
	return s
}

// kvmSregs is a struct kvm_sregs: cs, and the rest with -v.
func (d *dec) kvmSregs(b []byte) Value {
	seg := func(o int) Value {
		return &Struct{Fields: []Field{
			{"base", Hex(le64(b[o:]))},
			{"limit", Uint(le32(b[o+8:]))},
			{"selector", Uint(uint64(b[o+12]) | uint64(b[o+13])<<8)},
			{"type", Uint(b[o+14])},
			{"present", Uint(b[o+15])},
			{"dpl", Uint(b[o+16])},
			{"db", Uint(b[o+17])},
			{"s", Uint(b[o+18])},
			{"l", Uint(b[o+19])},
			{"g", Uint(b[o+20])},
			{"avl", Uint(b[o+21])},
		}}
	}
	s := &Struct{Fields: []Field{{"cs", seg(0)}}}
	if !d.o.Verbose {
		s.More = true
		return s
	}
	for i, n := range []string{"ds", "es", "fs", "gs", "ss", "tr", "ldt"} {
		s.Fields = append(s.Fields, Field{n, seg(24 * (i + 1))})
	}
	dt := func(o int) Value {
		return &Struct{Fields: []Field{{"base", Hex(le64(b[o:]))}, {"limit", Uint(uint64(b[o+8]) | uint64(b[o+9])<<8)}}}
	}
	s.Fields = append(s.Fields, Field{"gdt", dt(192)}, Field{"idt", dt(208)})
	for i, n := range []string{"cr0", "cr2", "cr3", "cr4", "cr8", "efer"} {
		s.Fields = append(s.Fields, Field{n, Uint(le64(b[224+8*i:]))})
	}
	s.Fields = append(s.Fields, Field{"apic_base", Hex(le64(b[272:]))})
	bitmap := &Array{}
	for i := 0; i < 4; i++ {
		bitmap.Elems = append(bitmap.Elems, Hex(le64(b[280+8*i:])))
	}
	s.Fields = append(s.Fields, Field{"interrupt_bitmap", bitmap})
	return s
}

// kvmCpuid2 is a struct kvm_cpuid2: nent, and its entries with -v (from
// m, the memory of the stop that read them).
func (d *dec) kvmCpuid2(m Mem, addr uint64, b []byte) Value {
	nent := le32(b)
	s := &Struct{Fields: []Field{{"nent", Uint(nent)}}}
	if !d.o.Verbose {
		s.Fields = append(s.Fields, Field{"entries", &Array{More: nent != 0}})
		return s
	}
	s.Fields = append(s.Fields, Field{"entries", d.array(m, addr+sysent.SizeKvmCpuid2, uint64(nent), sysent.SizeKvmCpuidEntry2, func(e []byte) Value {
		return &Struct{Fields: []Field{
			{"function", Hex(le32(e))},
			{"index", Hex(le32(e[4:]))},
			{"flags", flagsOf(tables.KvmCpuidFlags, uint64(le32(e[8:])), "KVM_CPUID_FLAG_???")},
			{"eax", Hex(le32(e[12:]))},
			{"ebx", Hex(le32(e[16:]))},
			{"ecx", Hex(le32(e[20:]))},
			{"edx", Hex(le32(e[24:]))},
		}}
	})})
	return s
}
