/*
 * exit0: exits 0 at once, with no C library start-up.  The spawn benchmarks
 * exec it beside `tiny` to measure the spawn alone: a static glibc program's
 * start-up (its CPU feature probing: each cpuid traps to the hypervisor in
 * a VM) costs ~250 µs here, more than the spawn itself.
 */
#if defined(__x86_64__)
__attribute__((naked, noreturn)) void _start(void)
{
    __asm__ volatile("mov $60, %eax\n\txor %edi, %edi\n\tsyscall");
}
#elif defined(__aarch64__)
__attribute__((naked, noreturn)) void _start(void)
{
    __asm__ volatile("mov x8, #93\n\tmov x0, #0\n\tsvc #0");
}
#else
int main(void) { return 0; }
#endif
