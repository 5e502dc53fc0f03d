/** The expert directory's SQL: experts (people holding the REVIEWER role), profiles and ties. */
import { sql } from 'kysely';
import type { Executor } from '#platform/db/connect.ts';
import type { ExpertProfileTable, ExpertTieTable } from '#platform/db/schema.ts';

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
    db.selectFrom('expertProfiles').selectAll().where('userId', 'in', ids).execute(),
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
      signIn: (account.status !== 'ACTIVE'
        ? 'DISABLED'
        : Number(account.hasPassword)
          ? 'OK'
          : 'NO_PASSWORD') as 'OK' | 'NO_PASSWORD' | 'DISABLED',
      orgs: mine.filter((g) => g.path).map((g) => ({ path: g.path!, name: g.name! })),
      ties: ties
        .filter((t) => t.userId === userId)
        .map((t) => ({ path: t.path, name: t.name, kind: t.kind })),
      sectors: p ? (JSON.parse(p.sectors) as string[]) : [],
      topics: p ? (JSON.parse(p.topics) as string[]) : [],
    };
  });
}

/** An expert's name, profile (if any) and declared ties; throws when there is no such user. */
export async function expertProfileOf(db: Executor, userId: string) {
  const [user, profile, ties] = await Promise.all([
    db.selectFrom('users').select('displayName').where('id', '=', userId).executeTakeFirstOrThrow(),
    db.selectFrom('expertProfiles').selectAll().where('userId', '=', userId).executeTakeFirst(),
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
  return { user, profile, ties };
}

/** Replaces an expert's profile and ties. */
export async function replaceExpertProfile(
  db: Executor,
  profile: ExpertProfileTable,
  ties: ExpertTieTable[],
) {
  await db.deleteFrom('expertProfiles').where('userId', '=', profile.userId).execute();
  await db.insertInto('expertProfiles').values(profile).execute();
  await db.deleteFrom('expertTies').where('userId', '=', profile.userId).execute();
  if (ties.length) await db.insertInto('expertTies').values(ties).execute();
}
