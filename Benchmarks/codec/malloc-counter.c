// Counts allocations for the codec benchmark; loaded with LD_PRELOAD so the Swift side needs
// no hooks. Forwards to glibc's internal entry points.
#include <stddef.h>
extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
unsigned long ferry_malloc_count = 0;
void *malloc(size_t n) { ferry_malloc_count++; return __libc_malloc(n); }
void *calloc(size_t a, size_t b) { ferry_malloc_count++; return __libc_calloc(a, b); }
void *realloc(void *p, size_t n) { ferry_malloc_count++; return __libc_realloc(p, n); }
