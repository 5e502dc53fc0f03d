import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { syntheticLines } from '../../bench/lib/hotspots-synthetic.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kepu-hotspots-cli-'));

function kepu(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/src/main.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, KEPU_DATA_DIR: dir, LOG_LEVEL: 'silent' },
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('kepu hotspots replay', () => {
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints each alert of a replayed month as one JSON line (one spike, an Earth Day rise)', () => {
    const file = path.join(dir, 'month.jsonl');
    fs.writeFileSync(
      file,
      `${[...syntheticLines({ spike: 300, earthDayFactor: 4 })].join('\n')}\n`,
    );
    const r = kepu(['hotspots', 'replay', file]);
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n').filter((l) => l.trim());
    expect(lines).toHaveLength(1);
    const alert = JSON.parse(lines[0]!);
    expect(alert).toMatchObject({ kind: 'SEARCH', term: '地面沉降', division: '110000' });
    expect(alert.series).toHaveLength(14);
    expect(r.stderr).toContain('1 alerts');
    // Nothing was written: no database was opened.
    expect(fs.existsSync(path.join(dir, 'kepu.db'))).toBe(false);
  }, 120_000);

  it('names the bad line and prints nothing', () => {
    const file = path.join(dir, 'bad.jsonl');
    fs.writeFileSync(
      file,
      '{"at":"2026-04-01T00:00:00Z","query":"滑坡"}\n{"at":"昨天","query":"x"}\n',
    );
    const r = kepu(['hotspots', 'replay', file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('第 2 行 / line 2');
    expect(r.stdout).toBe('');
    expect(kepu(['hotspots', 'replay', path.join(dir, 'none.jsonl')]).stderr).toContain(
      '文件不存在',
    );
  }, 120_000);
});
