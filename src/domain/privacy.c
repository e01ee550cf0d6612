/* Encryption and look-up hashes of personal identifiers; see privacy.h. */
#include "domain/privacy.h"

#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void pii_key_path(const char *db_path, char *out, size_t cap)
{
	snprintf(out, cap, "%s.key", db_path);
}

int pii_load_keys(const char *key_path, struct pii_keys *k, struct tx_error *err)
{
	memset(k, 0, sizeof *k);
	int fd = open(key_path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return tx_fail(err, TX_EIO, M_ERR_KEY_FILE, NULL, "the key file is missing (run taxiang init)");
	struct stat st;
	unsigned char master[crypto_kdf_KEYBYTES + 1];
	ssize_t n = -1;
	if (fstat(fd, &st) == 0 && !(st.st_mode & 077))
		n = read(fd, master, sizeof master);
	close(fd);
	if (n < 0) {
		sodium_memzero(master, sizeof master);
		return tx_fail(err, TX_EIO, M_ERR_KEY_FILE, NULL,
		               "the key file must be readable by its owner only (chmod 600)");
	}
	if (n != crypto_kdf_KEYBYTES) {
		sodium_memzero(master, sizeof master);
		return tx_fail(err, TX_EIO, M_ERR_KEY_FILE, NULL, "the key file must hold 32 bytes");
	}
	crypto_kdf_derive_from_key(k->enc, sizeof k->enc, 1, "TXPII001", master);
	crypto_kdf_derive_from_key(k->lookup, sizeof k->lookup, 2, "TXPII001", master);
	sodium_memzero(master, sizeof master);
	k->loaded = true;
	return 0;
}

void pii_encrypt(const struct pii_keys *k, const char *plain, struct buf *out)
{
	size_t n = strlen(plain);
	buf_reset(out);
	buf_reserve(out, crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + n);
	unsigned char nonce[PII_NONCE_BYTES];
	randombytes_buf(nonce, sizeof nonce);
	pii_encrypt_with(k, plain, n, nonce, (unsigned char *)out->data);
	out->len = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + n;
	out->data[out->len] = '\0';
}

void pii_encrypt_with(const struct pii_keys *k, const char *plain, size_t n,
                      const unsigned char nonce[PII_NONCE_BYTES], unsigned char *out)
{
	_Static_assert(PII_NONCE_BYTES == crypto_secretbox_NONCEBYTES, "secretbox nonce");
	_Static_assert(PII_MAC_BYTES == crypto_secretbox_MACBYTES, "secretbox MAC");
	memcpy(out, nonce, PII_NONCE_BYTES);
	crypto_secretbox_easy(out + PII_NONCE_BYTES, (const unsigned char *)plain, n, nonce, k->enc);
}

int pii_decrypt(const struct pii_keys *k, const void *box, size_t len, struct buf *out,
                struct tx_error *err)
{
	const unsigned char *b = box;
	if (len < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
		return tx_fail(err, TX_EIO, M_ERR_KEY_FILE, NULL, "damaged ciphertext");
	size_t n = len - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES;
	buf_reset(out);
	buf_reserve(out, n);
	if (crypto_secretbox_open_easy((unsigned char *)out->data, b + crypto_secretbox_NONCEBYTES,
	                               len - crypto_secretbox_NONCEBYTES, b, k->enc) != 0)
		return tx_fail(err, TX_EIO, M_ERR_KEY_FILE, NULL, "wrong key or altered ciphertext");
	out->len = n;
	out->data[n] = '\0';
	return 0;
}

void pii_lookup_hash(const struct pii_keys *k, const char *value, unsigned char out[PII_HASH_BYTES])
{
	crypto_generichash(out, PII_HASH_BYTES, (const unsigned char *)value, strlen(value), k->lookup,
	                   sizeof k->lookup);
}
