import { monitorEventLoopDelay } from 'node:perf_hooks';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DiffPart, diffText, summarizeDiff } from '../src/platform/diff.ts';
import {
  type Agent,
  buildOrganisation,
  buildPlatformAdmin,
  buildUserWithRole,
  createTestEnv,
  DIALECTS,
  type TestEnv,
} from './helpers.ts';

/**
 * Runs the edit script over the old text: kept and removed pieces must be the old text's next
 * characters; kept and added pieces make the new text.
 */
function apply(old: string, parts: DiffPart[]): string {
  let at = 0;
  let out = '';
  for (const p of parts) {
    if (p.op === 'insert') out += p.text;
    else {
      expect(old.startsWith(p.text, at)).toBe(true);
      at += p.text.length;
      if (p.op === 'equal') out += p.text;
    }
  }
  expect(at).toBe(old.length);
  return out;
}

/** The longest common subsequence's length, by the quadratic table (small inputs only). */
function lcsLength(a: string[], b: string[]): number {
  let prev = new Array(b.length + 1).fill(0);
  for (const x of a) {
    const cur = [0];
    b.forEach((y, j) => {
      cur.push(x === y ? prev[j] + 1 : Math.max(prev[j + 1], cur[j]!));
    });
    prev = cur;
  }
  return prev[b.length];
}

/** Texts of paragraphs drawn from few, so that they share many (CJK, an astral character). */
const paragraph = fc.constantFrom('滑坡', '泥石流', '撤离', '', 'abc', '𠮷野家', '雨季要注意');
const text = fc.array(
  fc.array(paragraph, { maxLength: 4 }).map((p) => p.join('')),
  {
    maxLength: 30,
  },
);

describe('the version diff', () => {
  it('rebuilds the new text from the old by its edit script (property)', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        const before = a.join('\n');
        const after = b.join('\n');
        const d = diffText(before, after);
        if (!('parts' in d)) throw new Error('small texts are never summarised');
        // Every paragraph carries its line break, the last one too (the format the page shows).
        expect(apply(`${before}\n`, d.parts)).toBe(`${after}\n`);
        // Merged: no two neighbours of the same kind, no empty piece.
        d.parts.forEach((p, i) => {
          expect(p.text).not.toBe('');
          expect(p.op).not.toBe(d.parts[i - 1]?.op);
        });
      }),
      { numRuns: 400 },
    );
  });

  it('keeps as many paragraphs as can be kept (minimal at the paragraph level, property)', () => {
    fc.assert(
      fc.property(
        fc.array(paragraph, { minLength: 1, maxLength: 40 }),
        fc.array(paragraph, { minLength: 1, maxLength: 40 }),
        (a, b) => {
          // Distinct texts per paragraph keep the character pass from merging neighbours.
          const tag = (xs: string[]) => xs.map((x) => `《${x}》`);
          const d = diffText(tag(a).join('\n'), tag(b).join('\n'), { paragraphs: 1e9, chars: 0 });
          if (!('parts' in d)) throw new Error('not summarised');
          const kept =
            d.parts
              .filter((p) => p.op === 'equal')
              .map((p) => p.text)
              .join('')
              .split('\n').length - 1;
          expect(kept).toBe(lcsLength(tag(a), tag(b)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('answers as before: a replaced paragraph is diffed by characters, others whole', () => {
    expect(diffText('甲\n滑坡要立即撤离\n乙', '甲\n滑坡要马上撤离\n乙\n丙')).toEqual({
      parts: [
        { op: 'equal', text: '甲\n滑坡要' },
        { op: 'delete', text: '立即' },
        { op: 'insert', text: '马上' },
        { op: 'equal', text: '撤离\n乙\n' },
        { op: 'insert', text: '丙\n' },
      ],
    });
    expect(diffText('', '新')).toEqual({
      parts: [
        { op: 'insert', text: '新' },
        { op: 'equal', text: '\n' },
      ],
    });
  });

  it('past its work cap, answers a summary instead of the parts', () => {
    const a = Array.from({ length: 2000 }, (_, i) => `第${i}段`);
    const b = a.map((p, i) => (i % 2 ? `${p}改` : p));
    const capped = diffText(a.join('\n'), b.join('\n'), { paragraphs: 10_000, chars: 0 });
    expect(capped).toEqual({
      summary: {
        paragraphsBefore: 2000,
        paragraphsAfter: 2000,
        paragraphsKept: 1000,
        paragraphsAdded: 1000,
        paragraphsRemoved: 1000,
        charsBefore: a.join('\n').length,
        charsAfter: b.join('\n').length,
      },
    });
    expect(summarizeDiff('a\nb\na', 'a\nc')).toMatchObject({
      paragraphsKept: 1,
      paragraphsAdded: 1,
      paragraphsRemoved: 2,
    });
    // Under the default cap the same texts diff in full.
    expect('parts' in diffText(a.join('\n'), b.join('\n'))).toBe(true);
  });
});

/** A body of 22,000 short paragraphs (the largest a 200,000-character body holds). */
const bigBody = (edit: (i: number) => string | null) =>
  Array.from({ length: 22_000 }, (_, i) => {
    const own = String.fromCharCode(0x4e00 + (i % 20_000), 0x4e00 + ((i * 7) % 20_000));
    return `<p>${edit(i) ?? own}</p>`;
  }).join('');

describe.each(DIALECTS)('diffing a 22,000-paragraph draft on %s', (dialect) => {
  let env: TestEnv;
  let creator: Agent;
  let workId: string;

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    const admin = (await buildPlatformAdmin(env)).agent;
    const unit = await buildOrganisation(admin, env.rootId, { name: '长稿单位' });
    creator = (await buildUserWithRole(env, admin, 'EDITOR', unit.id)).agent;
    const created = await creator.post<{ id: string }>('/api/works', {
      organisationId: unit.id,
      type: 'GRAPHIC',
      title: '一部很长的书稿',
      body: bigBody(() => null),
      sectors: ['GEOLOGY'],
    });
    expect(created.status).toBe(201);
    workId = created.body.id;
    // Version 2: every tenth paragraph rewritten; version 3: every paragraph rewritten.
    for (const edit of [(i: number) => (i % 10 ? null : '改'), (i: number) => `新${i % 10}`])
      expect((await creator.patch(`/api/works/${workId}`, { body: bigBody(edit) })).status).toBe(
        200,
      );
  }, 120_000);
  afterAll(async () => {
    await env.close();
  });

  type Diff = {
    fields: {
      field: string;
      parts?: DiffPart[];
      summary?: { paragraphsKept: number; paragraphsAdded: number; paragraphsRemoved: number };
    }[];
  };

  /** Health checks fired one after another while `work` runs: the slowest answer, in ms. */
  async function healthWhile<T>(
    work: Promise<T>,
  ): Promise<{ result: T; slowest: number; n: number }> {
    let done = false;
    const result = work.finally(() => {
      done = true;
    });
    let slowest = 0;
    let n = 0;
    while (!done) {
      const t = performance.now();
      const h = await env.app.inject({ method: 'GET', url: '/api/health' });
      expect(h.statusCode).toBe(200);
      slowest = Math.max(slowest, performance.now() - t);
      n++;
      await new Promise((r) => setTimeout(r, 5));
    }
    return { result: await result, slowest, n };
  }

  it('diffs off the request thread: the event loop stays free, the edits come back line by line', async () => {
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const started = performance.now();
    const { result, slowest, n } = await healthWhile(
      creator.get<Diff>(`/api/works/${workId}/diff?from=1&to=2`),
    );
    const ms = performance.now() - started;
    delay.disable();
    expect(result.status).toBe(200);
    const body = result.body.fields.find((f) => f.field === 'body')!;
    expect(body.summary).toBeUndefined();
    expect(body.parts!.filter((p) => p.op === 'insert').map((p) => p.text)).toEqual(
      Array(2200).fill('改'),
    );
    expect(n).toBeGreaterThan(1);
    // On the request thread the same diff held the loop for 9–22 s. A loaded CI machine (two
    // cores, other test files running) answers health in 50–300 ms whatever the diff does.
    expect(slowest).toBeLessThan(500);
    expect(delay.max / 1e6).toBeLessThan(500);
    console.log(
      `[diff ${dialect}] 22,000 paragraphs, 2,200 edited: ${ms.toFixed(0)} ms, ` +
        `${n} health checks, slowest ${slowest.toFixed(1)} ms, loop delay max ${(delay.max / 1e6).toFixed(1)} ms`,
    );
  });

  it('answers a rewrite of every paragraph with the summary, still off the request thread', async () => {
    const { result, slowest } = await healthWhile(
      creator.get<Diff>(`/api/works/${workId}/diff?from=1&to=3`),
    );
    expect(result.status).toBe(200);
    const body = result.body.fields.find((f) => f.field === 'body')!;
    expect(body.parts).toBeUndefined();
    expect(body.summary).toMatchObject({
      paragraphsBefore: 22_000,
      paragraphsAfter: 22_000,
      paragraphsKept: 0,
      paragraphsAdded: 22_000,
      paragraphsRemoved: 22_000,
    });
    expect(slowest).toBeLessThan(500);
  });

  it('runs two diffs a person at once; a third is refused (429) while they run', async () => {
    const answers = await Promise.all(
      [2, 3, 3].map((to) => creator.get<Diff>(`/api/works/${workId}/diff?from=1&to=${to}`)),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 429]);
    const busy = answers.find((a) => a.status === 429)!;
    expect((busy.body as unknown as { error: { message: string } }).error.message).toBe(
      '您已有 2 项版本比较正在进行（每人同时最多 2 项），请等它完成后再试',
    );
  });
});
