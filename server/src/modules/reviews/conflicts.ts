/** Conflict-of-interest rules, over data loaded once (pure: no database here). */

export type ConflictReason =
  | 'SAME_ORG'
  | 'ANCESTOR_ORG'
  | 'DESCENDANT_ORG'
  | 'DECLARED_TIE'
  | 'CO_AUTHOR'
  | 'RECUSED'
  | 'NOMINEE';

export interface Conflict {
  reason: ConflictReason;
  /** Readable detail for the organiser (an organisation or work name). */
  detail: string;
}

export interface ReviewerFacts {
  userId: string;
  /** Paths and names of the organisations the reviewer holds a role in. */
  orgs: { path: string; name: string }[];
  /** Declared ties: organisation paths and names. */
  ties: { path: string; name: string; kind: string }[];
}

export interface ItemFacts {
  itemId: string;
  applicantPath: string;
  applicantName: string;
  submittedBy: string;
  /** The person a nomination names (subjects whose applicants are people), else null. */
  nomineeId: string | null;
}

export interface CoAuthorship {
  /** `${reviewerId} ${userId}` pairs who wrote a work together, with one work's title. */
  pairs: Map<string, string>;
  /** `${reviewerId} ${orgPath}`: the reviewer wrote a work of that organisation, with its title. */
  orgWorks: Map<string, string>;
}

/** Every reason the reviewer may not review the item (empty: no conflict). */
export function conflictsOf(r: ReviewerFacts, item: ItemFacts, co: CoAuthorship): Conflict[] {
  const out: Conflict[] = [];
  for (const o of r.orgs) {
    if (o.path === item.applicantPath) out.push({ reason: 'SAME_ORG', detail: o.name });
    else if (item.applicantPath.startsWith(o.path))
      out.push({ reason: 'ANCESTOR_ORG', detail: `${o.name} ⊃ ${item.applicantName}` });
    else if (o.path.startsWith(item.applicantPath))
      out.push({ reason: 'DESCENDANT_ORG', detail: `${item.applicantName} ⊃ ${o.name}` });
  }
  for (const t of r.ties) {
    if (item.applicantPath.startsWith(t.path) || t.path.startsWith(item.applicantPath))
      out.push({ reason: 'DECLARED_TIE', detail: `${t.name}（${t.kind}）` });
  }
  if (r.userId === item.submittedBy) out.push({ reason: 'SAME_ORG', detail: item.applicantName });
  const pair = co.pairs.get(`${r.userId} ${item.submittedBy}`);
  if (pair) out.push({ reason: 'CO_AUTHOR', detail: pair });
  if (item.nomineeId) {
    if (r.userId === item.nomineeId) out.push({ reason: 'NOMINEE', detail: '' });
    const withNominee = co.pairs.get(`${r.userId} ${item.nomineeId}`);
    if (withNominee) out.push({ reason: 'CO_AUTHOR', detail: withNominee });
  }
  const orgWork = co.orgWorks.get(`${r.userId} ${item.applicantPath}`);
  if (orgWork) out.push({ reason: 'CO_AUTHOR', detail: orgWork });
  // One row per reason is enough for the record.
  const byReason = new Map<ConflictReason, Conflict>();
  for (const c of out) if (!byReason.has(c.reason)) byReason.set(c.reason, c);
  return [...byReason.values()];
}
