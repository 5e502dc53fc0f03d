import SQLite from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/platform/config.ts';
import { openDatabase } from '../src/platform/db/connect.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';
import { seedBase } from '../src/seed.ts';
import {
  ADULT,
  type Agent,
  buildPlatformAdmin,
  createTestEnv,
  DIALECTS,
  freshDatabase,
  type TestEnv,
  uniqueName,
} from './helpers.ts';

/** Short enough for a test, long enough to tell waiting from failing at once. */
const BUSY_MS = 800;

type ErrorBody = { error: { code: string; message: string } };

/** Another client of the same database holding the write lock (SQLite) or the audit head row. */
interface LockHolder {
  hold(): Promise<void>;
  release(): Promise<void>;
  close(): Promise<void>;
}

async function lockHolder(env: TestEnv): Promise<LockHolder> {
  const database = env.config.database;
  if (database.kind === 'sqlite') {
    // A second connection, as another process would have: BEGIN IMMEDIATE takes the write lock.
    const other = new SQLite(database.file);
    return {
      hold: async () => void other.exec('begin immediate'),
      release: async () => void other.exec('rollback'),
      close: async () => void other.close(),
    };
  }
  // Every audited write moves the audit head (a row of settings): lock that row elsewhere.
  const other = new pg.Client({ connectionString: database.url });
  await other.connect();
  return {
    hold: async () => {
      await other.query('begin');
      await other.query("select value from settings where key = 'audit.head' for update");
    },
    release: async () => void (await other.query('rollback')),
    close: () => other.end(),
  };
}

describe.each(DIALECTS)('a database locked by another client on %s', (dialect) => {
  let env: TestEnv;
  let admin: Agent;
  let holder: LockHolder;

  beforeAll(async () => {
    env = await createTestEnv(dialect, { KEPU_DB_BUSY_TIMEOUT_MS: String(BUSY_MS) });
    admin = (await buildPlatformAdmin(env)).agent;
    holder = await lockHolder(env);
  });
  afterAll(async () => {
    await holder.close();
    await env.close();
  });

  /** A write that reads first (parent, audit head) and then writes: the case that failed at once. */
  const createOrganisation = (headers: Record<string, string> = {}) =>
    admin.post<ErrorBody>(
      '/api/organisations',
      { parentId: env.rootId, type: 'RESEARCH_UNIT', name: uniqueName('锁等待单位') },
      headers,
    );

  it('waits the busy timeout for the lock, then answers 503 DATABASE_BUSY with Retry-After', async () => {
    await holder.hold();
    try {
      const started = Date.now();
      const res = await createOrganisation();
      const waited = Date.now() - started;
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('DATABASE_BUSY');
      expect(res.body.error.message).toBe('数据库正忙，请稍后重试');
      expect(res.headers['retry-after']).toBe('5');
      expect(waited).toBeGreaterThanOrEqual(BUSY_MS - 50);
      expect(waited).toBeLessThan(BUSY_MS + 1500);
      const en = await createOrganisation({ 'accept-language': 'en-US' });
      expect(en.status).toBe(503);
      expect(en.body.error.message).toBe('The database is busy; please try again in a moment');
    } finally {
      await holder.release();
    }
    expect((await createOrganisation()).status).toBe(201);
  });

  it('succeeds when the lock is released while the write waits', async () => {
    await holder.hold();
    const released = new Promise<void>((resolve) =>
      setTimeout(() => void holder.release().then(resolve), BUSY_MS / 2),
    );
    const started = Date.now();
    const res = await createOrganisation();
    await released;
    expect(res.status).toBe(201);
    expect(Date.now() - started).toBeGreaterThanOrEqual(BUSY_MS / 2 - 50);
  });

  it('keeps answering reads while a write waits for the lock', async () => {
    await holder.hold();
    try {
      const write = createOrganisation();
      const started = Date.now();
      const read = await admin.get<{ total: number }>('/api/organisations?pageSize=5');
      const readMs = Date.now() - started;
      expect(read.status).toBe(200);
      expect(read.body.total).toBeGreaterThan(0);
      // SQLite: the process is not frozen in a busy handler, and the waiting write hands the
      // connection over between its tries.
      expect(readMs).toBeLessThan(BUSY_MS / 2);
      expect((await write).status).toBe(503);
    } finally {
      await holder.release();
    }
  });

  it('reports in /api/health whether the database can be written', async () => {
    expect((await admin.get('/api/health')).body).toMatchObject({
      status: 'ok',
      database: { reachable: true, writable: true },
    });
    if (dialect !== 'sqlite') return; // a PostgreSQL row lock leaves the rest writable
    await holder.hold();
    try {
      const res = await admin.get('/api/health');
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({
        status: 'degraded',
        database: { dialect, reachable: true, writable: false },
        storage: { writable: true },
      });
    } finally {
      await holder.release();
    }
    expect((await admin.get('/api/health')).status).toBe(200);
  });
});

describe('PostgreSQL that cannot be written or reached', () => {
  it.runIf(DIALECTS.includes('postgres'))(
    'answers 503 DATABASE_UNAVAILABLE on a read-only database and says so in /api/health',
    async () => {
      const { database, drop } = await freshDatabase('postgres');
      if (database.kind !== 'postgres') throw new Error('unreachable');
      const name = new URL(database.url).pathname.slice(1);
      const setup = openDatabase(database);
      await migrateToLatest(setup);
      await seedBase(setup);
      await setup.close();
      // As a standby or a database an operator made read-only: new connections cannot write.
      const admin = new pg.Client({ connectionString: process.env.KEPU_TEST_PG_URL });
      await admin.connect();
      await admin.query(`alter database ${name} set default_transaction_read_only = on`);
      await admin.end();
      const handle = openDatabase(database);
      const app = await buildApp({ ...loadConfig({ LOG_LEVEL: 'silent' }), database }, handle, {
        logger: false,
      });
      try {
        const health = await app.inject({ method: 'GET', url: '/api/health' });
        expect(health.statusCode).toBe(503);
        expect(health.json()).toMatchObject({
          status: 'degraded',
          database: { dialect: 'postgres', reachable: true, writable: false },
        });
        const write = await app.inject({
          method: 'POST',
          url: '/api/auth/register',
          payload: {
            ...ADULT,
            username: 'readonly1',
            password: 'Kepu-Test-Passw0rd!',
            displayName: '某',
          },
        });
        expect(write.statusCode).toBe(503);
        expect(write.json().error.code).toBe('DATABASE_UNAVAILABLE');
        expect(write.headers['retry-after']).toBe('30');
      } finally {
        await app.close();
        await handle.close();
        await drop();
      }
    },
  );

  it('answers 503 DATABASE_UNAVAILABLE with Retry-After when the server refuses connections', async () => {
    // Port 1 on loopback: nothing listens, the connection is refused at once.
    const database = { kind: 'postgres' as const, url: 'postgres://kepu@127.0.0.1:1/kepu' };
    const handle = openDatabase(database);
    const app = await buildApp({ ...loadConfig({ LOG_LEVEL: 'silent' }), database }, handle, {
      logger: false,
    });
    try {
      const login = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'someone', password: 'whatever-it-is' },
        headers: { 'accept-language': 'en-US' },
      });
      expect(login.statusCode).toBe(503);
      expect(login.headers['retry-after']).toBe('30');
      expect(login.json().error).toEqual({
        code: 'DATABASE_UNAVAILABLE',
        message: 'The database cannot be reached at the moment; please try again later',
        details: null,
      });
      const health = await app.inject({ method: 'GET', url: '/api/health' });
      expect(health.statusCode).toBe(503);
      expect(health.json()).toMatchObject({
        status: 'degraded',
        database: { dialect: 'postgres', reachable: false, writable: false },
      });
    } finally {
      await app.close();
      await handle.close();
    }
  });
});
