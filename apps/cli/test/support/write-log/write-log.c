/*
 * Write log for power-cut tests (security test plan FT-02), loaded with LD_PRELOAD into the process under test.
 *
 * Every write, truncation, fsync and unlink of a file whose path starts with $CUSTODIA_WRITELOG_PREFIX is recorded,
 * with its bytes and the CLOCK_MONOTONIC time at which the call returned, in $CUSTODIA_WRITELOG. Calls on those files
 * are serialised by one mutex, so the log's order is the order in which the kernel accepted them. A test then rebuilds
 * what a disk could hold after a power cut at any point of the log: everything a completed fsync covered, and any
 * subset of the writes that no fsync covered yet (as dm-log-writes replays a block device between flushes).
 *
 * Record: u32 op, i32 file, i64 offset, u64 length, u64 nanoseconds, then `length` bytes (the path for OPEN, the data
 * for WRITE). The file number is the OPEN record's; an fd closed and reopened gets a new number.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

enum { OP_OPEN = 1, OP_WRITE = 2, OP_SYNC = 3, OP_TRUNCATE = 4, OP_UNLINK = 5 };
#define MAX_FD 65536

struct record { uint32_t op; int32_t file; int64_t offset; uint64_t length; uint64_t ns; };

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int file_of_fd[MAX_FD];
static int next_file = 1;
static int log_fd = -1;
static const char *prefix;
static size_t prefix_length;

static int (*real_open)(const char *, int, ...);
static int (*real_open64)(const char *, int, ...);
static int (*real_openat)(int, const char *, int, ...);
static int (*real_openat64)(int, const char *, int, ...);
static int (*real_close)(int);
static ssize_t (*real_write)(int, const void *, size_t);
static ssize_t (*real_pwrite)(int, const void *, size_t, off_t);
static ssize_t (*real_pwrite64)(int, const void *, size_t, off_t);
static int (*real_fsync)(int);
static int (*real_fdatasync)(int);
static int (*real_ftruncate)(int, off_t);
static int (*real_ftruncate64)(int, off_t);
static int (*real_unlink)(const char *);

__attribute__((constructor)) static void start(void) {
  for (int i = 0; i < MAX_FD; i++) file_of_fd[i] = 0;
  real_open = dlsym(RTLD_NEXT, "open");
  real_open64 = dlsym(RTLD_NEXT, "open64");
  real_openat = dlsym(RTLD_NEXT, "openat");
  real_openat64 = dlsym(RTLD_NEXT, "openat64");
  real_close = dlsym(RTLD_NEXT, "close");
  real_write = dlsym(RTLD_NEXT, "write");
  real_pwrite = dlsym(RTLD_NEXT, "pwrite");
  real_pwrite64 = dlsym(RTLD_NEXT, "pwrite64");
  real_fsync = dlsym(RTLD_NEXT, "fsync");
  real_fdatasync = dlsym(RTLD_NEXT, "fdatasync");
  real_ftruncate = dlsym(RTLD_NEXT, "ftruncate");
  real_ftruncate64 = dlsym(RTLD_NEXT, "ftruncate64");
  real_unlink = dlsym(RTLD_NEXT, "unlink");
  prefix = getenv("CUSTODIA_WRITELOG_PREFIX");
  const char *path = getenv("CUSTODIA_WRITELOG");
  if (!prefix || !path) return;
  prefix_length = strlen(prefix);
  log_fd = (int)syscall(SYS_openat, AT_FDCWD, path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
}

static uint64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

/*
 * One record is one writev on a file opened with O_APPEND, so records of several threads or processes never
 * interleave; the raw system call keeps the log's own writes out of the wrappers below.
 */
static void record(uint32_t op, int file, int64_t offset, const void *data, uint64_t length) {
  struct record r = { op, file, offset, length, now_ns() };
  struct iovec parts[2] = { { &r, sizeof r }, { (void *)data, data ? (size_t)length : 0 } };
  ssize_t n = syscall(SYS_writev, log_fd, parts, 2);
  if (n != (ssize_t)(sizeof r + parts[1].iov_len)) abort();
}

static int watched(const char *path) { return log_fd >= 0 && path && strncmp(path, prefix, prefix_length) == 0; }
static int tracked(int fd) { return log_fd >= 0 && fd >= 0 && fd < MAX_FD && file_of_fd[fd] != 0; }

static void opened(int fd, const char *path, int flags) {
  if (fd < 0 || fd >= MAX_FD || !watched(path)) return;
  int file = next_file++;
  file_of_fd[fd] = file;
  record(OP_OPEN, file, 0, path, strlen(path));
  if (flags & O_TRUNC) record(OP_TRUNCATE, file, 0, NULL, 0);
}

#define OPEN_WRAPPER(name, real)                                              \
  int name(const char *path, int flags, ...) {                                \
    mode_t mode = 0;                                                          \
    if (flags & (O_CREAT | O_TMPFILE)) {                                      \
      va_list a; va_start(a, flags); mode = va_arg(a, mode_t); va_end(a);     \
    }                                                                         \
    if (!watched(path)) return real(path, flags, mode);                       \
    pthread_mutex_lock(&lock);                                                \
    int fd = real(path, flags, mode);                                         \
    opened(fd, path, flags);                                                  \
    pthread_mutex_unlock(&lock);                                              \
    return fd;                                                                \
  }
OPEN_WRAPPER(open, real_open)
OPEN_WRAPPER(open64, real_open64)

#define OPENAT_WRAPPER(name, real)                                            \
  int name(int dir, const char *path, int flags, ...) {                       \
    mode_t mode = 0;                                                          \
    if (flags & (O_CREAT | O_TMPFILE)) {                                      \
      va_list a; va_start(a, flags); mode = va_arg(a, mode_t); va_end(a);     \
    }                                                                         \
    if (!watched(path)) return real(dir, path, flags, mode);                  \
    pthread_mutex_lock(&lock);                                                \
    int fd = real(dir, path, flags, mode);                                    \
    opened(fd, path, flags);                                                  \
    pthread_mutex_unlock(&lock);                                              \
    return fd;                                                                \
  }
OPENAT_WRAPPER(openat, real_openat)
OPENAT_WRAPPER(openat64, real_openat64)

int close(int fd) {
  if (!tracked(fd)) return real_close(fd);
  pthread_mutex_lock(&lock);
  file_of_fd[fd] = 0;
  int r = real_close(fd);
  pthread_mutex_unlock(&lock);
  return r;
}

ssize_t write(int fd, const void *data, size_t length) {
  if (!tracked(fd)) return real_write(fd, data, length);
  pthread_mutex_lock(&lock);
  off_t at = lseek(fd, 0, SEEK_CUR);
  ssize_t n = real_write(fd, data, length);
  if (n > 0) record(OP_WRITE, file_of_fd[fd], at, data, (uint64_t)n);
  pthread_mutex_unlock(&lock);
  return n;
}

#define PWRITE_WRAPPER(name, real)                                            \
  ssize_t name(int fd, const void *data, size_t length, off_t at) {           \
    if (!tracked(fd)) return real(fd, data, length, at);                      \
    pthread_mutex_lock(&lock);                                                \
    ssize_t n = real(fd, data, length, at);                                   \
    if (n > 0) record(OP_WRITE, file_of_fd[fd], at, data, (uint64_t)n);       \
    pthread_mutex_unlock(&lock);                                              \
    return n;                                                                 \
  }
PWRITE_WRAPPER(pwrite, real_pwrite)
PWRITE_WRAPPER(pwrite64, real_pwrite64)

#define SYNC_WRAPPER(name, real)                                              \
  int name(int fd) {                                                          \
    if (!tracked(fd)) return real(fd);                                        \
    pthread_mutex_lock(&lock);                                                \
    int r = real(fd);                                                         \
    if (r == 0) record(OP_SYNC, file_of_fd[fd], 0, NULL, 0);                  \
    pthread_mutex_unlock(&lock);                                              \
    return r;                                                                 \
  }
SYNC_WRAPPER(fsync, real_fsync)
SYNC_WRAPPER(fdatasync, real_fdatasync)

#define TRUNCATE_WRAPPER(name, real)                                          \
  int name(int fd, off_t length) {                                            \
    if (!tracked(fd)) return real(fd, length);                                \
    pthread_mutex_lock(&lock);                                                \
    int r = real(fd, length);                                                 \
    if (r == 0) record(OP_TRUNCATE, file_of_fd[fd], length, NULL, 0);         \
    pthread_mutex_unlock(&lock);                                              \
    return r;                                                                 \
  }
TRUNCATE_WRAPPER(ftruncate, real_ftruncate)
TRUNCATE_WRAPPER(ftruncate64, real_ftruncate64)

int unlink(const char *path) {
  if (!watched(path)) return real_unlink(path);
  pthread_mutex_lock(&lock);
  int r = real_unlink(path);
  if (r == 0) record(OP_UNLINK, 0, 0, path, strlen(path));
  pthread_mutex_unlock(&lock);
  return r;
}
