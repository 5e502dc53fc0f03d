/**
 * The queries of a person's 科普 record: each section's rows (at most `cap`, newest first) and
 * its full count, read from the modules that own the facts — works, activities, reviews,
 * volunteers, certificates. Nothing is stored here but the exported snapshots (certificates of
 * kind RECORD).
 */
import type { Executor } from '#platform/db/connect.ts';

export interface Range {
  from: string;
  to: string;
}

const n = (v: unknown) => Number(v ?? 0);

/** The person: name, status and the paths of their units (role grants and the expert profile's). */
export async function person(db: Executor, userId: string) {
  const user = await db
    .selectFrom('users')
    .select(['id', 'displayName', 'status'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user || user.status === 'DELETED') return undefined;
  const grants = await db
    .selectFrom('roleGrants as g')
    .innerJoin('organisations as o', 'o.id', 'g.organisationId')
    .select('o.path')
    .where('g.userId', '=', userId)
    .execute();
  const profile = await db
    .selectFrom('expertProfiles as p')
    .innerJoin('organisations as o', 'o.id', 'p.organisationId')
    .select('o.path')
    .where('p.userId', '=', userId)
    .executeTakeFirst();
  const paths = [...new Set([...grants.map((g) => g.path), ...(profile ? [profile.path] : [])])];
  return { ...user, homePaths: paths };
}

/** Published works naming the person as an author, published in the range. */
export async function works(db: Executor, userId: string, r: Range, cap: number) {
  // The authors are a JSON list; the id is matched as text, then checked on the parsed list.
  const base = db
    .selectFrom('works')
    .where('status', '=', 'PUBLISHED')
    .where('publishedAt', '>=', r.from)
    .where('publishedAt', '<', r.to)
    .where('authors', 'like', `%${userId}%`);
  const rows = await base
    .select(['id', 'title', 'type', 'publishedAt', 'authors'])
    .orderBy('publishedAt', 'desc')
    .orderBy('id')
    .limit(cap)
    .execute();
  const count = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  const mine = rows.filter((w) =>
    (JSON.parse(w.authors) as { userId?: string | null }[]).some((a) => a.userId === userId),
  );
  return {
    items: mine.map((w) => ({
      id: w.id,
      title: w.title,
      type: w.type,
      publishedAt: w.publishedAt!,
    })),
    total: n(count?.n) - (rows.length - mine.length),
  };
}

/** Activities the person was checked in at (a session in the range), newest first. */
export async function attended(db: Executor, userId: string, r: Range, cap: number) {
  const base = db
    .selectFrom('registrations as g')
    .innerJoin('activitySessions as s', 's.id', 'g.sessionId')
    .innerJoin('activities as a', 'a.id', 's.activityId')
    .innerJoin('organisations as o', 'o.id', 'a.organisationId')
    .where('g.userId', '=', userId)
    .where('g.checkedInAt', 'is not', null)
    .where('s.startsAt', '>=', r.from)
    .where('s.startsAt', '<', r.to);
  const [items, count] = await Promise.all([
    base
      .select(['a.id', 'a.title', 's.startsAt', 'o.name as host'])
      .orderBy('s.startsAt', 'desc')
      .orderBy('g.id')
      .limit(cap)
      .execute(),
    base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
  ]);
  return { items, total: n(count?.n) };
}

/** Scored review assignments, by call and (Beijing) year of submission. */
export async function reviews(db: Executor, userId: string, r: Range, cap: number) {
  const rows = await db
    .selectFrom('reviewAssignments as a')
    .innerJoin('reviewCalls as c', 'c.id', 'a.callId')
    .select(['c.id as callId', 'c.title', 'a.id', 'a.submittedAt'])
    .where('a.reviewerId', '=', userId)
    .where('a.status', '=', 'SUBMITTED')
    .where('a.submittedAt', '>=', r.from)
    .where('a.submittedAt', '<', r.to)
    .execute();
  // Grouped here: one person's reviews in a range are hundreds at most a year.
  const by = new Map<string, { callId: string; title: string; year: number; count: number }>();
  for (const x of rows) {
    // The Beijing year of submission.
    const y = new Date(Date.parse(x.submittedAt!) + 8 * 3_600_000).getUTCFullYear();
    const key = `${x.callId}:${y}`;
    const g = by.get(key) ?? { callId: x.callId, title: x.title, year: y, count: 0 };
    g.count++;
    by.set(key, g);
  }
  const all = [...by.values()].sort((a, b) => b.year - a.year || a.title.localeCompare(b.title));
  return { items: all.slice(0, cap), total: all.length, scored: rows.length };
}

/** Certificates held (not revoked, not exported records), issued in the range. */
export async function certificates(db: Executor, userId: string, r: Range, cap: number) {
  const base = db
    .selectFrom('certificates')
    .where('holderId', '=', userId)
    .where('revokedAt', 'is', null)
    .where('kind', '!=', 'RECORD')
    .where('issuedAt', '>=', r.from)
    .where('issuedAt', '<', r.to);
  const [items, count] = await Promise.all([
    base
      .select(['id', 'code', 'kind', 'title', 'organisationName', 'issuedAt'])
      .orderBy('issuedAt', 'desc')
      .orderBy('id')
      .limit(cap)
      .execute(),
    base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
  ]);
  return { items, total: n(count?.n) };
}

/** The root organisation (the platform): the issuer printed on an exported record. */
export const rootOrganisation = (db: Executor) =>
  db
    .selectFrom('organisations')
    .select(['id', 'name'])
    .where('parentId', 'is', null)
    .orderBy('path')
    .executeTakeFirst();
