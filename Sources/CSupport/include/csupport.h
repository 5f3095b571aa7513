// libc functions that Swift's Glibc module does not export (GNU extensions).
#ifndef WIKICHIME_CSUPPORT_H
#define WIKICHIME_CSUPPORT_H
#include <stddef.h>

/// glibc's memmem (vectorised two-way search), hidden from Swift behind _GNU_SOURCE.
const void *wc_memmem(const void *haystack, size_t haystack_len, const void *needle, size_t needle_len);

#endif
