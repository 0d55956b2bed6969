// Linux interfaces the prebuilt Glibc module does not export (epoll, signalfd, eventfd,
// timerfd, accept4) and a few helpers that are macros in C. See ../shared/PLATFORM-NOTES.md.
#ifndef FERRY_SHIMS_H
#define FERRY_SHIMS_H

#include <stdint.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/resource.h>
#include <sys/prctl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <netdb.h>

/// accept4(2) needs _GNU_SOURCE, which only the shim's .c file can define.
int ferry_accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags);

/// The calling thread's errno (a macro in C).
int ferry_errno(void);

/// Pins the calling thread to one CPU; returns 0 or an errno value.
int ferry_pin_thread_to_cpu(int cpu);

/// Number of CPUs this process may run on (sched_getaffinity).
int ferry_available_cpus(void);

/// Writes the CPUs of this process's affinity mask into `out` (at most `max`); returns how many.
int ferry_affinity_cpus(int *out, int max);

/// RLIMIT_CORE = 0 and PR_SET_DUMPABLE = 0 (prctl is variadic, so it lives here).
void ferry_disable_core_dumps(void);

/// Names the calling thread (for ps/top); best effort.
void ferry_set_thread_name(const char *name);

#endif
