package unwind

// DWARF expressions in call-frame information, evaluated as libunwind's
// dwarf_eval_expr does (src/dwarf/Gexpr.c).

const (
	maxExprStack = 100   // libunwind's MAX_EXPR_STACK_SIZE
	maxExprSteps = 10000 // bounds loops made with DW_OP_skip and DW_OP_bra
)

// eval runs expr with initial on the stack. It returns the value, or
// with isReg a register number (an expression ending in DW_OP_regN).
func (c *cursor) eval(initial uint64, expr []byte) (val uint64, isReg bool, err error) {
	var stack [maxExprStack]uint64
	tos := 0
	push := func(v uint64) bool {
		if tos >= maxExprStack {
			return false
		}
		stack[tos] = v
		tos++
		return true
	}
	pop := func() (uint64, bool) {
		if tos == 0 {
			return 0, false
		}
		tos--
		return stack[tos], true
	}
	pick := func(n uint64) (uint64, bool) {
		if n >= uint64(tos) {
			return 0, false
		}
		return stack[uint64(tos)-1-n], true
	}
	push(initial)
	r := &reader{b: expr}
	for steps := 0; r.left() > 0; steps++ {
		if steps >= maxExprSteps {
			return 0, false, errBad
		}
		op, _ := r.u8()
		ok := true
		switch {
		case op >= 0x30 && op <= 0x4f: // DW_OP_lit0..31
			ok = push(uint64(op - 0x30))
		case op >= 0x70 && op <= 0x8f: // DW_OP_breg0..31
			off, err := r.sleb()
			if err != nil {
				return 0, false, err
			}
			v, err := c.getReg(uint64(op - 0x70))
			if err != nil {
				return 0, false, err
			}
			ok = push(v + uint64(off))
		case op == 0x92: // DW_OP_bregx
			reg, err := r.uleb()
			if err != nil {
				return 0, false, err
			}
			off, err := r.sleb()
			if err != nil {
				return 0, false, err
			}
			v, err := c.getReg(reg)
			if err != nil {
				return 0, false, err
			}
			ok = push(v + uint64(off))
		case op >= 0x50 && op <= 0x6f: // DW_OP_reg0..31
			return uint64(op - 0x50), true, nil
		case op == 0x90: // DW_OP_regx
			reg, err := r.uleb()
			return reg, err == nil, err
		default:
			var err error
			ok, err = c.evalOp(op, r, push, pop, pick)
			if err != nil {
				return 0, false, err
			}
		}
		if !ok {
			return 0, false, errBad
		}
	}
	v, ok := pop()
	if !ok {
		return 0, false, errBad
	}
	return v, false, nil
}

// evalOp runs the operations that take no register.
func (c *cursor) evalOp(op uint8, r *reader, push func(uint64) bool, pop func() (uint64, bool), pick func(uint64) (uint64, bool)) (bool, error) {
	bin := func(f func(a, b uint64) uint64) bool {
		b, ok1 := pop()
		a, ok2 := pop()
		return ok1 && ok2 && push(f(a, b))
	}
	cmp := func(f func(a, b int64) bool) bool {
		return bin(func(a, b uint64) uint64 {
			if f(int64(a), int64(b)) {
				return 1
			}
			return 0
		})
	}
	switch op {
	case 0x03, 0x0e, 0x0f: // DW_OP_addr, const8u, const8s
		v, err := r.u64()
		return err == nil && push(v), err
	case 0x08: // DW_OP_const1u
		v, err := r.u8()
		return err == nil && push(uint64(v)), err
	case 0x09: // DW_OP_const1s
		v, err := r.u8()
		return err == nil && push(uint64(int64(int8(v)))), err
	case 0x0a: // DW_OP_const2u
		v, err := r.u16()
		return err == nil && push(uint64(v)), err
	case 0x0b: // DW_OP_const2s
		v, err := r.u16()
		return err == nil && push(uint64(int64(int16(v)))), err
	case 0x0c: // DW_OP_const4u
		v, err := r.u32()
		return err == nil && push(uint64(v)), err
	case 0x0d: // DW_OP_const4s
		v, err := r.u32()
		return err == nil && push(uint64(int64(int32(v)))), err
	case 0x10: // DW_OP_constu
		v, err := r.uleb()
		return err == nil && push(v), err
	case 0x11: // DW_OP_consts
		v, err := r.sleb()
		return err == nil && push(uint64(v)), err
	case 0x06: // DW_OP_deref
		a, ok := pop()
		if !ok {
			return false, nil
		}
		v, err := c.mem(a)
		return err == nil && push(v), err
	case 0x94: // DW_OP_deref_size
		n, err := r.u8()
		if err != nil {
			return false, err
		}
		a, ok := pop()
		if !ok || n == 0 || n > 8 {
			return false, nil
		}
		v, err := c.mem(a)
		if err != nil {
			return false, err
		}
		switch {
		case n == 1:
			v &= 0xff
		case n == 2:
			v &= 0xffff
		case n == 3:
			v &= 0xffffff
		case n == 4:
			v &= 0xffffffff
		case n < 8: // as libunwind does it
			v &= ^uint64(0) << (8 * n)
		}
		return push(v), nil
	case 0x12: // DW_OP_dup
		v, ok := pick(0)
		return ok && push(v), nil
	case 0x13: // DW_OP_drop
		_, ok := pop()
		return ok, nil
	case 0x14: // DW_OP_over
		v, ok := pick(1)
		return ok && push(v), nil
	case 0x15: // DW_OP_pick
		n, err := r.u8()
		if err != nil {
			return false, err
		}
		v, ok := pick(uint64(n))
		return ok && push(v), nil
	case 0x16: // DW_OP_swap
		a, ok1 := pop()
		b, ok2 := pop()
		return ok1 && ok2 && push(a) && push(b), nil
	case 0x17: // DW_OP_rot
		a, ok1 := pop()
		b, ok2 := pop()
		d, ok3 := pop()
		return ok1 && ok2 && ok3 && push(a) && push(d) && push(b), nil
	case 0x19: // DW_OP_abs
		a, ok := pop()
		if int64(a) < 0 {
			a = -a
		}
		return ok && push(a), nil
	case 0x1a: // DW_OP_and
		return bin(func(a, b uint64) uint64 { return a & b }), nil
	case 0x1b: // DW_OP_div
		return bin(func(a, b uint64) uint64 {
			if b == 0 {
				return 0
			}
			if int64(b) == -1 {
				return -a
			}
			return uint64(int64(a) / int64(b))
		}), nil
	case 0x1c: // DW_OP_minus
		return bin(func(a, b uint64) uint64 { return a - b }), nil
	case 0x1d: // DW_OP_mod
		return bin(func(a, b uint64) uint64 {
			if b == 0 {
				return 0
			}
			return a % b
		}), nil
	case 0x1e: // DW_OP_mul
		return bin(func(a, b uint64) uint64 { return a * b }), nil
	case 0x1f: // DW_OP_neg
		a, ok := pop()
		return ok && push(-a), nil
	case 0x20: // DW_OP_not
		a, ok := pop()
		return ok && push(^a), nil
	case 0x21: // DW_OP_or
		return bin(func(a, b uint64) uint64 { return a | b }), nil
	case 0x22: // DW_OP_plus
		return bin(func(a, b uint64) uint64 { return a + b }), nil
	case 0x23: // DW_OP_plus_uconst
		n, err := r.uleb()
		if err != nil {
			return false, err
		}
		a, ok := pop()
		return ok && push(a+n), nil
	case 0x24: // DW_OP_shl
		return bin(func(a, b uint64) uint64 { return a << (b & 63) }), nil
	case 0x25: // DW_OP_shr
		return bin(func(a, b uint64) uint64 { return a >> (b & 63) }), nil
	case 0x26: // DW_OP_shra
		return bin(func(a, b uint64) uint64 { return uint64(int64(a) >> (b & 63)) }), nil
	case 0x27: // DW_OP_xor
		return bin(func(a, b uint64) uint64 { return a ^ b }), nil
	case 0x29: // DW_OP_eq
		return cmp(func(a, b int64) bool { return a == b }), nil
	case 0x2a: // DW_OP_ge
		return cmp(func(a, b int64) bool { return a >= b }), nil
	case 0x2b: // DW_OP_gt
		return cmp(func(a, b int64) bool { return a > b }), nil
	case 0x2c: // DW_OP_le
		return cmp(func(a, b int64) bool { return a <= b }), nil
	case 0x2d: // DW_OP_lt
		return cmp(func(a, b int64) bool { return a < b }), nil
	case 0x2e: // DW_OP_ne
		return cmp(func(a, b int64) bool { return a != b }), nil
	case 0x2f, 0x28: // DW_OP_skip, DW_OP_bra
		v, err := r.u16()
		if err != nil {
			return false, err
		}
		if op == 0x28 {
			a, ok := pop()
			if !ok {
				return false, nil
			}
			if a == 0 {
				return true, nil
			}
		}
		to := r.off + int(int16(v))
		if to < 0 || to > len(r.b) {
			return false, errBad
		}
		r.off = to
		return true, nil
	case 0x96: // DW_OP_nop
		return true, nil
	}
	return false, errBad
}
