// The OpenSSL 3 headers Ferry binds. Only FerryCrypto (and later the TLS wrapper in
// FerryIO) imports this module; see ../shared/STYLE.md, "C stays in C targets".
#ifndef FERRY_COPENSSL_SHIM_H
#define FERRY_COPENSSL_SHIM_H
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/core_names.h>
#include <openssl/params.h>
#include <openssl/rand.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/ec.h>
#include <openssl/ssl.h>
#endif
