// nghttp2, for the HTTP/2 session wrapper in FerryHTTP (RFC 9113).
#ifndef FERRY_CNGHTTP2_SHIM_H
#define FERRY_CNGHTTP2_SHIM_H
#include <nghttp2/nghttp2.h>
#endif
