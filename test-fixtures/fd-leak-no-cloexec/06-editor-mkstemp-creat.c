/*
 * fd-leak-no-cloexec, bug. An editor formats the buffer with an external
 * formatter: it writes the buffer to a temporary file made with mkstemp(),
 * keeps that descriptor open to read the result back, writes a backup with
 * creat(), and runs the formatter with fork() + execvp() on the temp file's
 * name. mkstemp() and creat() both return descriptors without
 * close-on-exec, so the formatter - and any language server it starts in
 * the background - inherits the editor's temp file and backup file. Both
 * calls are flagged: mkostemp(tmpl, O_CLOEXEC) and open(..., O_CREAT |
 * O_WRONLY | O_TRUNC | O_CLOEXEC) are the fixes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static int format_buffer(char *buf, size_t len, size_t cap, const char *backup)
{
    char tmpl[] = "/tmp/edit-fmt-XXXXXX";
    int status;
    ssize_t n;
    pid_t pid;
    int tmp = mkstemp(tmpl); /* expect: fd-leak-no-cloexec */
    int bak = creat(backup, 0644); /* expect: fd-leak-no-cloexec */

    if (tmp < 0 || bak < 0)
        return -1;
    if (write(tmp, buf, len) != (ssize_t)len || write(bak, buf, len) != (ssize_t)len)
        return -1;
    close(bak);
    pid = fork();
    if (pid == 0) {
        execlp("clang-format", "clang-format", "-i", tmpl, (char *)NULL);
        _exit(127);
    }
    if (pid < 0 || waitpid(pid, &status, 0) < 0)
        return -1;
    lseek(tmp, 0, SEEK_SET);
    n = read(tmp, buf, cap);
    close(tmp);
    unlink(tmpl);
    return n < 0 ? -1 : (int)n;
}

int main(void)
{
    char buf[4096] = "int main(){return 0;}\n";
    int n = format_buffer(buf, strlen(buf), sizeof buf - 1, "/tmp/edit-buffer.bak");

    if (n < 0)
        return 1;
    fwrite(buf, 1, (size_t)n, stdout);
    return 0;
}
