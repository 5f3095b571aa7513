// Watches simulated GPIO lines from outside the program under test: samples gpio-sim's
// sim_gpioN/value files every millisecond and logs each change with its CLOCK_MONOTONIC time.
// Built statically on the host by vm-gpio-test.sh and run inside the VM.
//
//   gpio-watch OUT NAME=PATH [NAME=PATH...]     until SIGTERM/SIGINT
//
// OUT gets "SECONDS NAME VALUE" lines: every line's value at start, then each change.
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stopping;

static void stop(int signal) {
    (void)signal;
    stopping = 1;
}

static double now(void) {
    struct timespec spec;
    clock_gettime(CLOCK_MONOTONIC, &spec);
    return (double)spec.tv_sec + (double)spec.tv_nsec / 1e9;
}

static int value(const char *path) {
    char buffer[8] = {0};
    int fd = open(path, O_RDONLY);
    if (fd < 0) return -1;
    ssize_t count = read(fd, buffer, sizeof buffer - 1);
    close(fd);
    return count > 0 ? buffer[0] - '0' : -1;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: gpio-watch OUT NAME=PATH...\n");
        return 2;
    }
    FILE *out = fopen(argv[1], "w");
    if (!out) {
        perror(argv[1]);
        return 1;
    }
    int count = argc - 2;
    char **names = calloc((size_t)count, sizeof *names);
    char **paths = calloc((size_t)count, sizeof *paths);
    int *last = calloc((size_t)count, sizeof *last);
    for (int i = 0; i < count; i++) {
        names[i] = strdup(argv[i + 2]);
        char *equals = strchr(names[i], '=');
        if (!equals) {
            fprintf(stderr, "gpio-watch: expected NAME=PATH, got %s\n", names[i]);
            return 2;
        }
        *equals = '\0';
        paths[i] = equals + 1;
        last[i] = value(paths[i]);
        fprintf(out, "%.6f %s %d\n", now(), names[i], last[i]);
    }
    fflush(out);
    signal(SIGTERM, stop);
    signal(SIGINT, stop);
    struct timespec interval = {0, 1000000};
    while (!stopping) {
        for (int i = 0; i < count; i++) {
            int current = value(paths[i]);
            if (current != last[i]) {
                fprintf(out, "%.6f %s %d\n", now(), names[i], current);
                last[i] = current;
            }
        }
        nanosleep(&interval, NULL);
    }
    fprintf(out, "%.6f end\n", now());
    fclose(out);
    return 0;
}
