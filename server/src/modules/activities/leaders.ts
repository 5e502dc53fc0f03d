/**
 * Who led an activity (`activity_leaders`): 负责专家 (LEAD) and 主讲 (SPEAKER), picked from the
 * expert directory in the activity editor. Other modules read led activities through
 * `ledActivityCounts` (chief communicators' duty) and `activitiesLedBy` (the public expert page,
 * the person's 科普 record).
 *
 * A range is two instants, half-open `[from, to)` — `chinaYearRange(year)` gives a China year.
 * An activity counts when it is PUBLISHED (not a draft, not waiting for the office, not
 * cancelled) and has an ACTIVE session starting in the range.
 */
import type { Executor } from '#platform/db/connect.ts';
import type { ActivityLeaderRole } from '#platform/db/schema.ts';

export const LEADER_ROLES = ['LEAD', 'SPEAKER'] as const satisfies readonly ActivityLeaderRole[];
/** Leaders of one activity at most. */
export const MAX_LEADERS = 20;

export interface LeaderInput {
  userId: string;
  role: ActivityLeaderRole;
}

export interface LedRange {
  from: string;
  to: string;
}

type Problem = { field: string; zh: string; en: string };

/** Field errors for a leaders list: unknown people, a person named twice. */
export async function checkLeaders(db: Executor, leaders: LeaderInput[]): Promise<Problem[]> {
  if (!leaders.length) return [];
  const known = new Set(
    (
      await db
        .selectFrom('users')
        .select('id')
        .where(
          'id',
          'in',
          leaders.map((l) => l.userId),
        )
        .where('status', '=', 'ACTIVE')
        .execute()
    ).map((r) => r.id),
  );
  const seen = new Set<string>();
  const problems: Problem[] = [];
  leaders.forEach((l, i) => {
    if (!known.has(l.userId))
      problems.push({
        field: `leaders.${i}.userId`,
        zh: '找不到这个人',
        en: 'is not a known person',
      });
    else if (seen.has(l.userId))
      problems.push({
        field: `leaders.${i}.userId`,
        zh: '同一个人只能列一次',
        en: 'names the same person twice',
      });
    seen.add(l.userId);
  });
  return problems;
}

/** Replaces an activity's leaders (in the caller's transaction), in the order given. */
export async function replaceLeaders(
  tx: Executor,
  activityId: string,
  leaders: LeaderInput[],
): Promise<void> {
  await tx.deleteFrom('activityLeaders').where('activityId', '=', activityId).execute();
  if (leaders.length)
    await tx
      .insertInto('activityLeaders')
      .values(
        leaders.map((l, position) => ({ activityId, userId: l.userId, role: l.role, position })),
      )
      .execute();
}

/** Leaders with what the console and the public page may show of them. */
export async function leaderRows(db: Executor, activityIds: string[]) {
  if (!activityIds.length) return [];
  return db
    .selectFrom('activityLeaders as l')
    .innerJoin('users as u', 'u.id', 'l.userId')
    .leftJoin('expertProfiles as p', 'p.userId', 'l.userId')
    .select([
      'l.activityId',
      'l.userId',
      'l.role',
      'l.position',
      'u.displayName',
      'u.status',
      'p.title',
      'p.publicFields',
      'p.publicConsentAt',
      (eb) =>
        eb
          .exists(
            eb
              .selectFrom('roleGrants as g')
              .select('g.userId')
              .whereRef('g.userId', '=', 'l.userId')
              .where('g.role', '=', 'REVIEWER'),
          )
          .as('isExpert'),
    ])
    .where('l.activityId', 'in', activityIds)
    .orderBy('l.activityId')
    .orderBy('l.position')
    .execute();
}

export type LeaderRow = Awaited<ReturnType<typeof leaderRows>>[number];

/** Whether the person has a public expert page (the portal names only them). */
export const hasPublicPage = (r: Pick<LeaderRow, 'publicConsentAt' | 'status' | 'isExpert'>) =>
  !!r.publicConsentAt && r.status === 'ACTIVE' && !!r.isExpert;

/**
 * A leader as shown. Console (`publicView` false): name and title. Public: the name, the title
 * (when the person shows it) and `expertId` only for someone with a public expert page;
 * anyone else is just their role, without a name.
 */
export function presentLeader(r: LeaderRow, publicView: boolean) {
  if (!publicView)
    return { userId: r.userId, role: r.role, name: r.displayName, title: r.title ?? null };
  if (!hasPublicPage(r)) return { role: r.role };
  const shown = new Set<string>(JSON.parse(r.publicFields ?? '[]') as string[]);
  return {
    role: r.role,
    name: r.displayName,
    title: shown.has('title') && r.title ? r.title : null,
    expertId: r.userId,
  };
}

const IN_CHUNK = 500;

/**
 * Distinct PUBLISHED activities with an ACTIVE session starting in `[range.from, range.to)` that
 * each person led (LEAD or SPEAKER). Everyone asked is in the map (0 when none).
 */
export async function ledActivityCounts(
  db: Executor,
  userIds: string[],
  range: LedRange,
): Promise<Map<string, number>> {
  const out = new Map<string, number>(userIds.map((id) => [id, 0]));
  const ids = [...new Set(userIds)];
  for (let i = 0; i < ids.length; i += IN_CHUNK) {
    const rows = await db
      .selectFrom('activityLeaders as l')
      .innerJoin('activities as a', 'a.id', 'l.activityId')
      .select(['l.userId', (eb) => eb.fn.count<string | number>('a.id').distinct().as('n')])
      .where('l.userId', 'in', ids.slice(i, i + IN_CHUNK))
      .where('l.role', 'in', ['LEAD', 'SPEAKER'])
      .where('a.status', '=', 'PUBLISHED')
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('activitySessions as s')
            .select('s.id')
            .whereRef('s.activityId', '=', 'a.id')
            .where('s.status', '=', 'ACTIVE')
            .where('s.startsAt', '>=', range.from)
            .where('s.startsAt', '<', range.to),
        ),
      )
      .groupBy('l.userId')
      .execute();
    for (const r of rows) out.set(r.userId, Number(r.n));
  }
  return out;
}

export interface LedActivity {
  id: string;
  title: string;
  role: ActivityLeaderRole;
  /** The first ACTIVE session in the range. */
  startsAt: string;
  host: string;
}

/**
 * The activities counted by `ledActivityCounts` for one person, latest first, each with its
 * first session in the range; `opts.limit` (default 1,000) bounds the list, `total` counts all.
 */
export async function activitiesLedBy(
  db: Executor,
  userId: string,
  range: LedRange,
  opts: { limit?: number; roles?: ActivityLeaderRole[] } = {},
): Promise<{ items: LedActivity[]; total: number }> {
  const roles = opts.roles ?? [...LEADER_ROLES];
  const base = db
    .selectFrom('activityLeaders as l')
    .innerJoin('activities as a', 'a.id', 'l.activityId')
    .innerJoin('organisations as o', 'o.id', 'a.organisationId')
    .innerJoin(
      (eb) =>
        eb
          .selectFrom('activitySessions')
          .select(['activityId', (e) => e.fn.min('startsAt').as('firstStart')])
          .where('status', '=', 'ACTIVE')
          .where('startsAt', '>=', range.from)
          .where('startsAt', '<', range.to)
          .groupBy('activityId')
          .as('s'),
      (j) => j.onRef('s.activityId', '=', 'a.id'),
    )
    .where('l.userId', '=', userId)
    .where('l.role', 'in', roles)
    .where('a.status', '=', 'PUBLISHED');
  const [items, count] = await Promise.all([
    base
      .select(['a.id', 'a.title', 'l.role', 's.firstStart as startsAt', 'o.name as host'])
      .orderBy('s.firstStart', 'desc')
      .orderBy('a.id')
      .limit(opts.limit ?? 1000)
      .execute(),
    base.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirst(),
  ]);
  return {
    items: items.map((r) => ({ ...r, startsAt: String(r.startsAt) })),
    total: Number(count?.n ?? 0),
  };
}

/** Everything the person is named on (for the account export), latest first. */
export const leaderRowsOfPerson = (db: Executor, userId: string) =>
  db
    .selectFrom('activityLeaders as l')
    .innerJoin('activities as a', 'a.id', 'l.activityId')
    .select(['a.title', 'l.role', 'a.status'])
    .where('l.userId', '=', userId)
    .orderBy('a.createdAt', 'desc')
    .execute();

/** Erasure: the person is no longer named as anyone's leader. */
export const deleteLeaderRowsOf = (tx: Executor, userId: string) =>
  tx.deleteFrom('activityLeaders').where('userId', '=', userId).execute();

export const ROLE_LABELS: Record<ActivityLeaderRole, { 'zh-CN': string; 'en-US': string }> = {
  LEAD: { 'zh-CN': '负责专家', 'en-US': 'Lead expert' },
  SPEAKER: { 'zh-CN': '主讲', 'en-US': 'Speaker' },
};
