import { randomInt } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import type { KeyedHasher } from '../platform/crypto/envelope.ts';

/** RFC 6238 as every authenticator app understands it: SHA-1, 6 digits, 30-second steps. */
const TOTP_SETTINGS = { algorithm: 'SHA1', digits: 6, period: 30 } as const;
const ISSUER = 'Amparo';
/** One step either side of now, for phones whose clock is a little off. */
const WINDOW = 1;

export const RECOVERY_CODE_COUNT = 10;
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'; // no 0/o, 1/l/i
const RECOVERY_HASH_PURPOSE = 'recovery-code';

/** A new random TOTP secret (160 bits), in base32 as authenticator apps take it. */
export const newTotpSecret = () => new Secret({ size: 20 }).base32;

const totpOf = (secretBase32: string, username: string) =>
  new TOTP({ ...TOTP_SETTINGS, issuer: ISSUER, label: username, secret: Secret.fromBase32(secretBase32) });

export async function enrolmentMaterial(secretBase32: string, username: string) {
  const otpauthUri = totpOf(secretBase32, username).toString();
  const qrSvg = await QRCode.toString(otpauthUri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { secret: secretBase32, otpauthUri, qrSvg };
}

export const looksLikeTotpCode = (code: string) => /^\d{6}$/.test(code.replace(/\s/g, ''));

/**
 * The time step of a valid code, or undefined. The caller refuses a step not later than the last one
 * accepted, so an observed code cannot be replayed.
 */
export function totpStep(secretBase32: string, code: string, now = Date.now()): number | undefined {
  const token = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(token)) return undefined;
  const delta = TOTP.validate({
    ...TOTP_SETTINGS,
    secret: Secret.fromBase32(secretBase32),
    token,
    timestamp: now,
    window: WINDOW,
  });
  return delta === null ? undefined : TOTP.counter({ period: TOTP_SETTINGS.period, timestamp: now }) + delta;
}

/** Ten single-use codes, shown once, like "k7m2p-x9qaz". */
export function newRecoveryCodes(): string[] {
  const one = () =>
    Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('');
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const code = one();
    return `${code.slice(0, 5)}-${code.slice(5)}`;
  });
}

/** Stored form of a recovery code: a keyed hash bound to the user (hex), never the code. */
export const recoveryCodeHash = (hasher: KeyedHasher, userId: string, code: string) =>
  hasher
    .hash(RECOVERY_HASH_PURPOSE, `${userId}:${code.toLowerCase().replace(/[^a-z0-9]/g, '')}`)
    .toString('hex');
