import { createHash, randomBytes } from 'node:crypto';

/**
 * Opaque bearer secrets handed out once (share links, refresh tokens): 32 random bytes, base64url
 * (43 characters). Only the sha256 is stored: the tokens carry 256 bits of entropy, so a fast hash
 * is enough and lookups stay one index probe.
 */
export const OPAQUE_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashOpaqueToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
