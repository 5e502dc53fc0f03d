import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kepu-cli-'));

function kepu(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/src/main.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, KEPU_DATA_DIR: dir, LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
  });
  return { status: r.status, out: r.stdout + r.stderr };
}

describe('kepu CLI (SQLite)', () => {
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('refuses a bad configuration naming the variable', () => {
    const r = kepu(['migrate'], { PORT: 'eighty' });
    expect(r.status).toBe(1);
    expect(r.out).toContain('配置有误 / invalid configuration');
    expect(r.out).toMatch(/PORT: /);
    const db = kepu(['migrate'], { DATABASE_URL: 'mysql://x' });
    expect(db.out).toContain('DATABASE_URL: must start with postgres://, postgresql:// or sqlite:');
  });

  it('migrates, seeds demo data once, creates an admin and verifies the audit log', () => {
    expect(kepu(['migrate']).out).toContain('已应用迁移 / applied: 0001-foundation');
    expect(kepu(['migrate']).out).toContain('数据库已是最新 / up to date');
    const demo = kepu(['seed', '--demo']).out;
    expect(demo).toContain('organisations: 24');
    // The demo library is the search benchmark's labelled corpus, one work per line.
    const corpus = fs
      .readFileSync(new URL('../../bench/search-quality/corpus.jsonl', import.meta.url), 'utf8')
      .split('\n')
      .filter((l) => l.trim()).length;
    expect(demo).toContain(`works: ${corpus}`);
    expect(kepu(['seed', '--demo']).out).toContain('organisations: 0');
    const weak = kepu(['admin', 'create', '--username', 'office', '--password', '12345678']);
    expect(weak.status).toBe(1);
    expect(weak.out).toContain('密码不符合要求：这是常见密码，容易被猜到');
    const ok = kepu(['admin', 'create', '--username', 'office', '--password', 'Science-Pop-2026!']);
    expect(ok.status).toBe(0);
    expect(ok.out).toContain('已创建平台管理员 / created platform administrator: office');
    const reindexed = kepu(['search', 'reindex']);
    expect(reindexed.status).toBe(0);
    // The 24 demo organisations, the ministry root, the published works and 3 collections.
    expect(reindexed.out).toContain(`reindexed: ${25 + corpus + 3} documents in`);
    const verified = kepu(['audit', 'verify']);
    expect(verified.status).toBe(0);
    expect(verified.out).toMatch(/审计日志完整 \/ audit log intact: \d+ rows/);
  });

  it('reports a tampered audit log with a non-zero exit', () => {
    const db = new Database(path.join(dir, 'kepu.sqlite'));
    db.exec('drop trigger audit_log_no_update');
    db.prepare("update audit_log set detail = '{}' where seq = 3").run();
    db.close();
    const r = kepu(['audit', 'verify']);
    expect(r.status).toBe(1);
    expect(r.out).toContain('seq 3: hash_mismatch');
  });

  it('prints usage for an unknown command', () => {
    const r = kepu(['frobnicate']);
    expect(r.status).toBe(2);
    expect(r.out).toContain('用法 / usage: npm run kepu -- <command>');
  });
});
