import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type Config, ConfigError } from './config.ts';

export interface LoadedAuditKey {
  key: Buffer;
  /** `env`: KEPU_AUDIT_KEY; `file`: the key file. */
  source: 'env' | 'file';
  /** The key file (also when the key came from the environment: where it would be). */
  file: string;
  /** Created by this call (first start). */
  created: boolean;
  /** The key file can be read by others than its owner (should be 0600). */
  looseMode: boolean;
}

const KEY_FILE_TEXT = /^[0-9a-f]{64}$/;

function readKeyFile(file: string): Buffer {
  const text = fs.readFileSync(file, 'utf8').trim();
  if (!KEY_FILE_TEXT.test(text))
    throw new ConfigError(
      `审计密钥文件格式有误（应为 64 位十六进制）/ audit key file is not 64 hex characters: ${file}`,
    );
  return Buffer.from(text, 'hex');
}

/**
 * The audit chain's key: KEPU_AUDIT_KEY, else the key file (KEPU_AUDIT_KEY_FILE or
 * `<dataDir>/audit.key`), created with 32 random bytes and mode 0600 at first start unless
 * `create` is false (restore and verify must not invent a key the chain was never signed with).
 * The key itself is never logged.
 */
export function loadAuditKey(
  config: Pick<Config, 'auditKey' | 'auditKeyFile'>,
  { create = true }: { create?: boolean } = {},
): LoadedAuditKey {
  const file = config.auditKeyFile;
  if (config.auditKey)
    return {
      key: Buffer.from(config.auditKey, 'utf8'),
      source: 'env',
      file,
      created: false,
      looseMode: false,
    };
  if (fs.existsSync(file)) {
    const mode = fs.statSync(file).mode & 0o777;
    return {
      key: readKeyFile(file),
      source: 'file',
      file,
      created: false,
      looseMode: (mode & 0o077) !== 0,
    };
  }
  if (!create)
    throw new ConfigError(
      `找不到审计密钥 / audit key not found: ${file}（请设置 KEPU_AUDIT_KEY 或 KEPU_AUDIT_KEY_FILE / set KEPU_AUDIT_KEY or KEPU_AUDIT_KEY_FILE）`,
    );
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  // Written whole to a private temporary file, then linked into place: two processes starting
  // at once end up with one key (link fails when the file exists), never a half-written one.
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(tmp, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  let created = true;
  try {
    fs.linkSync(tmp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    created = false;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  return { key: readKeyFile(file), source: 'file', file, created, looseMode: false };
}
