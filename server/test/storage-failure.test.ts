import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import type { App } from '../src/platform/app-types.ts';
import {
  Agent,
  buildOrganisation,
  buildPlatformAdmin,
  createTestEnv,
  DIALECTS,
  type TestEnv,
} from './helpers.ts';
import { png } from './media-fixtures.ts';

type ErrorBody = { error: { code: string; message: string } };

/** Whether this process can create a file in `dir` now. */
function canWrite(dir: string): boolean {
  const probe = path.join(dir, `.probe-${process.pid}`);
  try {
    fs.writeFileSync(probe, '');
    fs.rmSync(probe);
    return true;
  } catch {
    return false;
  }
}

const run = (cmd: string, args: string[]) => {
  try {
    execFileSync(cmd, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

/**
 * Makes `dir` and its sub-folders read-only, by the first means that binds this process: chmod
 * (not for root), the immutable attribute (root on ext4, xfs, btrfs), or a read-only bind mount
 * of the folder on itself (root with CAP_SYS_ADMIN). Gives back how, and how to undo it.
 */
function makeReadOnly(dir: string): { how: string; undo: () => void } {
  const dirs = [dir, ...fs.readdirSync(dir).map((d) => path.join(dir, d))].filter((d) =>
    fs.statSync(d).isDirectory(),
  );
  for (const d of dirs) fs.chmodSync(d, 0o555);
  const chmodUndo = () => {
    for (const d of dirs) fs.chmodSync(d, 0o755);
  };
  if (!canWrite(path.join(dir, 'tmp'))) return { how: 'chmod 555', undo: chmodUndo };
  chmodUndo();
  if (run('chattr', ['+i', ...dirs])) {
    if (!canWrite(path.join(dir, 'tmp')))
      return { how: 'chattr +i', undo: () => run('chattr', ['-i', ...dirs]) };
    run('chattr', ['-i', ...dirs]);
  }
  if (run('mount', ['--bind', dir, dir])) {
    if (run('mount', ['-o', 'remount,ro,bind', dir]) && !canWrite(path.join(dir, 'tmp')))
      return { how: 'read-only bind mount', undo: () => run('umount', [dir]) };
    run('umount', [dir]);
  }
  throw new Error(`cannot make ${dir} read-only here (chmod, chattr and mount all failed)`);
}

describe.each(DIALECTS)('a files folder that cannot be written on %s', (dialect) => {
  let env: TestEnv;
  let app: App;
  let admin: Agent;
  let unit: { id: string };
  let files: string;
  const logs: Record<string, unknown>[] = [];

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    // A second app on the same database whose log lines the test reads, as an operator would.
    app = await buildApp({ ...env.config, logLevel: 'info' }, env.handle, {
      logStream: { write: (line) => void logs.push(JSON.parse(line)) },
    });
    const signedIn = (await buildPlatformAdmin(env)).agent;
    unit = await buildOrganisation(signedIn, env.rootId);
    // Sessions live in the database: the same session works on the second app.
    admin = new Agent(app);
    admin.cookie = signedIn.cookie;
    admin.csrf = signedIn.csrf;
    files = path.join(env.config.dataDir, 'files');
  });
  afterAll(async () => {
    await app.close();
    await env.close();
  });

  const upload = async () =>
    admin.upload<ErrorBody>(`/api/media?organisationId=${unit.id}&name=a.png`, await png());

  async function expectRefusedAndLogged(how: string) {
    logs.length = 0;
    const res = await upload();
    expect(res.status, how).toBe(503);
    expect(res.headers['retry-after']).toBe('60');
    expect(res.body.error).toEqual({
      code: 'STORAGE_UNAVAILABLE',
      message: '文件存储暂时无法写入，请稍后重试；如持续出现，请联系系统管理员',
      details: null,
    });
    const line = logs.find((l) => l.level === 50 && String(l.msg).includes('files folder'));
    expect(line, `operator log line (${how})`).toMatchObject({
      path: expect.stringContaining(files),
      errno: expect.stringMatching(/^E[A-Z]+$/),
    });
    const health = await admin.get('/api/health');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({
      status: 'degraded',
      database: { reachable: true, writable: true },
      storage: { writable: false },
    });
  }

  async function expectWorking() {
    expect((await upload()).status).toBe(201);
    const health = await admin.get('/api/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', storage: { writable: true } });
  }

  it('answers 503 STORAGE_UNAVAILABLE and logs the path and errno when the folder is read-only', async () => {
    await expectWorking();
    const ro = makeReadOnly(files);
    try {
      await expectRefusedAndLogged(ro.how);
    } finally {
      ro.undo();
    }
    await expectWorking();
  });

  it('answers 503 STORAGE_UNAVAILABLE when the folder was replaced by a file', async () => {
    const aside = `${files}.aside`;
    fs.renameSync(files, aside);
    fs.writeFileSync(files, 'not a folder');
    try {
      await expectRefusedAndLogged('folder replaced by a file');
      const en = await admin.upload<ErrorBody>(
        `/api/media?organisationId=${unit.id}&name=a.png`,
        await png(),
        { 'accept-language': 'en-US' },
      );
      expect(en.body.error.message).toBe(
        'Files cannot be stored at the moment; please try again later, and tell the administrator if it persists',
      );
    } finally {
      fs.rmSync(files);
      fs.renameSync(aside, files);
    }
    await expectWorking();
  });
});
