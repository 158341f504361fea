/**
 * Encrypts OAuth refresh tokens at rest with AES-256-GCM. The key comes from the config
 * (`store.tokenEncryptionKey`, from the environment or a file); stored text is
 * `v1.<iv>.<tag>.<ciphertext>` in base64url, so a wrong key or a tampered value fails loudly.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface TokenCipher {
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
}

/** Accepts a 32-byte key as 64 hex characters or base64/base64url. */
export function parseEncryptionKey(text: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32) throw new Error('the token encryption key must be 32 bytes (64 hex or 44 base64 characters)');
  return key;
}

/** Creates a cipher for one key. */
export function createTokenCipher(keyText: string): TokenCipher {
  const key = parseEncryptionKey(keyText);
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return ['v1', iv, cipher.getAuthTag(), data]
        .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
        .join('.');
    },
    decrypt(sealed) {
      const [version, iv, tag, data] = sealed.split('.');
      if (version !== 'v1' || !iv || !tag || data === undefined) throw new Error('stored token has an unknown format');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      try {
        return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        throw new Error('stored token cannot be decrypted: wrong encryption key or tampered data');
      }
    }
  };
}
