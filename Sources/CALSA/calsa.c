#include <stdarg.h>
#include <stdio.h>
#include "calsa.h"

static wc_alsa_log_fn wc_alsa_log;

static void wc_alsa_error_handler(const char *file, int line, const char *function, int err, const char *fmt, ...) {
    (void)file;
    (void)line;
    char message[512];
    va_list args;
    va_start(args, fmt);
    vsnprintf(message, sizeof message, fmt, args);
    va_end(args);
    wc_alsa_log_fn log = wc_alsa_log;
    if (log) log(function ? function : "", err, message);
}

void wc_alsa_set_log(wc_alsa_log_fn fn) {
    wc_alsa_log = fn;
    snd_lib_error_set_handler(fn ? wc_alsa_error_handler : NULL);
}
