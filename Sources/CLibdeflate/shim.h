#ifndef ISMS_CLIBDEFLATE_SHIM_H
#define ISMS_CLIBDEFLATE_SHIM_H
// libdeflate (Debian's libdeflate-dev): whole-buffer zlib decompression, two to three times zlib's speed; a pack's
// objects declare their size, so each is inflated into a buffer of exactly that size in one call.
#include <libdeflate.h>
#endif
