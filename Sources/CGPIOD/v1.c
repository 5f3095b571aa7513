// The shim over libgpiod 1.x (the v1 API: Debian 12, Pi OS 12). Compiled only when gpiod.h is
// v1's: that header alone defines GPIOD_LINE_BULK_MAX_LINES. v1 cannot debounce in the kernel
// and polarity and bias are per request, so every line is requested on its own (one event
// descriptor per input line).
#include <gpiod.h>
#ifdef GPIOD_LINE_BULK_MAX_LINES

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cgpiod.h"

struct wc_gpio_chip {
    struct gpiod_chip *chip;
    char path[64];
};

struct wc_gpio_lines {
    struct gpiod_line **lines;
    size_t count;
};

int wc_gpio_api(void) { return 1; }

const char *wc_gpio_library_version(void) { return gpiod_version_string(); }

wc_gpio_chip *wc_gpio_chip_open(const char *path) {
    struct gpiod_chip *handle = gpiod_chip_open(path);
    if (!handle) return NULL;
    wc_gpio_chip *chip = calloc(1, sizeof *chip);
    if (!chip) {
        gpiod_chip_close(handle);
        errno = ENOMEM;
        return NULL;
    }
    chip->chip = handle;
    snprintf(chip->path, sizeof chip->path, "%s", path);
    return chip;
}

void wc_gpio_chip_close(wc_gpio_chip *chip) {
    if (!chip) return;
    gpiod_chip_close(chip->chip);
    free(chip);
}

const char *wc_gpio_chip_label(const wc_gpio_chip *chip) { return gpiod_chip_label(chip->chip); }
const char *wc_gpio_chip_name(const wc_gpio_chip *chip) { return gpiod_chip_name(chip->chip); }
const char *wc_gpio_chip_path(const wc_gpio_chip *chip) { return chip->path; }
unsigned int wc_gpio_chip_num_lines(const wc_gpio_chip *chip) { return gpiod_chip_num_lines(chip->chip); }

int wc_gpio_chip_line_offset(wc_gpio_chip *chip, const char *name) {
    errno = 0;
    struct gpiod_line *line = gpiod_chip_find_line(chip->chip, name);
    if (!line) {
        if (errno == 0) errno = ENOENT;
        return -1;
    }
    return (int)gpiod_line_offset(line);
}

int wc_gpio_chip_line_used(wc_gpio_chip *chip, unsigned int offset, char *consumer, size_t consumer_size) {
    if (consumer_size > 0) consumer[0] = '\0';
    struct gpiod_line *line = gpiod_chip_get_line(chip->chip, offset);
    if (!line || gpiod_line_update(line) < 0) return -1;
    if (!gpiod_line_is_used(line)) return 0;
    const char *name = gpiod_line_consumer(line);
    if (name && consumer_size > 0) snprintf(consumer, consumer_size, "%s", name);
    return 1;
}

static wc_gpio_lines *request(wc_gpio_chip *chip, const char *consumer, const unsigned int *offsets,
                              const uint8_t *active_low, const uint8_t *initial, size_t count,
                              int type, int extra_flags) {
    wc_gpio_lines *lines = calloc(1, sizeof *lines);
    struct gpiod_line **array = calloc(count ? count : 1, sizeof *array);
    if (!lines || !array) {
        free(lines);
        free(array);
        errno = ENOMEM;
        return NULL;
    }
    lines->lines = array;
    for (size_t i = 0; i < count; i++) {
        struct gpiod_line *line = gpiod_chip_get_line(chip->chip, offsets[i]);
        struct gpiod_line_request_config config = {
            .consumer = consumer,
            .request_type = type,
            .flags = extra_flags | (active_low[i] ? GPIOD_LINE_REQUEST_FLAG_ACTIVE_LOW : 0),
        };
        if (!line || gpiod_line_request(line, &config, initial ? initial[i] : 0) < 0) {
            int error = errno;
            wc_gpio_lines_release(lines);
            errno = error;
            return NULL;
        }
        array[lines->count++] = line;
    }
    return lines;
}

wc_gpio_lines *wc_gpio_request_outputs(wc_gpio_chip *chip, const char *consumer, const unsigned int *offsets,
                                       const uint8_t *active_low, const uint8_t *initial, size_t count) {
    return request(chip, consumer, offsets, active_low, initial, count, GPIOD_LINE_REQUEST_DIRECTION_OUTPUT, 0);
}

wc_gpio_lines *wc_gpio_request_inputs(wc_gpio_chip *chip, const char *consumer, const unsigned int *offsets,
                                      const uint8_t *active_low, size_t count, int pull_up,
                                      unsigned int debounce_us) {
    (void)debounce_us; // v1 has no debounce: the caller debounces in software.
    return request(chip, consumer, offsets, active_low, NULL, count, GPIOD_LINE_REQUEST_EVENT_BOTH_EDGES,
                   pull_up ? GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_UP : 0);
}

void wc_gpio_lines_release(wc_gpio_lines *lines) {
    if (!lines) return;
    for (size_t i = 0; i < lines->count; i++) gpiod_line_release(lines->lines[i]);
    free(lines->lines);
    free(lines);
}

size_t wc_gpio_lines_count(const wc_gpio_lines *lines) { return lines->count; }

int wc_gpio_lines_debounced_in_kernel(const wc_gpio_lines *lines) {
    (void)lines;
    return 0;
}

static int valid(const wc_gpio_lines *lines, size_t index) {
    if (index < lines->count) return 1;
    errno = EINVAL;
    return 0;
}

int wc_gpio_lines_set(wc_gpio_lines *lines, size_t index, int value) {
    if (!valid(lines, index)) return -1;
    return gpiod_line_set_value(lines->lines[index], value ? 1 : 0);
}

int wc_gpio_lines_get(wc_gpio_lines *lines, size_t index) {
    if (!valid(lines, index)) return -1;
    return gpiod_line_get_value(lines->lines[index]);
}

size_t wc_gpio_lines_fd_count(const wc_gpio_lines *lines) { return lines->count; }

int wc_gpio_lines_fd(const wc_gpio_lines *lines, size_t fd_index) {
    if (!valid(lines, fd_index)) return -1;
    return gpiod_line_event_get_fd(lines->lines[fd_index]);
}

int wc_gpio_lines_read_events(wc_gpio_lines *lines, size_t fd_index, wc_gpio_event *events, size_t max_events) {
    if (!valid(lines, fd_index)) return -1;
    struct gpiod_line_event buffer[16];
    unsigned int want = max_events < 16 ? (unsigned int)max_events : 16;
    int read = gpiod_line_event_read_multiple(lines->lines[fd_index], buffer, want);
    for (int i = 0; i < read; i++) {
        events[i].index = fd_index;
        // With both edges, the kernel reports the logical level read after the edge.
        events[i].active = buffer[i].event_type == GPIOD_LINE_EVENT_RISING_EDGE;
        events[i].timestamp_ns = (uint64_t)buffer[i].ts.tv_sec * 1000000000u + (uint64_t)buffer[i].ts.tv_nsec;
    }
    return read;
}

#endif
