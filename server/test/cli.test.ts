import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kepu-cli-'));

function kepu(args: string[], env: Record<string, string> = {}, dataDir = dir) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/src/main.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, KEPU_DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env },
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
    const refused = kepu(['demo', 'logins']);
    expect(refused.status).toBe(1);
    expect(refused.out).toContain('这个数据库没有演示数据');
    const demo = kepu(['seed', '--demo']).out;
    expect(demo).toContain('organisations: 66');
    expect(demo).toContain('bases: 30');
    // The demo library is the search benchmark's labelled corpus, one work per line.
    const corpus = fs
      .readFileSync(new URL('../../bench/search-quality/corpus.jsonl', import.meta.url), 'utf8')
      .split('\n')
      .filter((l) => l.trim()).length;
    expect(demo).toContain(`works: ${corpus}`);
    expect(kepu(['seed', '--demo']).out).toContain('organisations: 0');
    // One-time links for the five roles, in the fragment, never a password.
    const links = kepu(['demo', 'logins']);
    expect(links.status).toBe(0);
    expect(links.out.match(/\/sign-in-link#[\w-]{40,}/g)).toHaveLength(5);
    for (const role of [
      '公众',
      '基地工作人员',
      '省级自然资源主管部门',
      '评审专家',
      '部科普工作办公室',
    ])
      expect(links.out).toContain(role);
    expect(links.out).toContain('北京时间');
    const weak = kepu(['admin', 'create', '--username', 'office', '--password', '12345678']);
    expect(weak.status).toBe(1);
    expect(weak.out).toContain('密码不符合要求：这是常见密码，容易被猜到');
    const ok = kepu(['admin', 'create', '--username', 'office', '--password', 'Science-Pop-2026!']);
    expect(ok.status).toBe(0);
    expect(ok.out).toContain('已创建平台管理员 / created platform administrator: office');
    const reindexed = kepu(['search', 'reindex']);
    expect(reindexed.status).toBe(0);
    // The published works, 3 collections, the 28 bases on the portal (30 named, 2 expired), the
    // 13 published activities (12 and the engineering centre's open day), the 3 experts with a
    // public page, the training course's video, the 4 emergency works (3 reserve items and an
    // explainer) and the 3 published debunks (their library works are found as the debunks,
    // not twice); organisations have no public page, so they are not indexed.
    expect(reindexed.out).toContain(
      `reindexed: ${corpus + 3 + 28 + 13 + 3 + 1 + 4 + 3} documents in`,
    );
    const verified = kepu(['audit', 'verify']);
    expect(verified.status).toBe(0);
    expect(verified.out).toMatch(/审计日志完整 \/ audit log intact: \d+ rows/);
    // Each step spawns the CLI (about 3–8 s on a shared 2-core machine); one seeds the demo.
  }, 240_000);

  it('keeps the audit key in a 0600 file outside the database and never prints it', () => {
    const file = path.join(dir, 'audit.key');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const key = fs.readFileSync(file, 'utf8').trim();
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    const db = new Database(path.join(dir, 'kepu.sqlite'), { readonly: true });
    const settings = db.prepare('select value from settings').all() as { value: string }[];
    db.close();
    expect(settings.some((r) => r.value.includes(key))).toBe(false);
    expect(kepu(['audit', 'verify', '--anchor']).out).not.toContain(key);
    // Under another key (KEPU_AUDIT_KEY wins over the file) no row checks out.
    const other = kepu(['audit', 'verify'], { KEPU_AUDIT_KEY: 'x'.repeat(40) });
    expect(other.status).toBe(1);
    expect(other.out).toContain('seq 1: hash_mismatch');
    const short = kepu(['audit', 'verify'], { KEPU_AUDIT_KEY: 'too-short' });
    expect(short.out).toContain('KEPU_AUDIT_KEY: must be at least 32 characters');
  });

  it('prints the chain head as an anchor and checks a recorded anchor', () => {
    const printed = kepu(['audit', 'verify', '--anchor']);
    expect(printed.status).toBe(0);
    const anchor = /^(\d+):([0-9a-f]{64})$/m.exec(printed.out)!;
    expect(anchor).not.toBeNull();
    const db = new Database(path.join(dir, 'kepu.sqlite'), { readonly: true });
    const head = db.prepare('select seq, hash from audit_log order by seq desc limit 1').get() as {
      seq: number;
      hash: string;
    };
    db.close();
    expect(anchor[0]).toBe(`${head.seq}:${head.hash}`);
    const ok = kepu(['audit', 'verify', '--anchor-check', anchor[0]]);
    expect(ok.status).toBe(0);
    expect(ok.out).toContain(`锚点仍在链上 / anchor still on the chain: ${anchor[0]}`);
    const wrong = kepu(['audit', 'verify', '--anchor-check', `${head.seq}:${'ab'.repeat(32)}`]);
    expect(wrong.status).toBe(1);
    expect(wrong.out).toContain(`seq ${head.seq}: anchor_mismatch`);
    const gone = kepu(['audit', 'verify', '--anchor-check', `${head.seq + 50}:${head.hash}`]);
    expect(gone.status).toBe(1);
    expect(gone.out).toContain(`seq ${head.seq + 50}: anchor_missing`);
    expect(kepu(['audit', 'verify', '--anchor-check', 'nonsense']).status).toBe(2);
    // Five CLI processes, each starting TypeScript: slow on a loaded machine.
  }, 240_000);

  it('reports a tampered audit log with a non-zero exit', () => {
    const db = new Database(path.join(dir, 'kepu.sqlite'));
    db.exec('drop trigger audit_log_no_update');
    db.prepare("update audit_log set detail = '{}' where seq = 3").run();
    db.close();
    const r = kepu(['audit', 'verify']);
    expect(r.status).toBe(1);
    expect(r.out).toContain('seq 3: hash_mismatch');
  });

  it('creates an admin and imports the natural spreadsheet on a fresh database, without a stack trace', async () => {
    const fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'kepu-cli-fresh-'));
    try {
      const run = (args: string[]) => kepu(args, {}, fresh);
      const admin = run([
        'admin',
        'create',
        '--username',
        'office',
        '--password',
        'Science-Pop-2026!',
      ]);
      expect(admin.out).toContain('已创建平台管理员 / created platform administrator: office');
      expect(admin.status).toBe(0);
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('作品');
      ws.addRow(['标题', '作品类型', '领域', '主题', '状态', '发布日期']);
      ws.addRow(['海底滑坡', '图文', '海洋，地质', '地质灾害防治', 'published', '2024/5/12']);
      ws.addRow(['Coastal wetlands', 'video', 'Wetlands; Ocean', '', 'Draft', '']);
      const file = path.join(fresh, 'works.xlsx');
      await wb.xlsx.writeFile(file);
      const imported = run(['import', 'works', file, '--as', 'office']);
      expect(imported.out).toMatch(/已导入 \/ imported: 2 works in \d+ ms/);
      expect(imported.status).toBe(0);
      const db = new Database(path.join(fresh, 'kepu.sqlite'), { readonly: true });
      const rows = db
        .prepare('select title, type, status, sectors, topics from works order by title')
        .all();
      db.close();
      expect(rows).toEqual([
        {
          title: 'Coastal wetlands',
          type: 'VIDEO',
          status: 'DRAFT',
          sectors: '["WETLAND","OCEAN"]',
          topics: '[]',
        },
        {
          title: '海底滑坡',
          type: 'GRAPHIC',
          status: 'PUBLISHED',
          sectors: '["OCEAN","GEOLOGY"]',
          topics: '["GEOHAZARD_PREVENTION"]',
        },
      ]);
      // Mistakes are named, not thrown as stack traces.
      const nobody = run(['import', 'works', file, '--as', 'nobody']);
      expect(nobody.status).toBe(1);
      expect(nobody.out).toContain('用户不存在 / no such user: nobody');
      const missing = run(['import', 'works', path.join(fresh, 'nope.xlsx'), '--as', 'office']);
      expect(missing.status).toBe(1);
      expect(missing.out).toContain('文件不存在 / no such file');
      ws.addRow(['火星', 'SPACESHIP', '', '', 'PUBLISHED', '']);
      await wb.xlsx.writeFile(file);
      const rejected = run(['import', 'works', file, '--as', 'office']);
      expect(rejected.status).toBe(1);
      expect(rejected.out).toContain('第 4 行 / row 4 · 作品类型: 未知的值“SPACESHIP”');
      for (const r of [nobody, missing, rejected]) expect(r.out).not.toMatch(/\n\s+at /);
    } finally {
      fs.rmSync(fresh, { recursive: true, force: true });
    }
    // Each step spawns the CLI (about 3–8 s on a shared 2-core machine).
  }, 240_000);

  it('prints usage for an unknown command', () => {
    const r = kepu(['frobnicate']);
    expect(r.status).toBe(2);
    expect(r.out).toContain('用法 / usage: npm run kepu -- <command>');
  });
});
