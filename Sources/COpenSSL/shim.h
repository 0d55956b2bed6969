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
#include <openssl/ecdsa.h>
#include <openssl/bn.h>
#include <openssl/x509.h>

// Helpers for FerryCrypto: OSSL_PARAM arrays and macro-only constants do not import
// into Swift cleanly, so they are built here.

/// Keys an HMAC EVP_MAC_CTX with `digest` ("SHA1", "SHA256", "SHA512"); 1 on success.
static inline int ferry_hmac_init(EVP_MAC_CTX *ctx, const unsigned char *key, size_t keylen,
                                  const char *digest) {
    OSSL_PARAM params[2];
    params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)digest, 0);
    params[1] = OSSL_PARAM_construct_end();
    return EVP_MAC_init(ctx, key, keylen, params);
}

/// Re-initialises a keyed HMAC context for a new message, keeping its key.
static inline int ferry_hmac_reinit(EVP_MAC_CTX *ctx) {
    return EVP_MAC_init(ctx, NULL, 0, NULL);
}

/// Sets the GCM nonce length (before the key and nonce are supplied).
static inline int ferry_gcm_set_ivlen(EVP_CIPHER_CTX *ctx, int len) {
    return EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, len, NULL);
}

/// Reads the GCM tag after EVP_EncryptFinal_ex.
static inline int ferry_gcm_get_tag(EVP_CIPHER_CTX *ctx, unsigned char *tag, int len) {
    return EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, len, tag);
}

/// Supplies the expected GCM tag before EVP_DecryptFinal_ex.
static inline int ferry_gcm_set_tag(EVP_CIPHER_CTX *ctx, const unsigned char *tag, int len) {
    return EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, len, (void *)tag);
}

/// Selects RSA-PSS (MGF1-SHA-256) with `saltlen` (RSA_PSS_SALTLEN_AUTO = -2, _DIGEST = -1).
static inline int ferry_rsa_pss_sha256(EVP_PKEY_CTX *pctx, int saltlen) {
    if (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1) return 0;
    if (EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, EVP_sha256()) != 1) return 0;
    return EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, saltlen) == 1;
}

/// Selects RSASSA-PKCS1-v1_5 padding.
static inline int ferry_rsa_pkcs1(EVP_PKEY_CTX *pctx) {
    return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) == 1;
}

/// Converts a raw r||s ECDSA signature (each `half` bytes) to DER; returns the DER length
/// written into `out` (capacity `cap`), or 0 on failure.
static inline int ferry_ecdsa_raw_to_der(const unsigned char *rs, int half,
                                         unsigned char *out, int cap) {
    ECDSA_SIG *sig = ECDSA_SIG_new();
    if (sig == NULL) return 0;
    BIGNUM *r = BN_bin2bn(rs, half, NULL);
    BIGNUM *s = BN_bin2bn(rs + half, half, NULL);
    if (r == NULL || s == NULL || ECDSA_SIG_set0(sig, r, s) != 1) {
        BN_free(r); BN_free(s); ECDSA_SIG_free(sig);
        return 0;
    }
    int len = i2d_ECDSA_SIG(sig, NULL);
    if (len <= 0 || len > cap) { ECDSA_SIG_free(sig); return 0; }
    unsigned char *p = out;
    len = i2d_ECDSA_SIG(sig, &p);
    ECDSA_SIG_free(sig);
    return len > 0 ? len : 0;
}
#endif
