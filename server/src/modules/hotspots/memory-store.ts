import { type SignalKind, type SignalRow, type SignalStore, upsertIn } from './detector.ts';

const SEP = '\u0000';

/**
 * The signal store in memory (the replay CLI, the detector tests): the same hourly aggregates as
 * `hotspot_signals`, indexed by hour (a window's candidates are a few map reads) and by term (a
 * candidate's history without scanning every other term).
 */
export class MemorySignalStore implements SignalStore {
  /** hour → `kind\0term` → total over divisions */
  private readonly byHour = new Map<string, Map<string, number>>();
  /** term → hour → `kind\0division` → count */
  private readonly byTerm = new Map<string, Map<string, Map<string, number>>>();
  private first: string | null = null;
  private count = 0;

  add(hour: string, kind: SignalKind, term: string, division: string, n = 1): void {
    if (!this.byHour.has(hour) && (this.first === null || hour < this.first)) this.first = hour;
    const h = upsertIn(this.byHour, hour, () => new Map<string, number>());
    const hk = `${kind}${SEP}${term}`;
    h.set(hk, (h.get(hk) ?? 0) + n);
    const t = upsertIn(this.byTerm, term, () => new Map<string, Map<string, number>>());
    const th = upsertIn(t, hour, () => new Map<string, number>());
    const tk = `${kind}${SEP}${division}`;
    const before = th.get(tk);
    if (before === undefined) this.count++;
    th.set(tk, (before ?? 0) + n);
  }

  /** Rows held (hourly aggregates). */
  size(): number {
    return this.count;
  }

  async firstHour() {
    return this.first;
  }

  async candidates(kinds: readonly SignalKind[], from: string, to: string, min: number) {
    const totals = new Map<string, number>();
    for (const [hour, m] of this.byHour) {
      if (hour < from || hour >= to) continue;
      for (const [key, n] of m) totals.set(key, (totals.get(key) ?? 0) + n);
    }
    const out: { kind: SignalKind; term: string }[] = [];
    for (const [key, n] of totals) {
      if (n < min) continue;
      const [kind, term] = key.split(SEP) as [SignalKind, string];
      if (kinds.includes(kind)) out.push({ kind, term });
    }
    return out;
  }

  async rows(kinds: readonly SignalKind[], terms: string[], from: string, to: string) {
    const out: SignalRow[] = [];
    for (const term of terms)
      for (const [hour, m] of this.byTerm.get(term) ?? []) {
        if (hour < from || hour >= to) continue;
        for (const [key, count] of m) {
          const [kind, division] = key.split(SEP) as [SignalKind, string];
          if (kinds.includes(kind)) out.push({ hour, kind, term, division, count });
        }
      }
    return out;
  }

  async queries(from: string, to: string, limit: number) {
    const totals = new Map<string, number>();
    for (const [hour, m] of this.byHour) {
      if (hour < from || hour >= to) continue;
      for (const [key, n] of m)
        if (key.startsWith(`QUERY${SEP}`)) totals.set(key, (totals.get(key) ?? 0) + n);
    }
    const top = [...totals].sort((a, b) => b[1] - a[1]).slice(0, limit);
    // Divisions per query, from the term index.
    const out: SignalRow[] = [];
    for (const [key] of top) {
      const term = key.slice(`QUERY${SEP}`.length);
      out.push(...(await this.rows(['QUERY'], [term], from, to)));
    }
    return out;
  }
}
