/** The expert directory's SQL: experts (people holding the REVIEWER role), profiles, tags and ties. */
import { type SelectQueryBuilder, sql } from 'kysely';
import type { Executor } from '#platform/db/connect.ts';
import { containsText } from '#platform/db/like.ts';
import type {
  Database,
  ExpertProfileTable,
  ExpertTagTable,
  ExpertTieTable,
} from '#platform/db/schema.ts';
import { pathEnd } from '#platform/db/subtree.ts';
import { chinaYearRange, todayInChina } from '#platform/ids.ts';

/**
 * The reviewer pool: people with a reviewer role whose account is not deleted, their profile,
 * role organisations and ties, and whether they can sign in (`signIn`: OK, NO_PASSWORD — never
 * set, as seeded demo people — or DISABLED).
 */
export async function expertPool(db: Executor) {
  const grants = await db
    .selectFrom('roleGrants')
    .innerJoin('users', 'users.id', 'roleGrants.userId')
    .leftJoin('organisations', 'organisations.id', 'roleGrants.organisationId')
    .select([
      'roleGrants.userId',
      'roleGrants.role',
      'users.displayName',
      'users.status',
      sql<number>`case when users.password_hash is null then 0 else 1 end`.as('hasPassword'),
      'organisations.path',
      'organisations.name',
    ])
    .where('roleGrants.userId', 'in', (qb) =>
      qb.selectFrom('roleGrants').select('userId').where('role', '=', 'REVIEWER'),
    )
    .where('users.status', 'in', ['ACTIVE', 'DISABLED'])
    .execute();
  const ids = [...new Set(grants.map((g) => g.userId))];
  if (ids.length === 0) return [];
  const [profiles, ties] = await Promise.all([
    db
      .selectFrom('expertProfiles')
      .select(['userId', 'sectors', 'topics'])
      .where('userId', 'in', ids)
      .execute(),
    db
      .selectFrom('expertTies')
      .innerJoin('organisations', 'organisations.id', 'expertTies.organisationId')
      .select(['expertTies.userId', 'expertTies.kind', 'organisations.path', 'organisations.name'])
      .where('expertTies.userId', 'in', ids)
      .execute(),
  ]);
  const profileOf = new Map(profiles.map((p) => [p.userId, p]));
  return ids.map((userId) => {
    const mine = grants.filter((g) => g.userId === userId);
    const p = profileOf.get(userId);
    const account = mine[0]!;
    return {
      userId,
      displayName: account.displayName,
      signIn: signInOf(account.status, Number(account.hasPassword)),
      orgs: mine.filter((g) => g.path).map((g) => ({ path: g.path!, name: g.name! })),
      ties: ties
        .filter((t) => t.userId === userId)
        .map((t) => ({ path: t.path, name: t.name, kind: t.kind })),
      sectors: p ? (JSON.parse(p.sectors) as string[]) : [],
      topics: p ? (JSON.parse(p.topics) as string[]) : [],
    };
  });
}

const signInOf = (status: string, hasPassword: number) =>
  (status !== 'ACTIVE' ? 'DISABLED' : hasPassword ? 'OK' : 'NO_PASSWORD') as
    | 'OK'
    | 'NO_PASSWORD'
    | 'DISABLED';

/** Whether the person holds the REVIEWER role anywhere (is in the directory). */
export async function isExpert(db: Executor, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('roleGrants')
    .select('userId')
    .where('userId', '=', userId)
    .where('role', '=', 'REVIEWER')
    .executeTakeFirst();
  return !!row;
}

/**
 * An expert's account, profile (if any) with the unit's and verifier's names, and declared ties;
 * undefined when there is no such (non-deleted) user.
 */
export async function expertProfileOf(db: Executor, userId: string) {
  const [user, profile, ties] = await Promise.all([
    db
      .selectFrom('users')
      .select([
        'displayName',
        'status',
        sql<number>`case when password_hash is null then 0 else 1 end`.as('hasPassword'),
      ])
      .where('id', '=', userId)
      .where('status', '!=', 'DELETED')
      .executeTakeFirst(),
    db
      .selectFrom('expertProfiles as p')
      .leftJoin('organisations as o', 'o.id', 'p.organisationId')
      .leftJoin('organisations as vo', 'vo.id', 'p.verifiedOrgId')
      .leftJoin('users as vu', 'vu.id', 'p.verifiedBy')
      .selectAll('p')
      .select([
        'o.name as organisationName',
        'o.path as organisationPath',
        'vo.name as verifiedOrgName',
        'vu.displayName as verifiedByName',
      ])
      .where('p.userId', '=', userId)
      .executeTakeFirst(),
    db
      .selectFrom('expertTies')
      .innerJoin('organisations', 'organisations.id', 'expertTies.organisationId')
      .select([
        'expertTies.organisationId',
        'organisations.name as organisationName',
        'expertTies.kind',
        'expertTies.note',
      ])
      .where('expertTies.userId', '=', userId)
      .execute(),
  ]);
  if (!user) return undefined;
  return {
    user: { ...user, signIn: signInOf(user.status, Number(user.hasPassword)) },
    profile,
    ties,
  };
}
export type ExpertProfileRow = NonNullable<Awaited<ReturnType<typeof expertProfileOf>>>['profile'];

/** A profile's columns before the person fills them (seeding and benchmarks). */
export const EMPTY_PROFILE = {
  rank: null,
  organisationId: null,
  sectors: '[]',
  topics: '[]',
  hazards: '[]',
  regions: '[]',
  languages: '[]',
  services: '[]',
  availability: 'AVAILABLE',
  availabilityNote: '',
  availableUntil: null,
  bio: '',
  publications: '[]',
  workIds: '[]',
  photoMediaId: null,
  publicFields: '[]',
  publicConsentAt: null,
  verifiedAt: null,
  verifiedBy: null,
  verifiedOrgId: null,
} satisfies Omit<ExpertProfileTable, 'userId' | 'title' | 'updatedAt'>;

/** Replaces an expert's profile, its filter tags and ties. */
export async function replaceExpertProfile(
  db: Executor,
  profile: ExpertProfileTable,
  tags: ExpertTagTable[],
  ties: ExpertTieTable[],
) {
  await db.deleteFrom('expertProfiles').where('userId', '=', profile.userId).execute();
  await db.insertInto('expertProfiles').values(profile).execute();
  await db.deleteFrom('expertTags').where('userId', '=', profile.userId).execute();
  if (tags.length) await db.insertInto('expertTags').values(tags).execute();
  await db.deleteFrom('expertTies').where('userId', '=', profile.userId).execute();
  if (ties.length) await db.insertInto('expertTies').values(ties).execute();
}

export async function setVerification(
  db: Executor,
  userId: string,
  v: { verifiedAt: string; verifiedBy: string; verifiedOrgId: string } | null,
) {
  await db
    .updateTable('expertProfiles')
    .set(v ?? { verifiedAt: null, verifiedBy: null, verifiedOrgId: null })
    .where('userId', '=', userId)
    .execute();
}

/** Works by id that are published and name `userId` among their authors. */
export async function authoredWorks(db: Executor, userId: string, ids: string[]) {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('works')
    .select(['id', 'title', 'authors', 'status'])
    .where('id', 'in', ids)
    .execute();
  return rows
    .filter((w) =>
      (JSON.parse(w.authors) as { userId?: string }[]).some((a) => a.userId === userId),
    )
    .map((w) => ({ id: w.id, title: w.title, published: w.status === 'PUBLISHED' }));
}

/** An image `userId` uploaded, or undefined. */
export function ownImage(db: Executor, userId: string, mediaId: string) {
  return db
    .selectFrom('media')
    .select('id')
    .where('id', '=', mediaId)
    .where('uploadedBy', '=', userId)
    .where('kind', '=', 'IMAGE')
    .executeTakeFirst();
}

/**
 * GB/T 2260 prefixes: a province's codes share its first 2 digits, a city's its first 4. The
 * division's own prefix (what lies within it) and its ancestors' codes (what contains it).
 */
function divisionScope(code: string) {
  const prefix = code.endsWith('0000')
    ? code.slice(0, 2)
    : code.endsWith('00')
      ? code.slice(0, 4)
      : code;
  const ancestors = [`${code.slice(0, 2)}0000`, `${code.slice(0, 4)}00`].filter((c) => c !== code);
  return { prefix, ancestors };
}

export interface DirectoryFilter {
  q?: string;
  tags: { kind: ExpertTagTable['kind']; codes: string[] }[];
  region?: string;
  ranks: string[];
  availability: string[];
  /** Experts whose unit lies in this organisation path's subtree. */
  orgPath?: string;
  verified?: boolean;
  /** Only people who consented to a public page (and can be found: active accounts). */
  publicOnly?: boolean;
}

type DirectoryQuery = SelectQueryBuilder<
  Database & { u: Database['users']; p: Database['expertProfiles']; o: Database['organisations'] },
  'u' | 'p' | 'o',
  object
>;

function filtered(db: Executor, f: DirectoryFilter): DirectoryQuery {
  let q = db
    .selectFrom('users as u')
    .leftJoin('expertProfiles as p', 'p.userId', 'u.id')
    .leftJoin('organisations as o', 'o.id', 'p.organisationId')
    .where('u.id', 'in', (qb) =>
      qb.selectFrom('roleGrants').select('userId').where('role', '=', 'REVIEWER'),
    )
    .where('u.status', 'in', f.publicOnly ? ['ACTIVE'] : ['ACTIVE', 'DISABLED']) as DirectoryQuery;
  if (f.publicOnly) q = q.where('p.publicConsentAt', 'is not', null);
  if (f.q)
    q = q.where((eb) =>
      eb.or([
        containsText('u.display_name', f.q!),
        containsText('p.title', f.q!),
        containsText('o.name', f.q!),
      ]),
    );
  for (const t of f.tags)
    if (t.codes.length)
      q = q.where('u.id', 'in', (qb) =>
        qb
          .selectFrom('expertTags')
          .select('userId')
          .where('kind', '=', t.kind)
          .where('code', 'in', t.codes),
      );
  if (f.region) {
    const { prefix, ancestors } = divisionScope(f.region);
    q = q.where('u.id', 'in', (qb) =>
      qb
        .selectFrom('expertTags')
        .select('userId')
        .where('kind', '=', 'REGION')
        .where((eb) =>
          eb.or([
            eb.and([eb('code', '>=', prefix), eb('code', '<', `${prefix}~`)]),
            ...(ancestors.length ? [eb('code', 'in', ancestors)] : []),
          ]),
        ),
    );
  }
  if (f.ranks.length) q = q.where('p.rank', 'in', f.ranks);
  const availability = f.availability as ExpertProfileTable['availability'][];
  if (availability.length)
    q = q.where((eb) =>
      f.availability.includes('AVAILABLE')
        ? eb.or([eb('p.availability', 'in', availability), eb('p.userId', 'is', null)])
        : eb('p.availability', 'in', availability),
    );
  if (f.orgPath) q = q.where('o.path', '>=', f.orgPath).where('o.path', '<', pathEnd(f.orgPath));
  if (f.verified !== undefined) q = q.where('p.verifiedAt', f.verified ? 'is not' : 'is', null);
  return q;
}

/** A page of the directory with its exact total; `load`: review assignments this year. */
export async function directory(
  db: Executor,
  f: DirectoryFilter,
  page: { offset: number; limit: number; sort: 'name' | 'load' | '-load' | 'rank' },
  now = Date.now(),
) {
  const since = chinaYearRange(Number(todayInChina(now).slice(0, 4))).from;
  const load = db
    .selectFrom('reviewAssignments')
    .select(['reviewerId', sql<number>`count(*)`.as('n')])
    .where('status', '!=', 'RECUSED')
    .where('assignedAt', '>=', since)
    .groupBy('reviewerId')
    .as('l');
  const base = filtered(db, f);
  let rows = base
    .leftJoin(load, 'l.reviewerId', 'u.id')
    .select([
      'u.id as userId',
      'u.displayName',
      'u.status',
      sql<number>`case when u.password_hash is null then 0 else 1 end`.as('hasPassword'),
      'p.title',
      'p.rank',
      'p.organisationId',
      'o.name as organisationName',
      'p.sectors',
      'p.topics',
      'p.hazards',
      'p.regions',
      'p.services',
      'p.availability',
      'p.availableUntil',
      'p.verifiedAt',
      'p.publicConsentAt',
      'p.publicFields',
      'p.photoMediaId',
      'p.languages',
      'p.bio',
      sql<number>`coalesce(l.n, 0)`.as('load'),
    ]);
  const rankOrder = sql`case p.rank when 'SENIOR' then 0 when 'ASSOCIATE' then 1 when 'INTERMEDIATE' then 2 when 'JUNIOR' then 3 else 4 end`;
  if (page.sort === 'load') rows = rows.orderBy(sql`coalesce(l.n, 0)`, 'asc');
  else if (page.sort === '-load') rows = rows.orderBy(sql`coalesce(l.n, 0)`, 'desc');
  else if (page.sort === 'rank') rows = rows.orderBy(rankOrder);
  // The portal: chief communicators (a title held by appointment now) first, then verified.
  if (f.publicOnly)
    rows = rows
      .orderBy(
        sql`case when exists (select 1 from appointments a where a.user_id = u.id and a.status = 'ACTIVE') then 0 else 1 end`,
      )
      .orderBy(sql`case when p.verified_at is null then 1 else 0 end`);
  const [items, count] = await Promise.all([
    rows.orderBy('u.displayName').orderBy('u.id').offset(page.offset).limit(page.limit).execute(),
    base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    items: items.map((r) => ({
      ...r,
      load: Number(r.load),
      signIn: signInOf(r.status, Number(r.hasPassword)),
    })),
    total: Number(count.n),
  };
}

export async function organisationPath(db: Executor, id: string) {
  const row = await db
    .selectFrom('organisations')
    .select('path')
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.path;
}

/** Ids of people with a public expert page, in pages ordered by id (search reindexing). */
export async function publicExpertIds(db: Executor, after: string | null, limit: number) {
  const rows = await db
    .selectFrom('expertProfiles')
    .select('userId')
    .where('publicConsentAt', 'is not', null)
    .$if(after !== null, (q) => q.where('userId', '>', after!))
    .orderBy('userId')
    .limit(limit)
    .execute();
  return rows.map((r) => r.userId);
}

/** Removes what only the directory kept about a person (account deletion). */
export async function eraseExpert(db: Executor, userId: string) {
  await db.deleteFrom('expertTags').where('userId', '=', userId).execute();
  await db.deleteFrom('expertTies').where('userId', '=', userId).execute();
  await db.deleteFrom('expertProfiles').where('userId', '=', userId).execute();
}
