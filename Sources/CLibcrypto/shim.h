#ifndef ISMS_CLIBCRYPTO_SHIM_H
#define ISMS_CLIBCRYPTO_SHIM_H
// OpenSSL's libcrypto, for SHA-256 (audit pack manifest, baseline and SARIF fingerprints): a maintained, tested
// implementation instead of our own.
#include <openssl/evp.h>
#endif
