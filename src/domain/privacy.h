/*
 * Personal data protection (PIPL): ID numbers are stored only encrypted
 * (XSalsa20-Poly1305 secretbox, a fresh random nonce each time) with a keyed
 * BLAKE2b hash beside them for duplicate look-ups; the plain number never reaches
 * the database, a log or a response. Both keys are derived from the 32-byte key
 * file kept beside the database (FILE.key, mode 0600), never inside it.
 */
#ifndef TX_PRIVACY_H
#define TX_PRIVACY_H
#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"

#define PII_HASH_BYTES 32

struct pii_keys {
	unsigned char enc[32];
	unsigned char lookup[32];
	bool loaded;
};

/* Reads the key file and derives the keys; TX_EIO with a message if it is missing,
 * of the wrong size, or readable by others. */
int pii_load_keys(const char *key_path, struct pii_keys *k, struct tx_error *err);
/* The key file path for a database: FILE.key. out: cap bytes. */
void pii_key_path(const char *db_path, char *out, size_t cap);
/* nonce || ciphertext of plain into out (replacing its contents). */
void pii_encrypt(const struct pii_keys *k, const char *plain, struct buf *out);
/* The same box of plain[0..n) into out (PII_NONCE_BYTES + PII_MAC_BYTES + n bytes)
 * under a nonce the caller drew from the kernel's random source, e.g. many at
 * once for a bulk import: each nonce is used for one box only. */
#define PII_NONCE_BYTES 24
#define PII_MAC_BYTES 16
void pii_encrypt_with(const struct pii_keys *k, const char *plain, size_t n,
                      const unsigned char nonce[PII_NONCE_BYTES], unsigned char *out);
/* Decrypts into out (NUL-terminated); TX_EIO if the box was altered or the key is wrong. */
int pii_decrypt(const struct pii_keys *k, const void *box, size_t len, struct buf *out,
                struct tx_error *err);
/* Keyed hash of a normalised value, for equality look-ups without the value. */
void pii_lookup_hash(const struct pii_keys *k, const char *value, unsigned char out[PII_HASH_BYTES]);

#endif
