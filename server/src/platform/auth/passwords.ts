import fs from 'node:fs';
import { hash, verify } from '@node-rs/argon2';
import type { SecurityProfile } from '../config.ts';
import { fromRoot } from '../paths.ts';

export const PASSWORD_MIN = 8;
/** Longer passwords are refused, never silently truncated. */
export const PASSWORD_MAX = 128;
/** 等保 profile: a password older than this must be changed before anything else. */
export const DENGBAO_ROTATION_DAYS = 90;

const COMMON = new Set(
  fs
    .readFileSync(fromRoot('server/src/platform/auth/common-passwords.txt'), 'utf8')
    .split('\n')
    .map((l) => l.trim().toLowerCase())
    .filter((l) => l && !l.startsWith('#')),
);

// OWASP-recommended argon2id parameters (19 MiB, 2 passes).
// The library's default algorithm is argon2id (its const enum cannot be imported under verbatimModuleSyntax).
const ARGON = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash to verify against when the user does not exist, so timing does not reveal usernames. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('kepu-timing-equaliser-not-a-password');
  return dummyHash;
}

export interface PasswordProblem {
  zh: string;
  en: string;
}

function isTrivialSequence(pw: string): boolean {
  if (new Set(pw).size <= 2) return true;
  let asc = true;
  let desc = true;
  for (let i = 1; i < pw.length; i++) {
    const d = pw.charCodeAt(i) - pw.charCodeAt(i - 1);
    if (d !== 1) asc = false;
    if (d !== -1) desc = false;
  }
  return asc || desc;
}

/** Returns why a password is not acceptable, or null. Length is counted in characters. */
export function checkPassword(
  password: string,
  profile: SecurityProfile,
  context: { username?: string } = {},
): PasswordProblem | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN)
    return { zh: `至少 ${PASSWORD_MIN} 个字符`, en: `at least ${PASSWORD_MIN} characters` };
  if (length > PASSWORD_MAX)
    return { zh: `不能超过 ${PASSWORD_MAX} 个字符`, en: `at most ${PASSWORD_MAX} characters` };
  const lower = password.toLowerCase();
  if (COMMON.has(lower) || isTrivialSequence(password))
    return { zh: '这是常见密码，容易被猜到', en: 'it is a commonly used password' };
  if (context.username && lower.includes(context.username.toLowerCase()))
    return { zh: '不能包含用户名', en: 'it must not contain the username' };
  if (profile === 'dengbao') {
    const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
    if (classes < 3)
      return {
        zh: '等保模式下须包含大写字母、小写字母、数字、符号中的至少三类',
        en: 'in the 等保 profile it must mix at least three of: upper case, lower case, digits, symbols',
      };
  }
  return null;
}
