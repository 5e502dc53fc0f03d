/** One piece of a diff: kept, added or removed text. */
export interface DiffPart {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

/** Longest-common-subsequence diff of two sequences (small inputs: paragraphs, or characters of one). */
function lcsDiff<T>(
  a: T[],
  b: T[],
  eq: (x: T, y: T) => boolean,
): { op: DiffPart['op']; item: T }[] {
  const n = a.length;
  const m = b.length;
  const dp: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      dp[i]![j] = eq(a[i]!, b[j]!)
        ? dp[i + 1]![j + 1]! + 1
        : Math.max(dp[i + 1]![j]!, dp[i]![j + 1]!);
    }
  }
  const out: { op: DiffPart['op']; item: T }[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (eq(a[i]!, b[j]!)) {
      out.push({ op: 'equal', item: a[i]! });
      i++;
      j++;
    } else if (dp[i + 1]![j]! >= dp[i]![j + 1]!) out.push({ op: 'delete', item: a[i++]! });
    else out.push({ op: 'insert', item: b[j++]! });
  }
  while (i < n) out.push({ op: 'delete', item: a[i++]! });
  while (j < m) out.push({ op: 'insert', item: b[j++]! });
  return out;
}

function merge(parts: DiffPart[]): DiffPart[] {
  const out: DiffPart[] = [];
  for (const p of parts) {
    const last = out.at(-1);
    if (last && last.op === p.op) last.text += p.text;
    else if (p.text) out.push({ ...p });
  }
  return out;
}

/** Paragraph counts above which a character diff is skipped (it would cost too much). */
const CHAR_DIFF_MAX = 3000;

/**
 * A readable diff of two texts: paragraphs are matched first; a paragraph replaced by one other
 * is diffed character by character (Chinese has no spaces, so words would not help).
 */
export function diffText(before: string, after: string): DiffPart[] {
  const a = before.split('\n');
  const b = after.split('\n');
  const paras = lcsDiff(a, b, (x, y) => x === y);
  const parts: DiffPart[] = [];
  for (let k = 0; k < paras.length; k++) {
    const cur = paras[k]!;
    const next = paras[k + 1];
    if (
      cur.op === 'delete' &&
      next?.op === 'insert' &&
      cur.item.length + next.item.length < CHAR_DIFF_MAX
    ) {
      for (const c of lcsDiff([...cur.item], [...next.item], (x, y) => x === y))
        parts.push({ op: c.op, text: c.item });
      parts.push({ op: 'equal', text: '\n' });
      k++;
      continue;
    }
    parts.push({ op: cur.op, text: `${cur.item}\n` });
  }
  return merge(parts);
}
