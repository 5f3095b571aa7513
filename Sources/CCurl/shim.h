// Swift cannot call C variadic functions: curl_easy_setopt and curl_easy_getinfo are wrapped
// here, one typed function per argument type. Nothing else belongs in this file.
#ifndef WIKICHIME_CCURL_SHIM_H
#define WIKICHIME_CCURL_SHIM_H

#include <curl/curl.h>

typedef size_t (*wc_curl_write_fn)(char *ptr, size_t size, size_t nmemb, void *userdata);

static inline CURLcode wc_easy_setopt_long(CURL *h, CURLoption option, long value) {
    return curl_easy_setopt(h, option, value);
}

static inline CURLcode wc_easy_setopt_string(CURL *h, CURLoption option, const char *value) {
    return curl_easy_setopt(h, option, value);
}

static inline CURLcode wc_easy_setopt_pointer(CURL *h, CURLoption option, void *value) {
    return curl_easy_setopt(h, option, value);
}

static inline CURLcode wc_easy_setopt_slist(CURL *h, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(h, option, value);
}

static inline CURLcode wc_easy_setopt_write_function(CURL *h, wc_curl_write_fn fn) {
    return curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, fn);
}

static inline CURLcode wc_easy_getinfo_long(CURL *h, CURLINFO info, long *out) {
    return curl_easy_getinfo(h, info, out);
}

static inline CURLcode wc_easy_getinfo_string(CURL *h, CURLINFO info, char **out) {
    return curl_easy_getinfo(h, info, out);
}

// CURLVERSION_NOW is a macro Swift does not import.
static inline curl_version_info_data *wc_curl_version_info(void) {
    return curl_version_info(CURLVERSION_NOW);
}

#endif
