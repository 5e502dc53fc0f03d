import path from 'node:path';
import { z } from 'zod';

/**
 * SQLite's page cache by default, MiB. Measured (issue 15): searches at 100,000 and 1,000,000
 * works were no faster with 128 MiB than with 32, nor at 100,000 with 32 than with 8 (the pages
 * come from the OS cache); it is the server's own memory (8 instead of 32: idle RSS −12 MiB).
 */
export const DEFAULT_SQLITE_CACHE_MIB = 8;

/** Security profile: `standard`, or `dengbao` (等保 2.0) which adds complexity, rotation and lockout. */
export const SecurityProfileSchema = z.enum(['standard', 'dengbao']);

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  KEPU_DATA_DIR: z.string().min(1).default('data'),
  DATABASE_URL: z
    .string()
    .refine(
      (v) =>
        v.startsWith('postgres://') || v.startsWith('postgresql://') || v.startsWith('sqlite:'),
      {
        message: 'must start with postgres://, postgresql:// or sqlite:',
      },
    )
    .optional(),
  KEPU_PUBLIC_URL: z.url().optional(),
  KEPU_SECURITY_PROFILE: SecurityProfileSchema.default('standard'),
  KEPU_SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  KEPU_SESSION_ABSOLUTE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  KEPU_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  KEPU_REGISTRATIONS_PER_HOUR: z.coerce.number().int().min(1).max(1_000_000).default(20),
  // The audit chain's HMAC key: at least 32 characters (e.g. `openssl rand -hex 32`); never logged.
  KEPU_AUDIT_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  KEPU_AUDIT_KEY_FILE: z.string().min(1).optional(),
  // How long a write waits for a lock another process holds, then answers 503 (SQLite's busy
  // timeout, PostgreSQL's lock_timeout). At least 1 ms: PostgreSQL reads 0 as "wait for ever".
  KEPU_DB_BUSY_TIMEOUT_MS: z.coerce.number().int().min(1).max(600_000).default(5000),
  // SQLite's page cache in MiB (memory is taken only as pages are read; beyond it a page comes from
  // the operating system's cache, a system call each).
  KEPU_SQLITE_CACHE_MIB: z.coerce
    .number()
    .int()
    .min(1)
    .max(65_536)
    .default(DEFAULT_SQLITE_CACHE_MIB),
  // Outgoing mail (notifications): smtp:// or smtps://user:password@host:port. Unset: inbox only.
  KEPU_SMTP_URL: z
    .url()
    .refine((v) => /^smtps?:\/\//.test(v), { message: 'must start with smtp:// or smtps://' })
    .optional(),
  // The From of every mail, e.g. "自然资源科普服务平台 <kepu@example.gov.cn>".
  KEPU_MAIL_FROM: z.string().min(3).max(200).optional(),
  // 0: this node runs no background jobs (another node does; every node may run them).
  KEPU_JOBS: z.enum(['0', '1']).default('1'),
  // 1: every answer is also parsed by its zod schema and the compiled writer checked against it
  // (the tests and browser journeys run so); 0 (default): answers are written by the compiled
  // writer alone.
  KEPU_STRICT_RESPONSES: z.enum(['0', '1']).default('0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type SecurityProfile = z.infer<typeof SecurityProfileSchema>;

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  database: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };
  publicUrl: string;
  /** Serve cookies with Secure and the __Host- prefix (when the public URL is https). */
  secureCookies: boolean;
  securityProfile: SecurityProfile;
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  bodyLimit: number;
  /** New accounts one address may register in an hour. */
  registrationsPerHour: number;
  /** SQLite's page cache, MiB (KEPU_SQLITE_CACHE_MIB). */
  sqliteCacheMiB: number;
  /** How long a write waits for a database lock before answering 503 DATABASE_BUSY. */
  dbBusyTimeoutMs: number;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  /** Run the background job runner on this node (KEPU_JOBS, default on). */
  jobsEnabled: boolean;
  /** Outgoing mail server (KEPU_SMTP_URL); null: notifications stay in the inbox. */
  smtpUrl: string | null;
  /** The From of every mail: KEPU_MAIL_FROM, or the platform's name at the public host. */
  mailFrom: string;
  /** The audit chain's key from KEPU_AUDIT_KEY; otherwise `auditKeyFile` holds it. */
  auditKey: string | null;
  /** Where the audit key is kept (created at first start): KEPU_AUDIT_KEY_FILE or `<dataDir>/audit.key`. */
  auditKeyFile: string;
  /** Parse every answer with its zod schema too (KEPU_STRICT_RESPONSES=1; see serialize.ts). */
  strictResponses: boolean;
  /** Folder of the built web app; absent in API-only tests. */
  webDist?: string;
}

export class ConfigError extends Error {}

/** Reads and validates configuration from the environment; throws ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`配置有误 / invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.KEPU_DATA_DIR);
  const url = e.DATABASE_URL;
  const database: Config['database'] =
    url && !url.startsWith('sqlite:')
      ? { kind: 'postgres', url }
      : {
          kind: 'sqlite',
          file: url ? url.slice('sqlite:'.length) : path.join(dataDir, 'kepu.sqlite'),
        };
  const publicUrl = e.KEPU_PUBLIC_URL ?? `http://localhost:${e.PORT}`;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    database,
    publicUrl,
    secureCookies: publicUrl.startsWith('https://'),
    securityProfile: e.KEPU_SECURITY_PROFILE,
    sessionIdleMs: e.KEPU_SESSION_IDLE_MINUTES * 60_000,
    sessionAbsoluteMs: e.KEPU_SESSION_ABSOLUTE_HOURS * 3_600_000,
    bodyLimit: e.KEPU_BODY_LIMIT_BYTES,
    registrationsPerHour: e.KEPU_REGISTRATIONS_PER_HOUR,
    dbBusyTimeoutMs: e.KEPU_DB_BUSY_TIMEOUT_MS,
    sqliteCacheMiB: e.KEPU_SQLITE_CACHE_MIB,
    logLevel: e.LOG_LEVEL,
    jobsEnabled: e.KEPU_JOBS === '1',
    strictResponses: e.KEPU_STRICT_RESPONSES === '1',
    smtpUrl: e.KEPU_SMTP_URL ?? null,
    mailFrom: e.KEPU_MAIL_FROM ?? `自然资源科普服务平台 <noreply@${new URL(publicUrl).hostname}>`,
    auditKey: e.KEPU_AUDIT_KEY ?? null,
    auditKeyFile: path.resolve(e.KEPU_AUDIT_KEY_FILE ?? path.join(dataDir, 'audit.key')),
  };
}
