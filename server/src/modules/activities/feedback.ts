/**
 * Feedback (issue 12 §7): a person whose registration was checked in rates the activity 1–5 and
 * may comment, once per registration, and may change it for FEEDBACK_EDIT_DAYS after first
 * giving it. The rating counts at once; a comment is public only once the host's staff approved it
 * (a changed comment waits again). Satisfaction — mean, count and the 1–5 distribution — by
 * activity, host, base and province, for the activity page, the console and, later, statistics.
 */
import { type RequestContext, recordAudit } from '#platform/audit.ts';
import type { Db } from '#platform/db/connect.ts';
import type { ActivityFeedbackTable, FeedbackCommentStatus } from '#platform/db/schema.ts';
import { AppError, fieldError, ruleError } from '#platform/errors.ts';
import { newId, nowIso } from '#platform/ids.ts';
import { notify } from '#platform/notify/notify.ts';
import { type Actor, authorize, can, scopeOf } from '#platform/policy.ts';
import * as fbRepo from './feedback-repo.ts';
import { FEEDBACK_REFUSED } from './notifications.ts';
import * as repo from './repo.ts';

/** How long a person may change their feedback after first giving it. */
export const FEEDBACK_EDIT_DAYS = 14;
const DAY = 86_400_000;
const MODERATORS = ['EDITOR', 'ORG_ADMIN'] as const;

export interface Satisfaction {
  count: number;
  /** Mean rating, two decimals; null with no rating. */
  mean: number | null;
  /** Ratings of 1, 2, 3, 4 and 5 stars. */
  distribution: [number, number, number, number, number];
}

/** Mean and distribution from counts per star. */
export function summarise(counts: { rating: number; n: number }[]): Satisfaction {
  const distribution: Satisfaction['distribution'] = [0, 0, 0, 0, 0];
  for (const c of counts)
    if (c.rating >= 1 && c.rating <= 5) distribution[c.rating - 1]! += Number(c.n);
  const count = distribution.reduce((a, b) => a + b, 0);
  const sum = distribution.reduce((a, n, i) => a + n * (i + 1), 0);
  return { count, mean: count ? Math.round((sum / count) * 100) / 100 : null, distribution };
}

const editableUntil = (f: { createdAt: string }) =>
  new Date(Date.parse(f.createdAt) + FEEDBACK_EDIT_DAYS * DAY).toISOString();

/** The person's own feedback as 我的 shows it (the moderation reason too, when refused). */
export function presentMine(f: ActivityFeedbackTable) {
  return {
    id: f.id,
    rating: f.rating,
    comment: f.comment,
    commentStatus: f.commentStatus,
    moderationReason: f.commentStatus === 'REJECTED' ? f.moderationReason : null,
    editableUntil: editableUntil(f),
    createdAt: f.createdAt,
    updatedAt: f.updatedAt,
  };
}

/** Whether a registration is a verified attendance: confirmed and checked in. */
export function attended(r: { status: string; checkedInAt: string | null }): boolean {
  return r.status === 'CONFIRMED' && r.checkedInAt !== null;
}

/** Give or change my feedback on a registration of mine that was checked in. */
export async function giveFeedback(
  db: Db,
  actor: Actor,
  registrationId: string,
  input: { rating: number; comment: string },
  nowMs = Date.now(),
) {
  const r = await repo.findRegistration(db, registrationId);
  if (!r || r.userId !== actor.userId) throw new AppError('NOT_FOUND');
  if (!attended(r))
    throw ruleError(
      'RULE_BROKEN',
      '只有签到参加了活动的人才能评价',
      'Only people who were checked in at the activity can rate it',
    );
  const at = nowIso(nowMs);
  const comment = input.comment.trim();
  const existing = await fbRepo.feedbackOfRegistration(db, registrationId);
  if (existing) {
    if (Date.parse(editableUntil(existing)) < nowMs)
      throw ruleError(
        'STATE_CONFLICT',
        `评价提交 ${FEEDBACK_EDIT_DAYS} 天后不能再修改`,
        `Feedback can be changed for ${FEEDBACK_EDIT_DAYS} days after it was given`,
      );
    const sameComment = comment === existing.comment;
    const patch: Partial<ActivityFeedbackTable> = {
      rating: input.rating,
      comment,
      updatedAt: at,
      ...(sameComment
        ? {}
        : {
            commentStatus: comment ? 'PENDING' : 'NONE',
            moderationReason: null,
            moderatedBy: null,
            moderatedAt: null,
          }),
    };
    await fbRepo.updateFeedback(db, existing.id, patch);
    return presentMine({ ...existing, ...patch });
  }
  const row: ActivityFeedbackTable = {
    id: newId(),
    registrationId,
    activityId: r.activityId,
    userId: actor.userId,
    rating: input.rating,
    comment,
    commentStatus: comment ? 'PENDING' : 'NONE',
    moderationReason: null,
    moderatedBy: null,
    moderatedAt: null,
    createdAt: at,
    updatedAt: at,
  };
  try {
    await fbRepo.insertFeedback(db, row);
  } catch (e) {
    // Two first submissions at once: the unique index keeps one.
    if (await fbRepo.feedbackOfRegistration(db, registrationId))
      throw ruleError('STATE_CONFLICT', '已经评价过了', 'Feedback was already given');
    throw e;
  }
  return presentMine(row);
}

/** The public side of an activity's feedback: all ratings' figures and the approved comments. */
export async function publicFeedback(
  db: Db,
  activityId: string,
  q: { page: number; pageSize: number },
) {
  const a = await repo.findActivity(db, activityId);
  if (!a || a.status === 'DRAFT' || a.status === 'PENDING_REVIEW') throw new AppError('NOT_FOUND');
  const [counts, page] = await Promise.all([
    fbRepo.ratingCounts(db, { by: 'activity', scope: 'ALL', activityId }),
    fbRepo.approvedComments(db, activityId, (q.page - 1) * q.pageSize, q.pageSize),
  ]);
  return {
    summary: summarise(counts),
    items: page.rows.map((c) => ({
      id: c.id,
      rating: c.rating,
      comment: c.comment,
      createdAt: c.createdAt,
    })),
    total: page.total,
  };
}

function presentModeration(
  f: ActivityFeedbackTable & { activityTitle: string; host: string; userName?: string },
) {
  return {
    id: f.id,
    activityId: f.activityId,
    activityTitle: f.activityTitle,
    host: f.host,
    userName: f.userName ?? '',
    rating: f.rating,
    comment: f.comment,
    commentStatus: f.commentStatus as Exclude<FeedbackCommentStatus, 'NONE'>,
    moderationReason: f.moderationReason,
    moderatedAt: f.moderatedAt,
    createdAt: f.createdAt,
    updatedAt: f.updatedAt,
  };
}

/** Comments at the activities my units host, for their staff to approve or refuse. */
export async function moderationList(
  db: Db,
  actor: Actor | null,
  q: {
    status?: Exclude<FeedbackCommentStatus, 'NONE'>;
    activityId?: string;
    page: number;
    pageSize: number;
  },
) {
  const me = authorize(actor, 'activity.list');
  const { rows, total } = await fbRepo.moderationPage(
    db,
    { scope: scopeOf(me, MODERATORS), status: q.status, activityId: q.activityId },
    (q.page - 1) * q.pageSize,
    q.pageSize,
  );
  return { items: rows.map(presentModeration), total };
}

/** Approve a comment (public from now) or refuse it with a reason; audited. */
export async function moderateFeedback(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  input: { approve: boolean; reason: string | null },
) {
  if (!actor) throw new AppError('UNAUTHENTICATED');
  const f = await fbRepo.findFeedback(db, id);
  if (!f || !can(actor, 'activity.read', { orgPath: f.orgPath })) throw new AppError('NOT_FOUND');
  authorize(actor, 'feedback.moderate', { orgPath: f.orgPath });
  const reason = input.reason?.trim() || null;
  if (!input.approve && !reason)
    throw fieldError('reason', '请说明不予展示的理由', 'is required when refusing a comment');
  if (f.commentStatus === 'NONE')
    throw ruleError('STATE_CONFLICT', '这条评价没有留言', 'This feedback has no comment');
  const to: FeedbackCommentStatus = input.approve ? 'APPROVED' : 'REJECTED';
  if (f.commentStatus === to)
    throw ruleError(
      'STATE_CONFLICT',
      input.approve ? '这条留言已经通过' : '这条留言已经不予展示',
      input.approve ? 'The comment is already approved' : 'The comment is already refused',
    );
  const at = nowIso();
  const patch: Partial<ActivityFeedbackTable> = {
    commentStatus: to,
    moderationReason: reason,
    moderatedBy: actor.userId,
    moderatedAt: at,
  };
  await db.transaction().execute(async (tx) => {
    if (!(await fbRepo.moderate(tx, id, f.commentStatus, f.updatedAt, patch)))
      throw ruleError(
        'STATE_CONFLICT',
        '这条评价刚刚被修改或审核过，请刷新',
        'The feedback changed or was moderated just now; reload it',
      );
    await recordAudit(tx, ctx, {
      action: input.approve ? 'activityFeedback.approve' : 'activityFeedback.reject',
      entityType: 'activity',
      entityId: f.activityId,
      organisationId: f.organisationId,
      detail: { feedbackId: id, rating: f.rating, ...(reason ? { reason } : {}) },
    });
    // The person hears why (their 我的 page shows the reason too).
    if (!input.approve && reason)
      await notify(tx, [f.userId], FEEDBACK_REFUSED, {
        activityId: f.activityId,
        title: f.activityTitle,
        reason,
      });
  });
  return presentModeration({ ...f, ...patch });
}

/**
 * Satisfaction by activity, host, base or province over the activities the actor's units host
 * (all for a platform admin): what the statistics module reads. Dates are China days of the
 * session's start.
 */
export async function satisfaction(
  db: Db,
  actor: Actor | null,
  q: { by: fbRepo.SatisfactionBy; activityId?: string; from?: string; to?: string },
) {
  const me = authorize(actor, 'activity.list');
  return satisfactionIn(db, scopeOf(me, ['MEMBER', ...MODERATORS]), q);
}

/** The same figures for a given scope (the statistics module passes its own). */
export async function satisfactionIn(
  db: Db,
  scope: 'ALL' | string[],
  q: { by: fbRepo.SatisfactionBy; activityId?: string; from?: string; to?: string },
) {
  const chinaDay = (d: string) => new Date(`${d}T00:00:00+08:00`).toISOString();
  const rows = await fbRepo.ratingCounts(db, {
    by: q.by,
    scope,
    activityId: q.activityId,
    from: q.from ? chinaDay(q.from) : undefined,
    to: q.to ? new Date(Date.parse(chinaDay(q.to)) + DAY).toISOString() : undefined,
  });
  const groups = new Map<string, { key: string; name: string; counts: typeof rows }>();
  for (const r of rows) {
    const g = groups.get(r.key) ?? { key: r.key, name: r.name ?? r.key, counts: [] };
    g.counts.push(r);
    groups.set(r.key, g);
  }
  const items = [...groups.values()]
    .map((g) => ({ key: g.key, name: g.name, ...summarise(g.counts) }))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name, 'zh-CN'));
  return {
    by: q.by,
    overall: summarise(items.flatMap((i) => i.distribution.map((n, k) => ({ rating: k + 1, n })))),
    items,
  };
}
