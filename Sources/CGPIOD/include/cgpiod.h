// libgpiod for Swift: one small API over both libgpiod APIs. Debian 12 / Pi OS 12 ship
// libgpiod 1.6 (the v1 API), Debian 13 / Pi OS 13 ship 2.x (the v2 API); the two differ
// completely, so Swift sees only these functions and cgpiod.c picks the implementation from the
// header it is compiled against (only v1's gpiod.h defines GPIOD_LINE_BULK_MAX_LINES).
//
// Conventions: functions returning a pointer return NULL and set errno on failure; functions
// returning int return -1 and set errno. Values are logical: 1 means active (an LED lit, a
// button pressed), whatever the line's polarity.
#ifndef WIKICHIME_CGPIOD_H
#define WIKICHIME_CGPIOD_H

#include <stddef.h>
#include <stdint.h>

/// An open GPIO chip (a /dev/gpiochipN character device).
typedef struct wc_gpio_chip wc_gpio_chip;

/// Lines of one chip requested together, all outputs or all inputs.
typedef struct wc_gpio_lines wc_gpio_lines;

/// The libgpiod API this shim was compiled against: 1 or 2.
int wc_gpio_api(void);

/// libgpiod's own version string ("1.6.3", "2.2.1").
const char *wc_gpio_library_version(void);

/// Opens the first chip under /dev whose label is `label` (e.g. "pinctrl-bcm2711").
/// On failure errno is ENOENT (no such chip) or the error of a chip that could not be opened
/// (EACCES: permission), whose path is then copied to `failed_path`.
wc_gpio_chip *wc_gpio_chip_open_by_label(const char *label, char *failed_path, size_t failed_path_size);

/// Writes the paths of /dev/gpiochip* (numeric order, one a line) into `buffer`; how many.
size_t wc_gpio_chip_paths(char *buffer, size_t size);

/// Opens a chip by path (/dev/gpiochip0).
wc_gpio_chip *wc_gpio_chip_open(const char *path);

void wc_gpio_chip_close(wc_gpio_chip *chip);

/// The chip's label ("pinctrl-bcm2711"), name ("gpiochip0") and path ("/dev/gpiochip0").
const char *wc_gpio_chip_label(const wc_gpio_chip *chip);
const char *wc_gpio_chip_name(const wc_gpio_chip *chip);
const char *wc_gpio_chip_path(const wc_gpio_chip *chip);
unsigned int wc_gpio_chip_num_lines(const wc_gpio_chip *chip);

/// Writes the label of the chip at `path` into `label` (for listing what a machine has).
int wc_gpio_chip_label_at(const char *path, char *label, size_t label_size);

/// The offset of the line named `name` ("GPIO17"), or -1 with errno ENOENT.
int wc_gpio_chip_line_offset(wc_gpio_chip *chip, const char *name);

/// Whether a line is in use: 1 (its consumer copied to `consumer`, maybe empty), 0, or -1.
int wc_gpio_chip_line_used(wc_gpio_chip *chip, unsigned int offset, char *consumer, size_t consumer_size);

/// Requests outputs, each with its polarity and initial logical value.
wc_gpio_lines *wc_gpio_request_outputs(wc_gpio_chip *chip, const char *consumer, const unsigned int *offsets,
                                       const uint8_t *active_low, const uint8_t *initial, size_t count);

/// Requests inputs with pull-up bias (when `pull_up`), polarity, and events on both edges.
/// With the v2 API the kernel debounces for `debounce_us`; with v1 it cannot, and the caller
/// debounces in software: `wc_gpio_lines_debounced_in_kernel` tells which happened.
wc_gpio_lines *wc_gpio_request_inputs(wc_gpio_chip *chip, const char *consumer, const unsigned int *offsets,
                                      const uint8_t *active_low, size_t count, int pull_up,
                                      unsigned int debounce_us);

void wc_gpio_lines_release(wc_gpio_lines *lines);

size_t wc_gpio_lines_count(const wc_gpio_lines *lines);

/// 1 when the kernel debounces these inputs (v2), 0 otherwise.
int wc_gpio_lines_debounced_in_kernel(const wc_gpio_lines *lines);

/// Sets the logical value of the line at `index` (its position in the request).
int wc_gpio_lines_set(wc_gpio_lines *lines, size_t index, int value);

/// The logical value of the line at `index`: 0, 1, or -1.
int wc_gpio_lines_get(wc_gpio_lines *lines, size_t index);

/// Event file descriptors to poll: one per line with v1, one for the whole request with v2.
size_t wc_gpio_lines_fd_count(const wc_gpio_lines *lines);
int wc_gpio_lines_fd(const wc_gpio_lines *lines, size_t fd_index);

/// One edge: which line (its index in the request), the logical level after the edge, and the
/// kernel's timestamp in nanoseconds (CLOCK_MONOTONIC on kernels since 5.7).
typedef struct {
    size_t index;
    int active;
    uint64_t timestamp_ns;
} wc_gpio_event;

/// Reads the events waiting on descriptor `fd_index` into `events`; call it only when poll
/// says the descriptor is readable (it blocks otherwise). Returns how many, or -1.
int wc_gpio_lines_read_events(wc_gpio_lines *lines, size_t fd_index, wc_gpio_event *events, size_t max_events);

#endif
