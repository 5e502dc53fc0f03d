import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createPlatformAdmin } from '../src/modules/accounts/service.ts';
import { setAuditKey, verifyAuditChain } from '../src/platform/audit.ts';
import { loadAuditKey } from '../src/platform/audit-key.ts';
import { newTotpSecret, totpCode } from '../src/platform/auth/totp.ts';
import { loadConfig } from '../src/platform/config.ts';
import { openDatabase } from '../src/platform/db/connect.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';
import { seedBase } from '../src/seed.ts';
import { PASSWORD } from './helpers.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ROUNDS = 5;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function startServer(dataDir: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts', 'start'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      KEPU_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (res.ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('server did not start');
}

/** SIGKILLs the server again and again while it writes; every acknowledged write must survive. */
describe('crash safety on SQLite', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kepu-crash-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it(`keeps every acknowledged write across ${ROUNDS} SIGKILLs mid-write`, async () => {
    const file = path.join(dataDir, 'kepu.sqlite');
    // The key file in the data dir: this seed and the server processes sign with it.
    setAuditKey(loadAuditKey(loadConfig({ KEPU_DATA_DIR: dataDir })).key);
    const handle = openDatabase({ kind: 'sqlite', file });
    await migrateToLatest(handle);
    const { rootId } = await seedBase(handle);
    const secret = newTotpSecret();
    const admin = await createPlatformAdmin(handle.db, 'sqlite', loadConfig({}), {
      username: 'crash-admin',
      password: PASSWORD,
    });
    await handle.db
      .updateTable('users')
      .set({ totpSecret: secret, totpEnabledAt: new Date().toISOString() })
      .where('id', '=', admin.id)
      .execute();
    await handle.close();

    const acknowledged = new Set<string>();
    let attempted = 0;
    let session: { cookie: string; csrfToken: string } | null = null;
    for (let round = 0; round < ROUNDS; round++) {
      const port = await freePort();
      const child = await startServer(dataDir, port);
      const base = `http://127.0.0.1:${port}`;
      // One sign-in: the session lives in the database and survives every crash.
      if (!session) {
        const login = await fetch(`${base}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            username: 'crash-admin',
            password: PASSWORD,
            totpCode: totpCode(secret),
          }),
        });
        expect(login.status).toBe(200);
        session = {
          cookie: login.headers.get('set-cookie')!.split(';')[0]!,
          csrfToken: ((await login.json()) as { csrfToken: string }).csrfToken,
        };
      }
      const { cookie, csrfToken } = session;
      let stop = false;
      const writer = async (w: number) => {
        for (let i = 0; !stop; i++) {
          attempted++;
          try {
            const res = await fetch(`${base}/api/organisations`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
              body: JSON.stringify({
                parentId: rootId,
                type: 'OTHER',
                name: `崩溃测试-${round}-${w}-${i}`,
              }),
            });
            if (res.status === 201) acknowledged.add(((await res.json()) as { id: string }).id);
          } catch {
            return; // the server died mid-request: not acknowledged
          }
        }
      };
      const exited = new Promise((r) => child.once('exit', r));
      const writers = [0, 1, 2, 3].map(writer);
      await new Promise((r) => setTimeout(r, 400 + round * 150));
      child.kill('SIGKILL');
      stop = true;
      await Promise.all(writers);
      await exited;
    }

    const check = openDatabase({ kind: 'sqlite', file });
    const rows = await check.db
      .selectFrom('organisations')
      .select('id')
      .where('type', '=', 'OTHER')
      .execute();
    const present = new Set(rows.map((r) => r.id));
    const lost = [...acknowledged].filter((id) => !present.has(id));
    const chain = await verifyAuditChain(check.db);
    await check.close();
    const raw = new Database(file, { readonly: true });
    const integrity = raw.pragma('integrity_check', { simple: true });
    raw.close();

    console.log(
      `crash safety: ${ROUNDS} SIGKILLs, ${attempted} writes sent, ${acknowledged.size} acknowledged, ${lost.length} lost`,
    );
    expect(acknowledged.size).toBeGreaterThan(20);
    expect(attempted).toBeGreaterThan(acknowledged.size);
    expect(lost).toEqual([]);
    expect(integrity).toBe('ok');
    expect(chain.ok).toBe(true);
  });
});

describe('graceful shutdown', () => {
  it('stops on SIGTERM with exit code 0 after closing the server', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kepu-term-'));
    try {
      const port = await freePort();
      const child = await startServer(dataDir, port);
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      await expect(fetch(`http://127.0.0.1:${port}/api/health`)).rejects.toThrow();
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
