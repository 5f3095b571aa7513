/*
 * wikichime_test: a paced ALSA playback device for tests (see Tests/TestPCM/README.md).
 * libasound loads it by path and calls this entry point for `type wikichime_test`:
 *
 *   pcm_type.wikichime_test { lib "/abs/path/to/libWikichimeTestPCM.so" }
 *   pcm.paced { type wikichime_test speed 1.0 control "/abs/ctl" capture "/abs/out.raw" }
 *
 * The control file holds one word: ok, xrun (one-shot; rewritten to "ok" when read),
 * disconnect, stall.
 */
#ifndef WIKICHIME_TEST_PCM_H
#define WIKICHIME_TEST_PCM_H

#include <alsa/asoundlib.h>

int _snd_pcm_wikichime_test_open(snd_pcm_t **pcmp, const char *name, snd_config_t *root,
				 snd_config_t *conf, snd_pcm_stream_t stream, int mode);

#endif
