/** Rubric scoring, aggregation and ranking: pure functions over numbers. */

export interface Criterion {
  key: string;
  label: string;
  weight: number;
  min: number;
  max: number;
  commentRequired: boolean;
}

/** The weighted score on a 100-point scale: each criterion's share of its range, by weight. */
export function weightedTotal(rubric: Criterion[], scores: Record<string, number>): number {
  const weights = rubric.reduce((n, c) => n + c.weight, 0);
  if (weights <= 0) return 0;
  let sum = 0;
  for (const c of rubric) {
    const s = scores[c.key] ?? c.min;
    const share = c.max === c.min ? 1 : (s - c.min) / (c.max - c.min);
    sum += share * c.weight;
  }
  return round2((sum / weights) * 100);
}

export const round2 = (n: number) => Math.round(n * 100) / 100;

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
function sd(xs: number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
}

/** Mean, or the trimmed mean (the highest and the lowest dropped once there are three or more). */
export function aggregate(totals: number[], method: 'MEAN' | 'TRIMMED_MEAN'): number | null {
  if (totals.length === 0) return null;
  if (method === 'TRIMMED_MEAN' && totals.length >= 3) {
    const sorted = [...totals].sort((a, b) => a - b);
    return round2(mean(sorted.slice(1, -1)));
  }
  return round2(mean(totals));
}

export interface Scored {
  itemId: string;
  reviewerId: string;
  total: number;
}

/**
 * Per-reviewer z-score normalisation: a strict and a lenient reviewer become comparable. Each
 * reviewer's totals are centred on their mean and divided by their spread, then put back on the
 * pool's mean and spread. A reviewer with one score or no spread keeps the pool mean offset only.
 */
export function normalize(scores: Scored[]): Scored[] {
  if (scores.length === 0) return [];
  const all = scores.map((s) => s.total);
  const poolMean = mean(all);
  const poolSd = sd(all);
  const byReviewer = new Map<string, number[]>();
  for (const s of scores)
    byReviewer.set(s.reviewerId, [...(byReviewer.get(s.reviewerId) ?? []), s.total]);
  const stats = new Map([...byReviewer].map(([r, xs]) => [r, { m: mean(xs), s: sd(xs) }] as const));
  return scores.map((x) => {
    const st = stats.get(x.reviewerId)!;
    const z = st.s > 0 ? (x.total - st.m) / st.s : 0;
    const adjusted = st.s > 0 ? poolMean + z * poolSd : poolMean + (x.total - st.m);
    return { ...x, total: round2(adjusted) };
  });
}

export interface Ranked {
  itemId: string;
  aggregate: number | null;
  reviews: number;
  rank: number | null;
}

/** Aggregates per item (optionally normalised first) and ranks them, best first; ties share a rank. */
export function rank(
  scores: Scored[],
  itemIds: string[],
  method: 'MEAN' | 'TRIMMED_MEAN',
  normalise: boolean,
): Ranked[] {
  const used = normalise ? normalize(scores) : scores;
  const byItem = new Map<string, number[]>();
  for (const s of used) byItem.set(s.itemId, [...(byItem.get(s.itemId) ?? []), s.total]);
  const rows = itemIds.map((itemId) => {
    const totals = byItem.get(itemId) ?? [];
    return {
      itemId,
      aggregate: aggregate(totals, method),
      reviews: totals.length,
      rank: null as number | null,
    };
  });
  const ranked = rows
    .filter((r) => r.aggregate !== null)
    .sort((a, b) => b.aggregate! - a.aggregate! || a.itemId.localeCompare(b.itemId));
  let previous: number | null = null;
  let position = 0;
  ranked.forEach((r, i) => {
    if (r.aggregate !== previous) position = i + 1;
    r.rank = position;
    previous = r.aggregate;
  });
  return [...ranked, ...rows.filter((r) => r.aggregate === null)];
}
