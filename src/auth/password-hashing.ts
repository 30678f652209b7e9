import argon2 from 'argon2';

/**
 * argon2id cost profiles. STRONG (the default everywhere but tests) is the library's default:
 * 64 MiB, 3 passes, 4 lanes, above the OWASP minimum. FAST exists only so that test suites that
 * create and sign in hundreds of users stay quick; configuration refuses it in production.
 */
export type PasswordHashProfile = 'STRONG' | 'FAST';

const OPTIONS: Record<PasswordHashProfile, argon2.HashOptions & { raw?: false }> = {
  STRONG: { type: argon2.argon2id },
  FAST: { type: argon2.argon2id, memoryCost: 4096, timeCost: 1, parallelism: 1 },
};

export function hashPassword(password: string, profile: PasswordHashProfile = 'STRONG'): Promise<string> {
  return argon2.hash(password, OPTIONS[profile]);
}
