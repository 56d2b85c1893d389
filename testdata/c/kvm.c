// kvm: a tiny KVM guest (real mode: an out to port 0x3f8, a write to
// unbacked memory, hlt), so that each KVM_RUN exits for a reason of its
// own, which strace -e kvm=vcpu shows after the result (KVM_EXIT_IO,
// KVM_EXIT_MMIO, KVM_EXIT_HLT); the VM and vCPU ioctls are decoded as
// strace decodes them.
//mytrace-needs: kvm
//mytrace-test: -e trace=ioctl
//mytrace-test: -e kvm=vcpu -e trace=ioctl
//mytrace-test: -e kvm=vcpu -v -y
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void) {
	/* mov dx, 0x3f8; mov al, 'A'; out dx, al; mov [0x8000], al; hlt */
	static const uint8_t code[] = {0xba, 0xf8, 0x03, 0xb0, 'A', 0xee, 0xa2, 0x00, 0x80, 0xf4};
	int kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm < 0)
		return 77;
	ioctl(kvm, KVM_GET_API_VERSION, 0);
	ioctl(kvm, KVM_CHECK_EXTENSION, KVM_CAP_USER_MEMORY);
	ioctl(kvm, KVM_CHECK_EXTENSION, 100000);
	int vm = ioctl(kvm, KVM_CREATE_VM, 0);
	uint8_t *mem = mmap(NULL, 0x1000, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	memcpy(mem, code, sizeof code);
	struct kvm_userspace_memory_region region = {
		.slot = 0, .flags = KVM_MEM_LOG_DIRTY_PAGES, .guest_phys_addr = 0x1000,
		.memory_size = 0x1000, .userspace_addr = (uint64_t)mem};
	ioctl(vm, KVM_SET_USER_MEMORY_REGION, &region);
	int vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
	int size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	struct kvm_run *run = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
	struct kvm_sregs sregs;
	ioctl(vcpu, KVM_GET_SREGS, &sregs);
	sregs.cs.base = 0;
	sregs.cs.selector = 0;
	ioctl(vcpu, KVM_SET_SREGS, &sregs);
	struct kvm_regs regs = {.rip = 0x1000, .rflags = 2, .rbx = 0x1234};
	ioctl(vcpu, KVM_SET_REGS, &regs);
	ioctl(vcpu, KVM_GET_REGS, &regs);
	for (int i = 0; i < 10; i++) {
		ioctl(vcpu, KVM_RUN, 0);
		if (run->exit_reason == KVM_EXIT_HLT)
			break;
		if (run->exit_reason != KVM_EXIT_IO && run->exit_reason != KVM_EXIT_MMIO)
			return 1;
	}
	ioctl(vm, KVM_RUN, 0); /* not a vCPU: fails, no exit reason */
	return 0;
}
