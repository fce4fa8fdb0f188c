import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const SEALED = 'v1.';

/**
 * The TOTP secret as stored: AES-256-GCM under TWO_STEP_SECRET_KEY when one is configured
 * (`v1.<iv>.<tag>.<ciphertext>`, base64url), else the base32 secret itself. A stolen database then
 * holds no usable authenticator without the key.
 */
export function sealSecret(secret: string, key: Buffer | null): string {
  if (!key) return secret;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return `${SEALED}${iv.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}.${sealed.toString('base64url')}`;
}

/** The base32 secret back from what sealSecret stored. Throws when it is sealed and the key is missing or another. */
export function openSecret(stored: string, key: Buffer | null): string {
  if (!stored.startsWith(SEALED)) return stored;
  if (!key) throw new Error('two-step secrets are encrypted: TWO_STEP_SECRET_KEY is not set');
  const [iv, tag, sealed] = stored.slice(SEALED.length).split('.').map((part) => Buffer.from(part, 'base64url'));
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(sealed), decipher.final()]).toString('utf8');
}
