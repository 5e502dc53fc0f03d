import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { buildApp } from '../src/app.ts';
import type { App } from '../src/platform/app-types.ts';
import { setAuditKey } from '../src/platform/audit.ts';
import { loadAuditKey } from '../src/platform/audit-key.ts';
import { type Config, loadConfig } from '../src/platform/config.ts';
import { type DbHandle, databaseOptions, openDatabase } from '../src/platform/db/connect.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';
import type { Role } from '../src/platform/policy.ts';
import { seedBase } from '../src/seed.ts';
import { freshTotpCode } from './totp-clock.ts';

export type Dialect = 'sqlite' | 'postgres';

/** SQLite always; PostgreSQL too when KEPU_TEST_PG_URL is set (CI sets it). */
export const DIALECTS: Dialect[] = process.env.KEPU_TEST_PG_URL
  ? ['sqlite', 'postgres']
  : ['sqlite'];

export interface TestEnv {
  app: App;
  handle: DbHandle;
  config: Config;
  rootId: string;
  close(): Promise<void>;
}

/** An empty database of this dialect (no schema) and a way to drop it. */
export async function freshDatabase(
  dialect: Dialect,
): Promise<{ database: Config['database']; drop: () => Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kepu-test-'));
    return {
      database: { kind: 'sqlite', file: path.join(dir, 'kepu.sqlite') },
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const adminUrl = process.env.KEPU_TEST_PG_URL!;
  const name = `kepu_t_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    database: { kind: 'postgres', url: url.toString() },
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      // The app's pool is closing: wait for its connections to go, so that the forced drop does
      // not kill a client that is still saying goodbye (an unhandled 57P01 in the test run).
      for (let i = 0; i < 100; i++) {
        const r = await c.query(
          'select count(*)::int as n from pg_stat_activity where datname = $1',
          [name],
        );
        if (r.rows[0].n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** A migrated, seeded database and an app on it; one per test file (isolation by database). */
export async function createTestEnv(
  dialect: Dialect,
  env: Record<string, string> = {},
): Promise<TestEnv> {
  const { database, drop } = await freshDatabase(dialect);
  // Uploaded files go to a folder of this test's own.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kepu-files-'));
  const config: Config = {
    // Many people register from 127.0.0.1 in one test file; the limit has its own test.
    ...loadConfig({
      LOG_LEVEL: 'silent',
      KEPU_DATA_DIR: dataDir,
      KEPU_REGISTRATIONS_PER_HOUR: '100000',
      // Every answer is parsed by its zod schema and the compiled writer checked against it.
      KEPU_STRICT_RESPONSES: '1',
      ...env,
    }),
    database,
  };
  const handle = openDatabase(database, databaseOptions(config));
  // The seed writes audit rows before buildApp: the key (in the test's data dir) comes first.
  setAuditKey(loadAuditKey(config).key);
  await migrateToLatest(handle);
  const { rootId } = await seedBase(handle);
  const app = await buildApp(config, handle, { logger: false });
  await app.ready();
  return {
    app,
    handle,
    config,
    rootId,
    close: async () => {
      await app.close();
      await handle.close();
      await drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Res<T = unknown> {
  status: number;
  body: T;
  headers: Record<string, unknown>;
}

/** A browser-like client: keeps the session cookie and sends the CSRF token on writes. */
export class Agent {
  cookie: string | null = null;
  csrf: string | null = null;
  constructor(
    readonly app: App,
    readonly ip = '127.0.0.1',
  ) {}

  async request<T = Record<string, unknown>>(
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Res<T>> {
    const h: Record<string, string> = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (this.csrf && method !== 'GET') h['x-csrf-token'] = this.csrf;
    const res = await this.app.inject({
      method,
      url,
      headers: h,
      remoteAddress: this.ip,
      ...(body !== undefined ? { payload: body as Record<string, unknown> } : {}),
    });
    const set = res.headers['set-cookie'];
    for (const c of Array.isArray(set) ? set : set ? [set] : []) {
      const [pair] = c.split(';');
      if (pair?.includes('kepu_sid=')) this.cookie = pair.endsWith('=') ? null : pair;
    }
    const parsed = res.headers['content-type']?.toString().includes('json')
      ? res.json()
      : res.rawPayload;
    if (parsed && typeof parsed === 'object' && 'csrfToken' in parsed)
      this.csrf = String(parsed.csrfToken);
    return { status: res.statusCode, body: parsed as T, headers: res.headers };
  }
  get = <T = Record<string, unknown>>(url: string, headers?: Record<string, string>) =>
    this.request<T>('GET', url, undefined, headers);
  post = <T = Record<string, unknown>>(
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) => this.request<T>('POST', url, body ?? {}, headers);
  patch = <T = Record<string, unknown>>(url: string, body: unknown) =>
    this.request<T>('PATCH', url, body);
  put = <T = Record<string, unknown>>(url: string, body: unknown) =>
    this.request<T>('PUT', url, body);
  del = <T = Record<string, unknown>>(url: string, body?: unknown) =>
    this.request<T>('DELETE', url, body);

  /** Uploads raw bytes (the media API's body is the file itself). */
  async upload<T = Record<string, unknown>>(
    url: string,
    bytes: Buffer,
    headers: Record<string, string> = {},
  ): Promise<Res<T>> {
    const h: Record<string, string> = { 'content-type': 'application/octet-stream', ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (this.csrf) h['x-csrf-token'] = this.csrf;
    const res = await this.app.inject({
      method: 'POST',
      url,
      headers: h,
      payload: bytes,
      remoteAddress: this.ip,
    });
    const parsed = res.headers['content-type']?.toString().includes('json')
      ? res.json()
      : res.rawPayload;
    return { status: res.statusCode, body: parsed as T, headers: res.headers };
  }

  async login(username: string, password: string, totpSecret?: string) {
    const res = await this.post('/api/auth/login', {
      username,
      password,
      ...(totpSecret ? { totpCode: await freshTotpCode(totpSecret) } : {}),
    });
    if (res.status !== 200)
      throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res;
  }
}

export const PASSWORD = 'Kepu-Test-Passw0rd!';
/** What every registration must carry: a birth year and consent to the current documents. */
export const CONSENT = { privacyVersion: 1, termsVersion: 1 };
export const ADULT = { birthYear: 1990, consent: CONSENT };
let counter = 0;
export const uniqueName = (prefix: string) =>
  `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}`;

/** A platform admin who finished TOTP enrolment, signed in. */
export async function buildPlatformAdmin(
  env: TestEnv,
): Promise<{ agent: Agent; userId: string; totpSecret: string }> {
  const agent = new Agent(env.app);
  const username = uniqueName('admin');
  const { createPlatformAdmin } = await import('../src/modules/accounts/service.ts');
  const user = await createPlatformAdmin(env.handle.db, env.handle.dialect, env.config, {
    username,
    password: PASSWORD,
  });
  await agent.login(username, PASSWORD);
  const setup = await agent.post<{ secret: string }>('/api/auth/totp/setup');
  await agent.post('/api/auth/totp/confirm', { code: await freshTotpCode(setup.body.secret) });
  return { agent, userId: user.id, totpSecret: setup.body.secret };
}

/** An organisation under `parentId` (default the root), created through the API by `admin`. */
export async function buildOrganisation(
  admin: Agent,
  parentId: string,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; name: string }> {
  const res = await admin.post<{ id: string; name: string }>('/api/organisations', {
    parentId,
    type: 'RESEARCH_UNIT',
    name: uniqueName('测试单位'),
    ...overrides,
  });
  if (res.status !== 201)
    throw new Error(`create organisation failed: ${JSON.stringify(res.body)}`);
  return res.body;
}

/**
 * The units most call and review tests stand on: the ministry's 科普工作办公室 (it runs calls),
 * 湖南省自然资源厅 and 四川省自然资源厅, 湖南省地质博物馆 under 湖南 (it applies) and 地质研究所
 * (where reviewers work). `museum` changes the museum's fields.
 */
export async function buildCallOrganisations(
  env: TestEnv,
  admin: Agent,
  museum: Record<string, unknown> = {},
) {
  const office = await buildOrganisation(admin, env.rootId, {
    type: 'MINISTRY_OFFICE',
    name: '科普工作办公室',
    tree: 'DEPT',
  });
  const hunan = await buildOrganisation(admin, env.rootId, {
    type: 'PROVINCIAL_DEPT',
    name: '湖南省自然资源厅',
    tree: 'ADMIN',
    divisionCode: '430000',
  });
  const sichuan = await buildOrganisation(admin, env.rootId, {
    type: 'PROVINCIAL_DEPT',
    name: '四川省自然资源厅',
    tree: 'ADMIN',
    divisionCode: '510000',
  });
  return {
    office,
    hunan,
    sichuan,
    museum: await buildOrganisation(admin, hunan.id, {
      type: 'BASE_HOST',
      name: '湖南省地质博物馆',
      ...museum,
    }),
    institute: await buildOrganisation(admin, env.rootId, {
      type: 'RESEARCH_UNIT',
      name: '地质研究所',
      tree: 'DEPT',
    }),
  };
}

/** A user holding `role` on `organisationId`, signed in. */
export async function buildUserWithRole(
  env: TestEnv,
  admin: Agent,
  role: Role,
  organisationId: string,
) {
  const username = uniqueName('u');
  const res = await admin.post<{ id: string }>('/api/users', {
    username,
    password: PASSWORD,
    displayName: '测试用户',
    role,
    organisationId,
  });
  if (res.status !== 201) throw new Error(`create user failed: ${JSON.stringify(res.body)}`);
  const agent = new Agent(env.app);
  await agent.login(username, PASSWORD);
  return { agent, userId: res.body.id, username };
}

/**
 * A work written by `editor` in `organisationId`, passed by `checker`'s science check and
 * published (each step must succeed); `fields` add to or replace the defaults. Returns its id.
 */
export async function buildPublishedWork(
  editor: Agent,
  checker: Agent,
  organisationId: string,
  title: string,
  fields: Record<string, unknown> = {},
): Promise<string> {
  const w = await editor.post<{ id: string }>('/api/works', {
    organisationId,
    type: 'PERIODICAL_ARTICLE',
    title,
    summary: `${title}的简介`,
    sectors: ['OCEAN'],
    ...fields,
  });
  if (w.status !== 201) throw new Error(`create work failed: ${JSON.stringify(w.body)}`);
  for (const [who, step, body] of [
    [editor, 'submit', undefined],
    [checker, 'check', { decision: 'PASSED' }],
    [editor, 'publish', undefined],
  ] as const) {
    const r = await who.post(`/api/works/${w.body.id}/${step}`, body);
    if (r.status !== 200) throw new Error(`work ${step} failed: ${JSON.stringify(r.body)}`);
  }
  return w.body.id;
}

/** A self-registered member of the public, signed in. */
export async function buildPublicUser(env: TestEnv) {
  const agent = new Agent(env.app);
  const username = uniqueName('p');
  const res = await agent.post<{ user: { id: string } }>('/api/auth/register', {
    ...ADULT,
    username,
    password: PASSWORD,
    displayName: '公众用户',
  });
  if (res.status !== 201) throw new Error(`register failed: ${JSON.stringify(res.body)}`);
  return { agent, userId: res.body.user.id, username };
}

/** An xlsx answer's first sheet as rows of cell texts (header row first); fails on a non-200. */
export async function xlsxRows(res: Res<unknown>): Promise<string[][]> {
  if (res.status !== 200) throw new Error(`export failed: ${res.status} ${String(res.body)}`);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.body as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const rows: string[][] = [];
  ws.eachRow((row) =>
    rows.push(
      Array.from({ length: ws.columnCount }, (_, i) => {
        const v = row.getCell(i + 1).value;
        return v === null || v === undefined ? '' : String(v);
      }),
    ),
  );
  return rows;
}
