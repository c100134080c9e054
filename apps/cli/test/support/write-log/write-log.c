/*
 * Write log for power-cut tests (security test plan FT-02), loaded with LD_PRELOAD into the process under test.
 *
 * Every write, truncation, fsync, rename and unlink of a file whose path starts with $CUSTODIA_WRITELOG_PREFIX is
 * recorded in $CUSTODIA_WRITELOG, with its bytes and the CLOCK_MONOTONIC times at which the call started and returned.
 * Several processes may log into one file (a PostgreSQL server's backends): each record is one append. A test then
 * rebuilds what a disk could hold after a power cut at any moment of the log: everything a completed fsync covered
 * (the writes that had returned before the fsync began), and any subset of the writes that no fsync covered yet (as
 * dm-log-writes replays a block device between flushes).
 *
 * Fault injection, each while a file exists (the test creates and removes it):
 * - $CUSTODIA_FAULT_SYNC_FILE (security test plan FT-04): every fsync and fdatasync of a watched file fails with EIO
 *   without syncing anything, as a failing disk answers; the failure is not recorded, so the writes it should have
 *   covered stay unsynced in the log.
 * - $CUSTODIA_FAULT_FULL_FILE (FT-03): the disk is full. A write that would extend a watched file past its end, and
 *   posix_fallocate, fail with ENOSPC; writes within the file's size still succeed, as on a real full disk (blocks
 *   already allocated are overwritten in place: SQLite's WAL once grown, PostgreSQL's pre-allocated WAL segments).
 *
 * Record (48 bytes, little-endian): u32 op, u32 zero, i64 file, i64 offset, u64 length, u64 start ns, u64 end ns,
 * then `length` bytes (the path for OPEN, whose offset holds the open flags and UNLINK, the data for WRITE, "old\0new" for RENAME). A file number is
 * the opening process's id and a counter, so children that inherit a descriptor (fork) keep naming the same OPEN.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
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

enum { OP_OPEN = 1, OP_WRITE = 2, OP_SYNC = 3, OP_TRUNCATE = 4, OP_UNLINK = 5, OP_RENAME = 6, OP_ALLOCATE = 7, OP_LINK = 8 };
#define MAX_FD 65536

struct record { uint32_t op; uint32_t zero; int64_t file; int64_t offset; uint64_t length; uint64_t start; uint64_t end; };

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int64_t file_of_fd[MAX_FD];
static int64_t opened_count;
static int log_fd = -1;
/* Copied: PostgreSQL writes its process titles over the memory that held the environment. */
static char prefix[PATH_MAX];
static size_t prefix_length;
static char fault_file[PATH_MAX];
static char full_file[PATH_MAX];

#define REAL(name) static __typeof__(name) *real_##name
REAL(open); REAL(open64); REAL(openat); REAL(openat64); REAL(close); REAL(write); REAL(pwrite); REAL(pwrite64);
REAL(pwritev); REAL(fsync); REAL(fdatasync); REAL(ftruncate); REAL(ftruncate64); REAL(truncate); REAL(unlink);
REAL(rename); REAL(link); REAL(posix_fallocate);

/* Resolved on first use: other libraries' constructors may open or write files before this library's would run. */
static pthread_once_t resolved = PTHREAD_ONCE_INIT;
static void resolve(void) {
#define FIND(name) real_##name = dlsym(RTLD_NEXT, #name)
  FIND(open); FIND(open64); FIND(openat); FIND(openat64); FIND(close); FIND(write); FIND(pwrite); FIND(pwrite64);
  FIND(pwritev); FIND(fsync); FIND(fdatasync); FIND(ftruncate); FIND(ftruncate64); FIND(truncate); FIND(unlink);
  FIND(rename); FIND(link); FIND(posix_fallocate);
  const char *watch = getenv("CUSTODIA_WRITELOG_PREFIX");
  const char *path = getenv("CUSTODIA_WRITELOG");
  if (!watch || !path || strlen(watch) >= sizeof prefix) return;
  strcpy(prefix, watch);
  prefix_length = strlen(prefix);
  const char *fault = getenv("CUSTODIA_FAULT_SYNC_FILE");
  if (fault && strlen(fault) < sizeof fault_file) strcpy(fault_file, fault);
  const char *full = getenv("CUSTODIA_FAULT_FULL_FILE");
  if (full && strlen(full) < sizeof full_file) strcpy(full_file, full);
  log_fd = (int)syscall(SYS_openat, AT_FDCWD, path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
}

static uint64_t now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

/*
 * One record is one writev on a file opened with O_APPEND, so records of several threads or processes never
 * interleave; the raw system call keeps the log's own writes out of the wrappers below.
 */
static void record(uint32_t op, int64_t file, int64_t offset, const struct iovec *data, int parts, uint64_t started) {
  struct record r = { op, 0, file, offset, 0, started, now() };
  struct iovec all[1 + IOV_MAX];
  all[0].iov_base = &r;
  all[0].iov_len = sizeof r;
  for (int i = 0; i < parts; i++) { all[1 + i] = data[i]; r.length += data[i].iov_len; }
  ssize_t n = syscall(SYS_writev, log_fd, all, 1 + parts);
  if (n != (ssize_t)(sizeof r + r.length)) abort();
}

static void record_bytes(uint32_t op, int64_t file, int64_t offset, const void *data, size_t length, uint64_t started) {
  struct iovec part = { (void *)data, length };
  record(op, file, offset, &part, data ? 1 : 0, started);
}

/*
 * The absolute form of `path` when it is watched, else NULL. Relative paths are taken from the working directory
 * (PostgreSQL's server processes work in the data directory and name their files relative to it).
 */
#define PATH_BUFFER (2 * PATH_MAX)
static const char *watched(const char *path, char *buffer) {
  pthread_once(&resolved, resolve);
  if (log_fd < 0 || !path) return NULL;
  const char *absolute = path;
  if (path[0] != '/') {
    if (!getcwd(buffer, PATH_MAX)) return NULL;
    size_t n = strlen(buffer);
    if (n + 1 + strlen(path) + 1 > PATH_BUFFER) return NULL;
    buffer[n] = '/';
    strcpy(buffer + n + 1, path);
    absolute = buffer;
  }
  return strncmp(absolute, prefix, prefix_length) == 0 ? absolute : NULL;
}
static int tracked(int fd) { pthread_once(&resolved, resolve); return log_fd >= 0 && fd >= 0 && fd < MAX_FD && file_of_fd[fd] != 0; }

static void opened(int fd, const char *path, int flags, uint64_t started) {
  if (fd < 0 || fd >= MAX_FD) return;
  int64_t file = ((int64_t)getpid() << 32) | ++opened_count;
  file_of_fd[fd] = file;
  record_bytes(OP_OPEN, file, flags, path, strlen(path), started);
  if (flags & O_TRUNC) record_bytes(OP_TRUNCATE, file, 0, NULL, 0, started);
}

#define OPEN_WRAPPER(name)                                                    \
  int name(const char *path, int flags, ...) {                                \
    mode_t mode = 0;                                                          \
    if (flags & (O_CREAT | O_TMPFILE)) {                                      \
      va_list a; va_start(a, flags); mode = va_arg(a, mode_t); va_end(a);     \
    }                                                                         \
    char buffer[PATH_BUFFER];                                                 \
    const char *absolute = watched(path, buffer);                             \
    if (!absolute) return real_##name(path, flags, mode);                     \
    pthread_mutex_lock(&lock);                                                \
    uint64_t started = now();                                                 \
    int fd = real_##name(path, flags, mode);                                  \
    opened(fd, absolute, flags, started);                                     \
    pthread_mutex_unlock(&lock);                                              \
    return fd;                                                                \
  }
OPEN_WRAPPER(open)
OPEN_WRAPPER(open64)

#define OPENAT_WRAPPER(name)                                                  \
  int name(int dir, const char *path, int flags, ...) {                       \
    mode_t mode = 0;                                                          \
    if (flags & (O_CREAT | O_TMPFILE)) {                                      \
      va_list a; va_start(a, flags); mode = va_arg(a, mode_t); va_end(a);     \
    }                                                                         \
    char buffer[PATH_BUFFER];                                                 \
    const char *absolute = dir == AT_FDCWD ? watched(path, buffer) : path[0] == '/' ? watched(path, buffer) : NULL; \
    if (!absolute) return real_##name(dir, path, flags, mode);                \
    pthread_mutex_lock(&lock);                                                \
    uint64_t started = now();                                                 \
    int fd = real_##name(dir, path, flags, mode);                             \
    opened(fd, absolute, flags, started);                                     \
    pthread_mutex_unlock(&lock);                                              \
    return fd;                                                                \
  }
OPENAT_WRAPPER(openat)
OPENAT_WRAPPER(openat64)

int close(int fd) {
  if (!tracked(fd)) return real_close(fd);
  pthread_mutex_lock(&lock);
  file_of_fd[fd] = 0;
  int r = real_close(fd);
  pthread_mutex_unlock(&lock);
  return r;
}

static int exists(const char *path) { return path[0] && syscall(SYS_faccessat, AT_FDCWD, path, F_OK, 0) == 0; }
static int failing(void) { return exists(fault_file); }

/* Whether a write of `length` bytes at `at` must fail because the disk is full: it would grow the file. */
static int no_space(int fd, off_t at, size_t length) {
  if (!exists(full_file)) return 0;
  struct stat st;
  return fstat(fd, &st) == 0 && (off_t)(at + length) > st.st_size;
}

ssize_t write(int fd, const void *data, size_t length) {
  if (!tracked(fd)) return real_write(fd, data, length);
  pthread_mutex_lock(&lock);
  uint64_t started = now();
  off_t at = lseek(fd, 0, SEEK_CUR);
  if (no_space(fd, at, length)) { pthread_mutex_unlock(&lock); errno = ENOSPC; return -1; }
  ssize_t n = real_write(fd, data, length);
  if (n > 0) record_bytes(OP_WRITE, file_of_fd[fd], at, data, (size_t)n, started);
  pthread_mutex_unlock(&lock);
  return n;
}

#define PWRITE_WRAPPER(name)                                                  \
  ssize_t name(int fd, const void *data, size_t length, off_t at) {           \
    if (!tracked(fd)) return real_##name(fd, data, length, at);               \
    if (no_space(fd, at, length)) { errno = ENOSPC; return -1; }              \
    pthread_mutex_lock(&lock);                                                \
    uint64_t started = now();                                                 \
    ssize_t n = real_##name(fd, data, length, at);                            \
    if (n > 0) record_bytes(OP_WRITE, file_of_fd[fd], at, data, (size_t)n, started); \
    pthread_mutex_unlock(&lock);                                              \
    return n;                                                                 \
  }
PWRITE_WRAPPER(pwrite)
PWRITE_WRAPPER(pwrite64)

ssize_t pwritev(int fd, const struct iovec *parts, int count, off_t at) {
  if (!tracked(fd) || count > IOV_MAX) return real_pwritev(fd, parts, count, at);
  size_t total = 0;
  for (int i = 0; i < count; i++) total += parts[i].iov_len;
  if (no_space(fd, at, total)) { errno = ENOSPC; return -1; }
  pthread_mutex_lock(&lock);
  uint64_t started = now();
  ssize_t n = real_pwritev(fd, parts, count, at);
  if (n > 0) {
    // Only the bytes written: a short write ends part-way through the parts.
    struct iovec done[IOV_MAX];
    int used = 0;
    for (size_t left = (size_t)n; used < count && left > 0; used++) {
      done[used] = parts[used];
      if (done[used].iov_len > left) done[used].iov_len = left;
      left -= done[used].iov_len;
    }
    record(OP_WRITE, file_of_fd[fd], at, done, used, started);
  }
  pthread_mutex_unlock(&lock);
  return n;
}

#define SYNC_WRAPPER(name)                                                    \
  int name(int fd) {                                                          \
    if (!tracked(fd)) return real_##name(fd);                                 \
    if (failing()) { errno = EIO; return -1; }                                \
    pthread_mutex_lock(&lock);                                                \
    uint64_t started = now();                                                 \
    int r = real_##name(fd);                                                  \
    if (r == 0) record_bytes(OP_SYNC, file_of_fd[fd], 0, NULL, 0, started);   \
    pthread_mutex_unlock(&lock);                                              \
    return r;                                                                 \
  }
SYNC_WRAPPER(fsync)
SYNC_WRAPPER(fdatasync)

#define FTRUNCATE_WRAPPER(name)                                               \
  int name(int fd, off_t length) {                                            \
    if (!tracked(fd)) return real_##name(fd, length);                         \
    pthread_mutex_lock(&lock);                                                \
    uint64_t started = now();                                                 \
    int r = real_##name(fd, length);                                          \
    if (r == 0) record_bytes(OP_TRUNCATE, file_of_fd[fd], length, NULL, 0, started); \
    pthread_mutex_unlock(&lock);                                              \
    return r;                                                                 \
  }
FTRUNCATE_WRAPPER(ftruncate)
FTRUNCATE_WRAPPER(ftruncate64)

int posix_fallocate(int fd, off_t at, off_t length) {
  if (!tracked(fd)) return real_posix_fallocate(fd, at, length);
  if (no_space(fd, at, (size_t)length)) return ENOSPC;
  pthread_mutex_lock(&lock);
  uint64_t started = now();
  int r = real_posix_fallocate(fd, at, length);
  if (r == 0) record_bytes(OP_ALLOCATE, file_of_fd[fd], at + length, NULL, 0, started);
  pthread_mutex_unlock(&lock);
  return r;
}

/* Calls by path: a truncation is recorded as an OPEN of the path followed by the truncation. */
int truncate(const char *path, off_t length) {
  char buffer[PATH_BUFFER];
  const char *absolute = watched(path, buffer);
  if (!absolute) return real_truncate(path, length);
  pthread_mutex_lock(&lock);
  uint64_t started = now();
  int r = real_truncate(path, length);
  if (r == 0) {
    int64_t file = ((int64_t)getpid() << 32) | ++opened_count;
    record_bytes(OP_OPEN, file, 0, absolute, strlen(absolute), started);
    record_bytes(OP_TRUNCATE, file, length, NULL, 0, started);
  }
  pthread_mutex_unlock(&lock);
  return r;
}

int unlink(const char *path) {
  char buffer[PATH_BUFFER];
  const char *absolute = watched(path, buffer);
  if (!absolute) return real_unlink(path);
  pthread_mutex_lock(&lock);
  uint64_t started = now();
  int r = real_unlink(path);
  if (r == 0) record_bytes(OP_UNLINK, 0, 0, absolute, strlen(absolute), started);
  pthread_mutex_unlock(&lock);
  return r;
}

#define TWO_PATH_WRAPPER(name, op)                                            \
  int name(const char *from, const char *to) {                                \
    char from_buffer[PATH_BUFFER], to_buffer[PATH_BUFFER];                    \
    const char *old = watched(from, from_buffer), *new = watched(to, to_buffer); \
    if (!old && !new) return real_##name(from, to);                           \
    pthread_mutex_lock(&lock);                                                \
    uint64_t started = now();                                                 \
    int r = real_##name(from, to);                                            \
    if (r == 0) {                                                             \
      if (!old) old = from;                                                   \
      if (!new) new = to;                                                     \
      struct iovec parts[2] = { { (void *)old, strlen(old) + 1 }, { (void *)new, strlen(new) } }; \
      record(op, 0, 0, parts, 2, started);                                    \
    }                                                                         \
    pthread_mutex_unlock(&lock);                                              \
    return r;                                                                 \
  }
TWO_PATH_WRAPPER(rename, OP_RENAME)
TWO_PATH_WRAPPER(link, OP_LINK)
