// The shim over libgpiod 2.x (the v2 API: Debian 13, Pi OS 13, the aarch64 build). Compiled
// only when gpiod.h is not v1's (v1's alone defines GPIOD_LINE_BULK_MAX_LINES). One request
// carries every line with its own settings; the kernel debounces inputs.
#include <gpiod.h>
#ifndef GPIOD_LINE_BULK_MAX_LINES

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cgpiod.h"

enum { EVENT_BUFFER = 16 };

struct wc_gpio_chip {
    struct gpiod_chip *chip;
    char label[64];
    char name[32];
    char path[64];
    unsigned int num_lines;
};

struct wc_gpio_lines {
    struct gpiod_line_request *request;
    struct gpiod_edge_event_buffer *events;
    unsigned int *offsets;
    size_t count;
    int debounced;
};

int wc_gpio_api(void) { return 2; }

const char *wc_gpio_library_version(void) { return gpiod_api_version(); }

wc_gpio_chip *wc_gpio_chip_open(const char *path) {
    struct gpiod_chip *handle = gpiod_chip_open(path);
    if (!handle) return NULL;
    struct gpiod_chip_info *info = gpiod_chip_get_info(handle);
    wc_gpio_chip *chip = info ? calloc(1, sizeof *chip) : NULL;
    if (!chip) {
        int error = info ? ENOMEM : errno;
        gpiod_chip_info_free(info);
        gpiod_chip_close(handle);
        errno = error;
        return NULL;
    }
    chip->chip = handle;
    snprintf(chip->label, sizeof chip->label, "%s", gpiod_chip_info_get_label(info));
    snprintf(chip->name, sizeof chip->name, "%s", gpiod_chip_info_get_name(info));
    snprintf(chip->path, sizeof chip->path, "%s", path);
    chip->num_lines = (unsigned int)gpiod_chip_info_get_num_lines(info);
    gpiod_chip_info_free(info);
    return chip;
}

void wc_gpio_chip_close(wc_gpio_chip *chip) {
    if (!chip) return;
    gpiod_chip_close(chip->chip);
    free(chip);
}

const char *wc_gpio_chip_label(const wc_gpio_chip *chip) { return chip->label; }
const char *wc_gpio_chip_name(const wc_gpio_chip *chip) { return chip->name; }
const char *wc_gpio_chip_path(const wc_gpio_chip *chip) { return chip->path; }
unsigned int wc_gpio_chip_num_lines(const wc_gpio_chip *chip) { return chip->num_lines; }

int wc_gpio_chip_line_offset(wc_gpio_chip *chip, const char *name) {
    return gpiod_chip_get_line_offset_from_name(chip->chip, name);
}

int wc_gpio_chip_line_used(wc_gpio_chip *chip, unsigned int offset, char *consumer, size_t consumer_size) {
    if (consumer_size > 0) consumer[0] = '\0';
    struct gpiod_line_info *info = gpiod_chip_get_line_info(chip->chip, offset);
    if (!info) return -1;
    int used = gpiod_line_info_is_used(info) ? 1 : 0;
    const char *name = gpiod_line_info_get_consumer(info);
    if (used && name && consumer_size > 0) snprintf(consumer, consumer_size, "%s", name);
    gpiod_line_info_free(info);
    return used;
}

/// Sets up one line's settings: a direction, a polarity, and for inputs bias and edges.
typedef void (*configure_fn)(struct gpiod_line_settings *settings, size_t index, const uint8_t *initial,
                             int pull_up, unsigned int debounce_us);

static void configure_output(struct gpiod_line_settings *settings, size_t index, const uint8_t *initial,
                             int pull_up, unsigned int debounce_us) {
    (void)pull_up;
    (void)debounce_us;
    gpiod_line_settings_set_direction(settings, GPIOD_LINE_DIRECTION_OUTPUT);
    gpiod_line_settings_set_output_value(settings, initial[index] ? GPIOD_LINE_VALUE_ACTIVE : GPIOD_LINE_VALUE_INACTIVE);
}

static void configure_input(struct gpiod_line_settings *settings, size_t index, const uint8_t *initial,
                            int pull_up, unsigned int debounce_us) {
    (void)index;
    (void)initial;
    gpiod_line_settings_set_direction(settings, GPIOD_LINE_DIRECTION_INPUT);
    gpiod_line_settings_set_edge_detection(settings, GPIOD_LINE_EDGE_BOTH);
    if (pull_up) gpiod_line_settings_set_bias(settings, GPIOD_LINE_BIAS_PULL_UP);
    gpiod_line_settings_set_debounce_period_us(settings, debounce_us);
}

static wc_gpio_lines *request(wc_gpio_chip *chip, const char *consumer, const unsigned int *offsets,
                              const uint8_t *active_low, const uint8_t *initial, size_t count, int pull_up,
                              unsigned int debounce_us, configure_fn configure) {
    wc_gpio_lines *lines = calloc(1, sizeof *lines);
    struct gpiod_line_config *config = gpiod_line_config_new();
    struct gpiod_request_config *request_config = gpiod_request_config_new();
    struct gpiod_line_settings *settings = gpiod_line_settings_new();
    int error = ENOMEM;
    if (!lines || !config || !request_config || !settings) goto failed;
    lines->offsets = calloc(count ? count : 1, sizeof *lines->offsets);
    if (!lines->offsets) goto failed;
    memcpy(lines->offsets, offsets, count * sizeof *offsets);
    lines->count = count;
    for (size_t i = 0; i < count; i++) {
        gpiod_line_settings_reset(settings);
        gpiod_line_settings_set_active_low(settings, active_low[i] != 0);
        configure(settings, i, initial, pull_up, debounce_us);
        if (gpiod_line_config_add_line_settings(config, &offsets[i], 1, settings) < 0) {
            error = errno;
            goto failed;
        }
    }
    gpiod_request_config_set_consumer(request_config, consumer);
    gpiod_request_config_set_event_buffer_size(request_config, 64);
    lines->request = gpiod_chip_request_lines(chip->chip, request_config, config);
    if (!lines->request) {
        error = errno;
        goto failed;
    }
    lines->events = gpiod_edge_event_buffer_new(EVENT_BUFFER);
    if (!lines->events) goto failed;
    lines->debounced = debounce_us > 0 && configure == configure_input;
    gpiod_line_settings_free(settings);
    gpiod_request_config_free(request_config);
    gpiod_line_config_free(config);
    return lines;

failed:
    gpiod_line_settings_free(settings);
    gpiod_request_config_free(request_config);
    gpiod_line_config_free(config);
    wc_gpio_lines_release(lines);
    errno = error;
    return NULL;
}

wc_gpio_lines *wc_gpio_request_outputs(wc_gpio_chip *chip, const char *consumer, const unsigned int *offsets,
                                       const uint8_t *active_low, const uint8_t *initial, size_t count) {
    return request(chip, consumer, offsets, active_low, initial, count, 0, 0, configure_output);
}

wc_gpio_lines *wc_gpio_request_inputs(wc_gpio_chip *chip, const char *consumer, const unsigned int *offsets,
                                      const uint8_t *active_low, size_t count, int pull_up,
                                      unsigned int debounce_us) {
    return request(chip, consumer, offsets, active_low, NULL, count, pull_up, debounce_us, configure_input);
}

void wc_gpio_lines_release(wc_gpio_lines *lines) {
    if (!lines) return;
    if (lines->request) gpiod_line_request_release(lines->request);
    gpiod_edge_event_buffer_free(lines->events);
    free(lines->offsets);
    free(lines);
}

size_t wc_gpio_lines_count(const wc_gpio_lines *lines) { return lines->count; }

int wc_gpio_lines_debounced_in_kernel(const wc_gpio_lines *lines) { return lines->debounced; }

static int valid(const wc_gpio_lines *lines, size_t index) {
    if (index < lines->count) return 1;
    errno = EINVAL;
    return 0;
}

int wc_gpio_lines_set(wc_gpio_lines *lines, size_t index, int value) {
    if (!valid(lines, index)) return -1;
    return gpiod_line_request_set_value(lines->request, lines->offsets[index],
                                        value ? GPIOD_LINE_VALUE_ACTIVE : GPIOD_LINE_VALUE_INACTIVE);
}

int wc_gpio_lines_get(wc_gpio_lines *lines, size_t index) {
    if (!valid(lines, index)) return -1;
    return (int)gpiod_line_request_get_value(lines->request, lines->offsets[index]);
}

size_t wc_gpio_lines_fd_count(const wc_gpio_lines *lines) { return lines->count > 0 ? 1 : 0; }

int wc_gpio_lines_fd(const wc_gpio_lines *lines, size_t fd_index) {
    if (fd_index != 0 || lines->count == 0) {
        errno = EINVAL;
        return -1;
    }
    return gpiod_line_request_get_fd(lines->request);
}

int wc_gpio_lines_read_events(wc_gpio_lines *lines, size_t fd_index, wc_gpio_event *events, size_t max_events) {
    if (fd_index != 0) {
        errno = EINVAL;
        return -1;
    }
    size_t want = max_events < EVENT_BUFFER ? max_events : EVENT_BUFFER;
    int read = gpiod_line_request_read_edge_events(lines->request, lines->events, want);
    for (int i = 0; i < read; i++) {
        struct gpiod_edge_event *event = gpiod_edge_event_buffer_get_event(lines->events, (unsigned long)i);
        unsigned int offset = gpiod_edge_event_get_line_offset(event);
        size_t index = 0;
        while (index < lines->count && lines->offsets[index] != offset) index++;
        events[i].index = index;
        // Edges are logical: "rising" means the line became active, whatever its polarity.
        events[i].active = gpiod_edge_event_get_event_type(event) == GPIOD_EDGE_EVENT_RISING_EDGE;
        events[i].timestamp_ns = gpiod_edge_event_get_timestamp_ns(event);
    }
    return read;
}

#endif
