/** One piece of a diff: kept, added or removed text. */
export interface DiffPart {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

/** What a diff too costly to show line by line still tells: counts and sizes. */
export interface DiffSummary {
  paragraphsBefore: number;
  paragraphsAfter: number;
  /** Paragraphs found in both texts (wherever they stand). */
  paragraphsKept: number;
  paragraphsAdded: number;
  paragraphsRemoved: number;
  charsBefore: number;
  charsAfter: number;
}

/** Either the edit script, or, past the work cap, the summary ("too many changes to show"). */
export type TextDiff = { parts: DiffPart[] } | { summary: DiffSummary };

/**
 * Work caps, in steps of the algorithm (a diagonal step or a matched element; about 3 ns each).
 * Paragraphs: past it, the whole field falls back to a summary. Characters (all replaced
 * paragraphs together): past it, the remaining replaced paragraphs are shown whole.
 */
export const DIFF_BUDGET = { paragraphs: 40_000_000, chars: 20_000_000 };

/** Paragraph pairs longer than this together are shown whole, not character by character. */
const CHAR_DIFF_MAX = 3000;

class OverBudget extends Error {}

type Op = 0 | 1 | 2; // equal, delete, insert

/**
 * Myers' O(ND) diff in linear space (the middle snake, divided and conquered), as in Myers 1986
 * §4b and diff-match-patch's bisect. `a` and `b` are element ids; the script comes back as ops
 * with the index they take from `a` (equal, delete) or `b` (insert). Throws OverBudget once
 * `budget` steps are spent, so the worst case is bounded whatever the texts.
 */
function myers(
  a: Int32Array,
  b: Int32Array,
  budget: number,
): { ops: Op[]; at: number[]; work: number } {
  const ops: Op[] = [];
  const at: number[] = [];
  let work = 0;
  const spend = (n: number) => {
    work += n;
    if (work > budget) throw new OverBudget();
  };
  const emit = (op: Op, from: number, to: number) => {
    for (let i = from; i < to; i++) {
      ops.push(op);
      at.push(i);
    }
  };

  const compare = (aLo: number, aHi: number, bLo: number, bHi: number): void => {
    let pre = 0;
    while (aLo + pre < aHi && bLo + pre < bHi && a[aLo + pre] === b[bLo + pre]) pre++;
    let suf = 0;
    while (aHi - suf > aLo + pre && bHi - suf > bLo + pre && a[aHi - 1 - suf] === b[bHi - 1 - suf])
      suf++;
    spend(pre + suf + 1);
    emit(0, aLo, aLo + pre);
    const x0 = aLo + pre;
    const y0 = bLo + pre;
    const x1 = aHi - suf;
    const y1 = bHi - suf;
    if (x0 === x1) emit(2, y0, y1);
    else if (y0 === y1) emit(1, x0, x1);
    else {
      const split = middle(x0, x1, y0, y1);
      if (split) {
        compare(x0, split[0], y0, split[1]);
        compare(split[0], x1, split[1], y1);
      } else {
        emit(1, x0, x1);
        emit(2, y0, y1);
      }
    }
    emit(0, x1, aHi);
  };

  /** A point on an optimal path halfway through: where the forward and reverse searches meet. */
  const middle = (aLo: number, aHi: number, bLo: number, bHi: number): [number, number] | null => {
    const n = aHi - aLo;
    const m = bHi - bLo;
    const maxD = Math.ceil((n + m) / 2);
    const offset = maxD;
    const size = 2 * maxD + 2;
    const v1 = new Int32Array(size).fill(-1);
    const v2 = new Int32Array(size).fill(-1);
    v1[offset + 1] = 0;
    v2[offset + 1] = 0;
    const delta = n - m;
    const front = delta % 2 !== 0;
    let k1start = 0;
    let k1end = 0;
    let k2start = 0;
    let k2end = 0;
    for (let d = 0; d < maxD; d++) {
      // Steps are counted once per round: a round is at most 2d + 2 diagonals and their snakes.
      let steps = 2 * d + 2;
      for (let k1 = -d + k1start; k1 <= d - k1end; k1 += 2) {
        const k1o = offset + k1;
        let x1 =
          k1 === -d || (k1 !== d && v1[k1o - 1]! < v1[k1o + 1]!) ? v1[k1o + 1]! : v1[k1o - 1]! + 1;
        let y1 = x1 - k1;
        const from = x1;
        while (x1 < n && y1 < m && a[aLo + x1] === b[bLo + y1]) {
          x1++;
          y1++;
        }
        steps += x1 - from;
        v1[k1o] = x1;
        if (x1 > n) k1end += 2;
        else if (y1 > m) k1start += 2;
        else if (front) {
          const k2o = offset + delta - k1;
          if (k2o >= 0 && k2o < size && v2[k2o] !== -1 && x1 >= n - v2[k2o]!)
            return [aLo + x1, bLo + y1];
        }
      }
      for (let k2 = -d + k2start; k2 <= d - k2end; k2 += 2) {
        const k2o = offset + k2;
        let x2 =
          k2 === -d || (k2 !== d && v2[k2o - 1]! < v2[k2o + 1]!) ? v2[k2o + 1]! : v2[k2o - 1]! + 1;
        let y2 = x2 - k2;
        const from = x2;
        while (x2 < n && y2 < m && a[aHi - 1 - x2] === b[bHi - 1 - y2]) {
          x2++;
          y2++;
        }
        steps += x2 - from;
        v2[k2o] = x2;
        if (x2 > n) k2end += 2;
        else if (y2 > m) k2start += 2;
        else if (!front) {
          const k1o = offset + delta - k2;
          if (k1o >= 0 && k1o < size && v1[k1o] !== -1) {
            const x1 = v1[k1o]!;
            const y1 = offset + x1 - k1o;
            if (x1 >= n - x2) return [aLo + x1, bLo + y1];
          }
        }
      }
      spend(steps);
    }
    // Unreachable (the searches always meet by maxD); if ever, replace the range whole.
    return null;
  };

  compare(0, a.length, 0, b.length);
  return { ops, at, work };
}

/** Within each change between two kept runs, removals first, then additions (as before). */
function groupChanges(script: { ops: Op[]; at: number[] }): { op: Op; at: number }[] {
  const out: { op: Op; at: number }[] = [];
  let dels: number[] = [];
  let ins: number[] = [];
  const flush = () => {
    for (const i of dels) out.push({ op: 1, at: i });
    for (const i of ins) out.push({ op: 2, at: i });
    dels = [];
    ins = [];
  };
  script.ops.forEach((op, k) => {
    const i = script.at[k]!;
    if (op === 0) {
      flush();
      out.push({ op, at: i });
    } else if (op === 1) dels.push(i);
    else ins.push(i);
  });
  flush();
  return out;
}

const OP_NAME: DiffPart['op'][] = ['equal', 'delete', 'insert'];

function merge(parts: DiffPart[]): DiffPart[] {
  const out: DiffPart[] = [];
  for (const p of parts) {
    const last = out.at(-1);
    if (last && last.op === p.op) last.text += p.text;
    else if (p.text) out.push({ ...p });
  }
  return out;
}

/** Paragraphs as ids: equal text, equal id. */
function idsOf(a: string[], b: string[]): [Int32Array, Int32Array] {
  const ids = new Map<string, number>();
  const id = (s: string) => {
    let v = ids.get(s);
    if (v === undefined) {
      v = ids.size;
      ids.set(s, v);
    }
    return v;
  };
  return [Int32Array.from(a, id), Int32Array.from(b, id)];
}

/** Counts and sizes, in one pass over each text: the fallback's content. */
export function summarizeDiff(before: string, after: string): DiffSummary {
  const a = before.split('\n');
  const b = after.split('\n');
  const left = new Map<string, number>();
  for (const p of a) left.set(p, (left.get(p) ?? 0) + 1);
  let kept = 0;
  for (const p of b) {
    const n = left.get(p) ?? 0;
    if (n > 0) {
      kept++;
      left.set(p, n - 1);
    }
  }
  return {
    paragraphsBefore: a.length,
    paragraphsAfter: b.length,
    paragraphsKept: kept,
    paragraphsAdded: b.length - kept,
    paragraphsRemoved: a.length - kept,
    charsBefore: before.length,
    charsAfter: after.length,
  };
}

/**
 * A readable diff of two texts: paragraphs are matched first; a paragraph replaced by one other
 * is diffed character by character (Chinese has no spaces, so words would not help). Bounded:
 * past `budget.paragraphs` steps the answer is the summary instead of the parts.
 */
export function diffText(before: string, after: string, budget = DIFF_BUDGET): TextDiff {
  const a = before.split('\n');
  const b = after.split('\n');
  let paras: { op: Op; at: number }[];
  try {
    paras = groupChanges(myers(...idsOf(a, b), budget.paragraphs));
  } catch (e) {
    if (e instanceof OverBudget) return { summary: summarizeDiff(before, after) };
    throw e;
  }
  let charBudget = budget.chars;
  const parts: DiffPart[] = [];
  const textOf = (p: { op: Op; at: number }) => (p.op === 2 ? b[p.at]! : a[p.at]!);
  for (let k = 0; k < paras.length; k++) {
    const cur = paras[k]!;
    const next = paras[k + 1];
    if (cur.op === 1 && next?.op === 2) {
      const x = [...a[cur.at]!];
      const y = [...b[next.at]!];
      if (x.length + y.length < CHAR_DIFF_MAX && charBudget > 0) {
        try {
          const chars = myers(
            Int32Array.from(x, (c) => c.codePointAt(0)!),
            Int32Array.from(y, (c) => c.codePointAt(0)!),
            charBudget,
          );
          charBudget -= chars.work;
          for (const c of groupChanges(chars))
            parts.push({ op: OP_NAME[c.op]!, text: c.op === 2 ? y[c.at]! : x[c.at]! });
          parts.push({ op: 'equal', text: '\n' });
          k++;
          continue;
        } catch (e) {
          if (!(e instanceof OverBudget)) throw e;
          charBudget = 0;
        }
      }
    }
    parts.push({ op: OP_NAME[cur.op]!, text: `${textOf(cur)}\n` });
  }
  return { parts: merge(parts) };
}
