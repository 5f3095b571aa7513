/*
 * wikichime_test: a paced ALSA playback device for tests, as an external I/O plugin (ioplug).
 *
 * What it is for: proving that wikichime's ALSA sink and audio engine survive what real sound
 * cards do (underruns, a USB DAC unplugged and plugged back, a device that stops taking audio)
 * on a machine without a sound card. It consumes frames at `speed` x real time, so
 * snd_pcm_writei blocks when the buffer is full, avail/delay are realistic and a buffer that
 * runs dry is an xrun (-EPIPE), as with a kernel driver; faults are injected at run time
 * through a control file.
 *
 * Why hand-written: ALSA's `null` plugin accepts any amount of audio at once and never
 * underruns, and no paced or fault-injecting test device exists in Debian's packages
 * (alsa-lib, alsa-plugins, alsa-utils). Tests only: never installed on the box.
 *
 *   pcm_type.wikichime_test { lib "/abs/path/to/libWikichimeTestPCM.so" }
 *   pcm.paced { type wikichime_test speed 1.0 control "/abs/ctl" capture "/abs/out.raw" }
 *
 * speed    frames consumed per second = rate x speed (default 1.0)
 * capture  every consumed frame is appended to this file (raw S16_LE stereo); optional
 * control  one word, re-read at most every 2 ms on each pointer/transfer/poll callback and at
 *          once when the file is replaced or rewritten (inotify wakes a writer blocked in poll):
 *   ok          normal
 *   xrun        one underrun at the next consumption; the plugin rewrites the file to "ok"
 *               (atomically) when it has read it, so a test can wait for that as an acknowledgement
 *   disconnect  the device is gone: writei gets -ENODEV (the stream is DISCONNECTED),
 *               prepare/recover fail with -ENODEV, and new opens fail with -ENODEV
 *   stall       stop consuming: writes block (the buffer stays full) until the word changes;
 *               the poll descriptors stay quiet, so snd_pcm_wait times out as on a hung card
 *
 * Poll: a timerfd ticks ~4 times a period while running, and poll_revents reports POLLOUT
 * when avail >= avail_min, POLLOUT|POLLERR after an xrun or an unplug (as the kernel does).
 *
 * Build notes: compile with -DPIC (else "undefined symbol: snd_dlsym_start"), link -lasound.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <libgen.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>
#include <alsa/asoundlib.h>
#include <alsa/pcm_external.h>
#include "wikichime_test_pcm.h"

enum mode { MODE_OK, MODE_STALL, MODE_DISCONNECT };

typedef struct {
	snd_pcm_ioplug_t io;
	double speed;
	char *control;
	int timer_fd, watch_fd, capture_fd;   /* watch_fd: inotify on the control file's folder */
	int16_t *ring;                  /* the device buffer: buffer_size interleaved stereo frames */
	uint64_t written, consumed;     /* frames since prepare */
	double carry;                   /* fraction of a frame due but not yet consumed */
	double last;                    /* monotonic seconds of the last consumption */
	double next_control_read;
	snd_pcm_uframes_t avail_min;
	int running, timer_on;
	int dry;                        /* ran dry or xrun injected: -EPIPE until prepared again */
	int xrun_requested;
	enum mode mode;
} paced_t;

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void read_control(paced_t *p, int force)
{
	char text[64] = "", word[32] = "";
	double now = now_seconds();
	if (!p->control || (!force && now < p->next_control_read))
		return;
	p->next_control_read = now + 0.002;
	int fd = open(p->control, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		ssize_t n = read(fd, text, sizeof text - 1);
		close(fd);
		text[n > 0 ? n : 0] = 0;
		sscanf(text, "%31s", word);
	}
	enum mode was = p->mode;
	p->mode = !strcmp(word, "stall") ? MODE_STALL
		: !strcmp(word, "disconnect") ? MODE_DISCONNECT : MODE_OK;
	if (was == MODE_STALL && p->mode != MODE_STALL) {
		p->last = now;  /* resume where it stopped: no burst, no xrun */
		p->carry = 0;
	}
	if (!strcmp(word, "xrun")) {
		/* One-shot: acknowledge by rewriting the file to "ok" (rename is atomic). */
		char tmp[PATH_MAX];
		snprintf(tmp, sizeof tmp, "%s.%d.ack", p->control, (int)getpid());
		fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (fd >= 0) {
			int ok = write(fd, "ok\n", 3) == 3;
			close(fd);
			if (ok && rename(tmp, p->control) == 0)
				p->xrun_requested = 1;
			else
				unlink(tmp);
		}
	}
}

/* The timer wakes a blocked writer about 4 times a period (0.5 to 5 ms) while the device plays
 * or has an error to report; it is quiet while stopped or stalled, as a card's interrupts are
 * (unless inotify is missing: then it keeps ticking so that a stalled writer sees the change). */
static void sync_timer(paced_t *p)
{
	int on = (p->running || p->dry) && (p->mode != MODE_STALL || p->watch_fd < 0);
	if (on == p->timer_on)
		return;
	double tick = (double)p->io.period_size / p->io.rate / p->speed / 4;
	tick = tick < 0.0005 ? 0.0005 : tick > 0.005 ? 0.005 : tick;
	struct timespec t = { 0, on ? (long)(tick * 1e9) : 0 };
	struct itimerspec spec = { t, t };
	timerfd_settime(p->timer_fd, 0, &spec, NULL);
	p->timer_on = on;
}

/* Plays frames from the ring into the capture file. */
static void consume(paced_t *p, uint64_t frames)
{
	snd_pcm_uframes_t size = p->io.buffer_size;
	while (frames > 0) {
		snd_pcm_uframes_t at = p->consumed % size, n = size - at;
		if (n > frames)
			n = frames;
		if (p->capture_fd >= 0 && write(p->capture_fd, p->ring + 2 * at, n * 4) != (ssize_t)(n * 4))
			SNDERR("wikichime_test: cannot write the capture file");
		p->consumed += n;
		frames -= n;
	}
}

/* Consumes what the clock says has been played since the last call. Returns -EPIPE once the
 * buffer has run dry (or an xrun was asked for), -ENODEV while the device is gone. */
static int advance(paced_t *p)
{
	read_control(p, 0);
	sync_timer(p);
	if (p->mode == MODE_DISCONNECT)
		return -ENODEV;
	if (p->dry)
		return -EPIPE;
	if (!p->running)
		return 0;
	double now = now_seconds(), due = (now - p->last) * p->io.rate * p->speed + p->carry;
	p->last = now;
	if (p->mode == MODE_STALL)
		return 0;
	uint64_t frames = (uint64_t)due, queued = p->written - p->consumed;
	p->carry = due - (double)frames;
	int empty = frames > queued;
	consume(p, empty ? queued : frames);
	if (p->xrun_requested || (empty && p->io.state != SND_PCM_STATE_DRAINING)) {
		p->xrun_requested = 0;
		p->dry = 1;
		p->running = 0;
		return -EPIPE;
	}
	return 0;
}

static int gone(paced_t *p)
{
	/* ioplug turns a negative pointer into XRUN; a kernel driver marks an unplugged device
	 * DISCONNECTED, which makes writei return -ENODEV. */
	snd_pcm_ioplug_set_state(&p->io, SND_PCM_STATE_DISCONNECTED);
	return -ENODEV;
}

static snd_pcm_sframes_t paced_pointer(snd_pcm_ioplug_t *io)
{
	paced_t *p = io->private_data;
	int err = advance(p);
	if (err == -ENODEV)
		gone(p);
	else if (err < 0)
		return err;
	return p->consumed % io->buffer_size;
}

static snd_pcm_sframes_t paced_transfer(snd_pcm_ioplug_t *io, const snd_pcm_channel_area_t *areas,
					snd_pcm_uframes_t offset, snd_pcm_uframes_t size)
{
	paced_t *p = io->private_data;
	read_control(p, 0);
	if (p->mode == MODE_DISCONNECT)
		return gone(p);
	const char *from = (const char *)areas[0].addr + (areas[0].first + offset * areas[0].step) / 8;
	snd_pcm_uframes_t space = io->buffer_size - (p->written - p->consumed), done = 0;
	if (size > space)
		size = space;
	while (done < size) {
		snd_pcm_uframes_t at = p->written % io->buffer_size, n = io->buffer_size - at;
		if (n > size - done)
			n = size - done;
		memcpy(p->ring + 2 * at, from + 4 * done, n * 4);
		p->written += n;
		done += n;
	}
	return size;
}

static int paced_start(snd_pcm_ioplug_t *io)
{
	paced_t *p = io->private_data;
	read_control(p, 1);
	if (p->mode == MODE_DISCONNECT)
		return -ENODEV;
	p->running = 1;
	p->last = now_seconds();
	p->carry = 0;
	sync_timer(p);
	return 0;
}

static int paced_stop(snd_pcm_ioplug_t *io)
{
	paced_t *p = io->private_data;
	if (p->running)
		advance(p);     /* what played until now (consumption is computed lazily) */
	p->running = 0;
	sync_timer(p);
	return 0;
}

static int paced_prepare(snd_pcm_ioplug_t *io)
{
	paced_t *p = io->private_data;
	paced_stop(io);
	read_control(p, 1);
	if (p->mode == MODE_DISCONNECT)
		return -ENODEV;
	p->written = p->consumed = 0;
	p->dry = 0;
	sync_timer(p);
	return 0;
}

static int paced_poll_count(snd_pcm_ioplug_t *io)
{
	paced_t *p = io->private_data;
	return p->watch_fd >= 0 ? 2 : 1;
}

static int paced_poll_descriptors(snd_pcm_ioplug_t *io, struct pollfd *pfd, unsigned int space)
{
	paced_t *p = io->private_data;
	unsigned int n = 0;
	if (space >= 1)
		pfd[n++] = (struct pollfd){ p->timer_fd, POLLIN, 0 };
	if (space >= 2 && p->watch_fd >= 0)
		pfd[n++] = (struct pollfd){ p->watch_fd, POLLIN, 0 };
	return n;
}

static int paced_poll_revents(snd_pcm_ioplug_t *io, struct pollfd *pfd, unsigned int nfds,
			      unsigned short *revents)
{
	paced_t *p = io->private_data;
	char events[4096];
	uint64_t ticks;
	(void)pfd;
	(void)nfds;
	while (read(p->timer_fd, &ticks, sizeof ticks) > 0)
		;
	int changed = 0;
	while (p->watch_fd >= 0 && read(p->watch_fd, events, sizeof events) > 0)
		changed = 1;
	if (changed)
		read_control(p, 1);
	/* As the kernel: POLLOUT when avail >= avail_min; POLLOUT|POLLERR after an xrun or unplug. */
	int err = advance(p);
	snd_pcm_uframes_t avail = io->buffer_size - (p->written - p->consumed);
	if (err < 0) {
		if (err == -ENODEV)
			gone(p);
		else
			snd_pcm_ioplug_set_state(io, SND_PCM_STATE_XRUN);
		*revents = POLLOUT | POLLERR;
	} else {
		*revents = avail >= p->avail_min || io->state == SND_PCM_STATE_DRAINING ? POLLOUT : 0;
	}
	return 0;
}

static int paced_hw_params(snd_pcm_ioplug_t *io, snd_pcm_hw_params_t *params)
{
	paced_t *p = io->private_data;
	(void)params;
	free(p->ring);
	p->ring = calloc(io->buffer_size, 4);
	p->avail_min = io->period_size;
	return p->ring ? 0 : -ENOMEM;
}

static int paced_sw_params(snd_pcm_ioplug_t *io, snd_pcm_sw_params_t *params)
{
	paced_t *p = io->private_data;
	snd_pcm_uframes_t avail_min;
	if (snd_pcm_sw_params_get_avail_min(params, &avail_min) == 0)
		p->avail_min = avail_min ? avail_min : 1;
	return 0;
}

static void paced_free(paced_t *p)
{
	if (p->timer_fd >= 0)
		close(p->timer_fd);
	if (p->watch_fd >= 0)
		close(p->watch_fd);
	if (p->capture_fd >= 0)
		close(p->capture_fd);
	free(p->control);
	free(p->ring);
	free(p);
}

static int paced_close(snd_pcm_ioplug_t *io)
{
	paced_free(io->private_data);
	return 0;
}

static const snd_pcm_ioplug_callback_t paced_callbacks = {
	.start = paced_start,
	.stop = paced_stop,
	.pointer = paced_pointer,
	.transfer = paced_transfer,
	.close = paced_close,
	.hw_params = paced_hw_params,
	.sw_params = paced_sw_params,
	.prepare = paced_prepare,
	.poll_descriptors_count = paced_poll_count,
	.poll_descriptors = paced_poll_descriptors,
	.poll_revents = paced_poll_revents,
};

SND_PCM_PLUGIN_DEFINE_FUNC(wikichime_test)
{
	snd_config_iterator_t i, next;
	const char *control = NULL, *capture = NULL;
	double speed = 1.0;
	int err;
	(void)root;
	snd_config_for_each(i, next, conf) {
		snd_config_t *n = snd_config_iterator_entry(i);
		const char *id;
		if (snd_config_get_id(n, &id) < 0 || !strcmp(id, "comment") || !strcmp(id, "type")
		    || !strcmp(id, "hint"))
			continue;
		if (!strcmp(id, "speed") && snd_config_get_ireal(n, &speed) == 0 && speed > 0)
			continue;
		if (!strcmp(id, "control") && snd_config_get_string(n, &control) == 0)
			continue;
		if (!strcmp(id, "capture") && snd_config_get_string(n, &capture) == 0)
			continue;
		SNDERR("wikichime_test: bad field %s (speed: a positive number; control, capture: paths)", id);
		return -EINVAL;
	}
	if (stream != SND_PCM_STREAM_PLAYBACK) {
		SNDERR("wikichime_test: playback only");
		return -EINVAL;
	}
	paced_t *p = calloc(1, sizeof *p);
	if (!p)
		return -ENOMEM;
	p->speed = speed;
	p->timer_fd = p->watch_fd = p->capture_fd = -1;
	p->control = control ? strdup(control) : NULL;
	read_control(p, 1);
	err = p->mode == MODE_DISCONNECT ? -ENODEV : 0;  /* an unplugged card cannot be opened */
	if (!err && (p->timer_fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC)) < 0)
		err = -errno;
	if (!err && capture && (p->capture_fd = open(capture, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644)) < 0)
		err = -errno;
	if (!err && control) {
		/* Wakes a writer blocked in poll when the control file is replaced or rewritten. */
		char folder[PATH_MAX];
		snprintf(folder, sizeof folder, "%s", control);
		p->watch_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
		if (p->watch_fd >= 0 && inotify_add_watch(p->watch_fd, dirname(folder), IN_MOVED_TO | IN_CLOSE_WRITE) < 0) {
			close(p->watch_fd);
			p->watch_fd = -1;
		}
	}
	if (!err) {
		p->io.version = SND_PCM_IOPLUG_VERSION;
		p->io.name = "wikichime paced test device";
		p->io.callback = &paced_callbacks;
		p->io.private_data = p;
		p->io.flags = SND_PCM_IOPLUG_FLAG_MONOTONIC;
		err = snd_pcm_ioplug_create(&p->io, name, stream, mode);
	}
	if (err < 0) {
		paced_free(p);
		return err;
	}
	static const unsigned int access[] = { SND_PCM_ACCESS_RW_INTERLEAVED };
	static const unsigned int formats[] = { SND_PCM_FORMAT_S16_LE };
	static const unsigned int rates[] = { 44100, 48000 };
	if ((err = snd_pcm_ioplug_set_param_list(&p->io, SND_PCM_IOPLUG_HW_ACCESS, 1, access)) < 0
	    || (err = snd_pcm_ioplug_set_param_list(&p->io, SND_PCM_IOPLUG_HW_FORMAT, 1, formats)) < 0
	    || (err = snd_pcm_ioplug_set_param_minmax(&p->io, SND_PCM_IOPLUG_HW_CHANNELS, 2, 2)) < 0
	    || (err = snd_pcm_ioplug_set_param_list(&p->io, SND_PCM_IOPLUG_HW_RATE, 2, rates)) < 0
	    || (err = snd_pcm_ioplug_set_param_minmax(&p->io, SND_PCM_IOPLUG_HW_PERIOD_BYTES, 64 * 4, 1 << 20)) < 0
	    || (err = snd_pcm_ioplug_set_param_minmax(&p->io, SND_PCM_IOPLUG_HW_BUFFER_BYTES, 128 * 4, 4 << 20)) < 0
	    || (err = snd_pcm_ioplug_set_param_minmax(&p->io, SND_PCM_IOPLUG_HW_PERIODS, 2, 1024)) < 0) {
		snd_pcm_ioplug_delete(&p->io);
		return err;
	}
	*pcmp = p->io.pcm;
	return 0;
}

SND_PCM_PLUGIN_SYMBOL(wikichime_test);
