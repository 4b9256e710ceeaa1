#include <unistd.h>
#include <stdarg.h>
#define ATTRIB_NORETURN __attribute__((noreturn))
extern void (*_dx)(int, const char *, va_list) ATTRIB_NORETURN;
void dx(const char *f, ...) ATTRIB_NORETURN;
void dx(const char *f, ...) {
	va_list p;
	va_start(p, f);
	_dx(1, f, p);
	va_end(p);
}
static void run(char **argv) { execv(argv[0], argv); }
static void child(char **argv) { run(argv); dx("child failed"); }
int spawn(char **argv) {
	pid_t pid = vfork();
	if (pid == 0) {
		child(argv);
	}
	return pid;
}
