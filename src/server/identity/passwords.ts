import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hash, verify, type Options } from '@node-rs/argon2';
import type { FieldError } from '../platform/http/problem.ts';

export const MIN_PASSWORD_LENGTH = 12;
const MAX_PASSWORD_LENGTH = 256;

// OWASP's argon2id baseline (m = 19 MiB, t = 2, p = 1).
const ARGON2ID = 2; // Algorithm.Argon2id (a const enum, not importable as a value here)
const ARGON2_OPTIONS: Options = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

let commonPasswords: Set<string> | undefined;
function isCommon(password: string): boolean {
  commonPasswords ??= new Set(
    fs
      .readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'common-passwords.txt'), 'utf8')
      .split('\n')
      .filter((line) => line && !line.startsWith('#')),
  );
  return commonPasswords.has(password.toLowerCase());
}

/** The password policy: length ≥ 12, not in the list of common passwords, not the username. */
export function passwordProblems(password: string, field: string, username?: string): FieldError[] {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return [
      {
        field,
        code: 'too_short',
        message: `La contraseña debe tener al menos ${MIN_PASSWORD_LENGTH} caracteres.`,
      },
    ];
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    return [
      { field, code: 'too_long', message: `La contraseña admite hasta ${MAX_PASSWORD_LENGTH} caracteres.` },
    ];
  }
  if (isCommon(password)) {
    return [{ field, code: 'too_common', message: 'Esa contraseña es de las más usadas; elija otra.' }];
  }
  if (username && password.toLowerCase().includes(username.toLowerCase())) {
    return [
      { field, code: 'contains_username', message: 'La contraseña no debe contener el nombre de usuario.' },
    ];
  }
  return [];
}

export const hashPassword = (password: string) => hash(password, ARGON2_OPTIONS);

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (!passwordHash) return false;
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Spends the same time as a real verification, so an unknown username is not revealed by timing. */
let dummyHash: Promise<string> | undefined;
export async function verifyAgainstNothing(password: string): Promise<false> {
  dummyHash ??= hashPassword('amparo-timing-equaliser');
  await verify(await dummyHash, password).catch(() => false);
  return false;
}
