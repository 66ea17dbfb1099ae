// Sandbox escapes: every way out of the preopened directory, tried with raw WASI calls on the
// preopen's descriptor (so libc's own path checks cannot hide the host's answer), then through
// libc. Prints each attempt's errno. The harness (scripts/diff_wasi.py, WasmWASITests) runs it
// with --dir SANDBOX::sandbox, where SANDBOX holds inside.txt, sub/, and the symlinks
// host_escape -> ../secret.txt, host_abs -> /etc/passwd, sub/up -> ../../secret.txt,
// sublink -> sub, inlink -> inside.txt, loop1 <-> loop2; secret.txt lies beside SANDBOX.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <wasi/api.h>

static __wasi_fd_t root = 0;

static __wasi_fd_t find_preopen(void) {
    for (__wasi_fd_t fd = 3; fd < 64; fd++) {
        __wasi_prestat_t p;
        if (__wasi_fd_prestat_get(fd, &p) != 0) break;
        char name[64] = {0};
        if (p.u.dir.pr_name_len < sizeof name && __wasi_fd_prestat_dir_name(fd, (uint8_t *)name, p.u.dir.pr_name_len) == 0 &&
            strcmp(name, "sandbox") == 0) return fd;
    }
    return 0;
}

static void open_at(const char *what, __wasi_fd_t dir, const char *path, __wasi_lookupflags_t lookup, __wasi_oflags_t oflags, __wasi_rights_t rights) {
    __wasi_fd_t fd;
    __wasi_errno_t e = __wasi_path_open(dir, lookup, path, oflags, rights, rights, 0, &fd);
    printf("%-44s %s\n", what, e == 0 ? "opened" : strerror(e));
    if (e == 0) (void)__wasi_fd_close(fd);
}

#define READ (__WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_SEEK)
#define WRITE (__WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_SEEK)
#define FOLLOW __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW

static void result(const char *what, __wasi_errno_t e) { printf("%-44s %s\n", what, e == 0 ? "ok" : strerror(e)); }

int main(void) {
    root = find_preopen();
    if (!root) { printf("no preopen named sandbox\n"); return 1; }
    open_at("open ../secret.txt", root, "../secret.txt", FOLLOW, 0, READ);
    open_at("open /etc/passwd", root, "/etc/passwd", FOLLOW, 0, READ);
    open_at("open sub/../../secret.txt", root, "sub/../../secret.txt", FOLLOW, 0, READ);
    open_at("open sub/../inside.txt (inside)", root, "sub/../inside.txt", FOLLOW, 0, READ);
    open_at("open host_escape (-> ../secret.txt)", root, "host_escape", FOLLOW, 0, READ);
    open_at("open host_escape without following", root, "host_escape", 0, 0, READ);
    open_at("open host_abs (-> /etc/passwd)", root, "host_abs", FOLLOW, 0, READ);
    open_at("open sub/up (-> ../../secret.txt)", root, "sub/up", FOLLOW, 0, READ);
    open_at("open sublink/../../secret.txt", root, "sublink/../../secret.txt", FOLLOW, 0, READ);
    open_at("open sublink/../inside.txt (inside)", root, "sublink/../inside.txt", FOLLOW, 0, READ);
    open_at("open inlink (-> inside.txt)", root, "inlink", FOLLOW, 0, READ);
    open_at("open loop1 (loop)", root, "loop1", FOLLOW, 0, READ);
    open_at("create ../created.txt", root, "../created.txt", FOLLOW, __WASI_OFLAGS_CREAT, WRITE);
    open_at("create through host_escape", root, "host_escape", FOLLOW, __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC, WRITE);
    open_at("open .. as a directory", root, "..", FOLLOW, __WASI_OFLAGS_DIRECTORY, READ);
    open_at("open . as a directory (inside)", root, ".", FOLLOW, __WASI_OFLAGS_DIRECTORY, READ);

    // Symlinks the program makes itself.
    result("symlink made_escape -> ../secret.txt", __wasi_path_symlink("../secret.txt", root, "made_escape"));
    open_at("open made_escape", root, "made_escape", FOLLOW, 0, READ);
    result("symlink made_abs -> /etc/passwd", __wasi_path_symlink("/etc/passwd", root, "made_abs"));
    open_at("open made_abs", root, "made_abs", FOLLOW, 0, READ);
    result("symlink ../made_outside -> inside.txt", __wasi_path_symlink("inside.txt", root, "../made_outside"));
    char target[64] = {0};
    __wasi_size_t used = 0;
    __wasi_errno_t e = __wasi_path_readlink(root, "host_escape", (uint8_t *)target, sizeof target - 1, &used);
    printf("%-44s %s %.*s\n", "readlink host_escape", e == 0 ? "ok" : strerror(e), (int)used, target);

    // Everything else that takes a path.
    __wasi_filestat_t st;
    result("filestat ../secret.txt", __wasi_path_filestat_get(root, FOLLOW, "../secret.txt", &st));
    result("filestat host_escape, following", __wasi_path_filestat_get(root, FOLLOW, "host_escape", &st));
    result("filestat host_escape, not following", __wasi_path_filestat_get(root, 0, "host_escape", &st));
    result("mkdir ../newdir", __wasi_path_create_directory(root, "../newdir"));
    result("mkdir sublink/../../newdir", __wasi_path_create_directory(root, "sublink/../../newdir"));
    result("unlink ../secret.txt", __wasi_path_unlink_file(root, "../secret.txt"));
    result("unlink sub/up/../secret.txt", __wasi_path_unlink_file(root, "sub/up/../secret.txt"));
    result("rmdir ..", __wasi_path_remove_directory(root, ".."));
    result("rename inside.txt -> ../moved.txt", __wasi_path_rename(root, "inside.txt", root, "../moved.txt"));
    result("rename ../secret.txt -> stolen.txt", __wasi_path_rename(root, "../secret.txt", root, "stolen.txt"));
    result("link ../secret.txt -> hard.txt", __wasi_path_link(root, 0, "../secret.txt", root, "hard.txt"));
    result("link host_escape (followed) -> hard2.txt", __wasi_path_link(root, FOLLOW, "host_escape", root, "hard2.txt"));
    result("set times of ../secret.txt", __wasi_path_filestat_set_times(root, FOLLOW, "../secret.txt", 0, 0, __WASI_FSTFLAGS_MTIM_NOW));

    // A file descriptor is not a directory to resolve paths from.
    __wasi_fd_t file;
    if (__wasi_path_open(root, 0, "inside.txt", 0, READ, READ, 0, &file) == 0) {
        open_at("open inside.txt/../inside.txt from a file", file, "../inside.txt", FOLLOW, 0, READ);
        (void)__wasi_fd_close(file);
    }

    // Through libc: absolute and relative paths are mapped to preopens by wasi-libc first.
    int fd = open("/sandbox/../secret.txt", O_RDONLY);
    printf("%-44s %s\n", "libc open /sandbox/../secret.txt", fd >= 0 ? "opened" : strerror(errno));
    fd = open("/etc/passwd", O_RDONLY);
    printf("%-44s %s\n", "libc open /etc/passwd", fd >= 0 ? "opened" : strerror(errno));
    fd = open("sandbox/inside.txt", O_RDONLY);
    printf("%-44s %s\n", "libc open sandbox/inside.txt (inside)", fd >= 0 ? "opened" : strerror(errno));
    if (fd >= 0) {
        char buf[64] = {0};
        ssize_t n = read(fd, buf, sizeof buf - 1);
        printf("inside.txt holds %zd bytes: %s", n, buf);
        close(fd);
    }
    return 0;
}
