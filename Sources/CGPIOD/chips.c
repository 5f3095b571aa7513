// What both libgpiod APIs share: finding a chip by its label among /dev/gpiochip*.
// (libgpiod 1.6 has an iterator for this and 2.x has none, so the shim walks /dev itself.)
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cgpiod.h"

static int is_chip_name(const char *name) {
    return strncmp(name, "gpiochip", 8) == 0 && name[8] >= '0' && name[8] <= '9';
}

static int by_number(const void *a, const void *b) {
    return atoi(*(char *const *)a + 8) - atoi(*(char *const *)b + 8);
}

/// The names of /dev/gpiochip* in numeric order (caller frees each); how many.
static size_t chip_names(char **names, size_t max) {
    DIR *dir = opendir("/dev");
    if (!dir) return 0;
    size_t count = 0;
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL && count < max) {
        if (is_chip_name(entry->d_name)) names[count++] = strdup(entry->d_name);
    }
    closedir(dir);
    qsort(names, count, sizeof names[0], by_number);
    return count;
}

size_t wc_gpio_chip_paths(char *buffer, size_t size) {
    char *names[256];
    size_t count = chip_names(names, 256);
    size_t used = 0;
    if (size > 0) buffer[0] = '\0';
    for (size_t i = 0; i < count; i++) {
        if (size > used) used += (size_t)snprintf(buffer + used, size - used, "%s/dev/%s", i ? "\n" : "", names[i]);
        free(names[i]);
    }
    return count;
}

wc_gpio_chip *wc_gpio_chip_open_by_label(const char *label, char *failed_path, size_t failed_path_size) {
    if (failed_path_size > 0) failed_path[0] = '\0';
    char *names[256];
    size_t count = chip_names(names, 256);

    wc_gpio_chip *found = NULL;
    int first_error = 0;
    for (size_t i = 0; i < count; i++) {
        char path[64];
        snprintf(path, sizeof path, "/dev/%s", names[i]);
        if (found) continue;
        wc_gpio_chip *chip = wc_gpio_chip_open(path);
        if (!chip) {
            // Remember the first chip that would not open: when the label is not found among
            // the others, that one is the likely culprit (EACCES: not in the gpio group).
            if (!first_error) {
                first_error = errno;
                if (failed_path_size > 0) snprintf(failed_path, failed_path_size, "%s", path);
            }
            continue;
        }
        if (strcmp(wc_gpio_chip_label(chip), label) == 0) found = chip;
        else wc_gpio_chip_close(chip);
    }
    for (size_t i = 0; i < count; i++) free(names[i]);
    if (found) {
        if (failed_path_size > 0) failed_path[0] = '\0';
        return found;
    }
    errno = first_error ? first_error : ENOENT;
    return NULL;
}

int wc_gpio_chip_label_at(const char *path, char *label, size_t label_size) {
    wc_gpio_chip *chip = wc_gpio_chip_open(path);
    if (!chip) return -1;
    snprintf(label, label_size, "%s", wc_gpio_chip_label(chip));
    wc_gpio_chip_close(chip);
    return 0;
}
