/**
 * The console's desk for activities: the list of the activities my units host, and the office's
 * approval of activities linked to a campaign that requires it (a to-do for the office). Rules
 * here, SQL in repo.ts.
 */
import { type RequestContext, recordAudit } from '#platform/audit.ts';
import type { Db } from '#platform/db/connect.ts';
import { AppError, ruleError } from '#platform/errors.ts';
import { nowIso } from '#platform/ids.ts';
import { notify } from '#platform/notify/notify.ts';
import { type Actor, authorize, scopeOf } from '#platform/policy.ts';
import { searchEngineFor } from '#platform/search/engine.ts';
import { defineTodoSource } from '#platform/todos.ts';
import { tellPartners } from '../facilities/service.ts';
import { ACTIVITY_REVIEWED } from './notifications.ts';
import * as repo from './repo.ts';
import type { ConsoleActivityQuery } from './schema.ts';
import { mayReview, officePathFor, present } from './service.ts';

/** The activities hosted in the subtrees of my units (all of them for a platform admin). */
export async function consoleList(db: Db, actor: Actor | null, q: ConsoleActivityQuery) {
  const me = authorize(actor, 'activity.list');
  const { rows, total } = await repo.consolePage(
    db,
    {
      scope: scopeOf(me, ['MEMBER', 'EDITOR', 'ORG_ADMIN']),
      status: q.status,
      q: q.q || undefined,
      organisationId: q.organisationId,
    },
    (q.page - 1) * q.pageSize,
    q.pageSize,
  );
  const sessions = await repo.sessionsOf(
    db,
    rows.map((r) => r.id),
  );
  return {
    items: rows.map((a) => {
      const own = sessions.filter((s) => s.activityId === a.id && s.status === 'ACTIVE');
      return {
        id: a.id,
        title: a.title,
        typeCode: a.typeCode,
        organisationId: a.organisationId,
        host: a.host,
        status: a.status,
        campaignId: a.campaignId,
        startsAt: own[0]?.startsAt ?? null,
        endsAt: own.reduce<string | null>((m, s) => (m && m > s.endsAt ? m : s.endsAt), null),
        sessions: own.length,
        registered: own.reduce((n, s) => n + s.taken, 0),
        createdAt: a.createdAt,
      };
    }),
    total,
  };
}

/** The office approves (published: public from now) or sends back (a draft again, with a note). */
export async function reviewActivity(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  input: { approve: boolean; note: string | null },
) {
  if (!actor) throw new AppError('UNAUTHENTICATED');
  authorize(actor, 'activity.review', { orgPath: await officePathFor(db, actor) });
  const a = await repo.findActivity(db, id);
  if (!a) throw new AppError('NOT_FOUND');
  await db.transaction().execute(async (tx) => {
    const at = nowIso();
    if (
      !(await repo.moveActivity(
        tx,
        id,
        ['PENDING_REVIEW'],
        input.approve
          ? { status: 'PUBLISHED', publishedAt: at, reviewNote: input.note, updatedAt: at }
          : { status: 'DRAFT', reviewNote: input.note, updatedAt: at },
      ))
    )
      throw ruleError(
        'STATE_CONFLICT',
        '该活动不在待审核状态',
        'The activity is not awaiting approval',
      );
    await recordAudit(tx, ctx, {
      action: input.approve ? 'activity.approve' : 'activity.reject',
      entityType: 'activity',
      entityId: id,
      organisationId: a.organisationId,
      ...(input.note ? { detail: { note: input.note } } : {}),
    });
    if (input.approve) {
      await searchEngineFor(db, ctx.dialect).index(tx, 'activity', [id]);
      await tellPartners(tx, a, await repo.sessionsOf(tx, [id]));
    }
    await notify(tx, [a.createdBy], ACTIVITY_REVIEWED, {
      activityId: id,
      title: a.title,
      approved: input.approve,
      note: input.note,
    });
  });
  // Sent back, it is the host's draft again: the answer shows it once, as the office left it.
  return present(db, (await repo.findActivity(db, id))!);
}

/** What waits for the office: the activities of campaigns that require its approval. */
export async function pendingReviews(db: Db, actor: Actor | null) {
  authorize(actor, 'activity.review', { orgPath: await officePathFor(db, actor) });
  const { rows } = await repo.pendingReview(db, 200);
  return {
    items: rows.map((a) => ({
      id: a.id,
      title: a.title,
      host: a.host,
      campaignId: a.campaignId,
      submittedAt: a.updatedAt,
    })),
  };
}

defineTodoSource({
  kind: 'activity.review',
  label: { 'zh-CN': '待审核的主题日活动', 'en-US': 'Campaign activities to approve' },
  link: '/admin/activities/review',
  find: (db, actor, limit) =>
    actor.grants.length === 0
      ? null
      : mayReview(db, actor).then(async (ok) => {
          if (!ok) return { count: 0, entries: [] };
          const { rows, total } = await repo.pendingReview(db, limit);
          return {
            count: total,
            entries: rows.map((a) => ({
              id: a.id,
              title: a.title,
              detail: a.host,
              link: '/admin/activities/review',
            })),
          };
        }),
});
