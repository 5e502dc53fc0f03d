/**
 * Automatic assignment: every item gets `perItem` reviewers among those without a conflict,
 * preferring specialists (a shared sector or topic), then the lightest load, then the best match. Items with
 * the fewest eligible reviewers go first, so scarce experts are not used up by easy items.
 */

export interface Candidate {
  userId: string;
  sectors: string[];
  topics: string[];
  /** Assignments already held in this call and round. */
  load: number;
}

export interface ItemToAssign {
  itemId: string;
  sectors: string[];
  topics: string[];
  /** Reviewers already assigned (kept) and those excluded for a conflict. */
  assigned: Set<string>;
  excluded: Set<string>;
}

export interface Assignment {
  itemId: string;
  reviewerId: string;
}

export function autoAssign(
  items: ItemToAssign[],
  candidates: Candidate[],
  perItem: number,
): { assignments: Assignment[]; short: { itemId: string; missing: number }[] } {
  const load = new Map(candidates.map((c) => [c.userId, c.load]));
  const spec = new Map(
    candidates.map((c) => [c.userId, { s: new Set(c.sectors), t: new Set(c.topics) }]),
  );
  const eligible = (it: ItemToAssign) =>
    candidates.filter((c) => !it.excluded.has(c.userId) && !it.assigned.has(c.userId));
  const order = items
    .map((it) => ({ it, n: eligible(it).length }))
    .sort((a, b) => a.n - b.n || a.it.itemId.localeCompare(b.it.itemId));
  const assignments: Assignment[] = [];
  const short: { itemId: string; missing: number }[] = [];
  for (const { it } of order) {
    const need = perItem - it.assigned.size;
    if (need <= 0) continue;
    const match = (userId: string) => {
      const sp = spec.get(userId)!;
      return (
        it.sectors.filter((x) => sp.s.has(x)).length * 2 +
        it.topics.filter((x) => sp.t.has(x)).length
      );
    };
    const picked = eligible(it)
      .map((c) => ({ id: c.userId, m: match(c.userId), l: load.get(c.userId)! }))
      // A specialist first; among them (and among the rest) the lightest load; then the best match.
      .sort(
        (a, b) =>
          Number(b.m > 0) - Number(a.m > 0) || a.l - b.l || b.m - a.m || a.id.localeCompare(b.id),
      )
      .slice(0, need);
    for (const p of picked) {
      assignments.push({ itemId: it.itemId, reviewerId: p.id });
      load.set(p.id, load.get(p.id)! + 1);
    }
    if (picked.length < need) short.push({ itemId: it.itemId, missing: need - picked.length });
  }
  return { assignments, short };
}
