// libasound for Swift: the ALSA headers, plus what Swift cannot do itself: ALSA's error handler
// is a C variadic function, so this shim formats the message and hands Swift a plain string.
#ifndef WIKICHIME_CALSA_H
#define WIKICHIME_CALSA_H

#include <alsa/asoundlib.h>

/// Receives libasound's own error messages: the ALSA function, the error code, the text.
typedef void (*wc_alsa_log_fn)(const char *function, int err, const char *message);

/// Routes libasound's error messages to `fn` (NULL restores ALSA's default: stderr).
/// The corresponding C function is `snd_lib_error_set_handler`.
void wc_alsa_set_log(wc_alsa_log_fn fn);

#endif
