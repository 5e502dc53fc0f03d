/** 公示 (public notice): accepted items are put on notice, anyone may object, the rest confirmed. */
import type { z } from 'zod';
import { type RequestContext, recordAudit } from '#platform/audit.ts';
import { LIMITS, reserveAttempt } from '#platform/auth/throttle.ts';
import type { Db, Executor, Tx } from '#platform/db/connect.ts';
import { AppError, fieldErrors, ruleError } from '#platform/errors.ts';
import { newId, nowIso, todayInChina } from '#platform/ids.ts';
import { defineJob, schedule } from '#platform/jobs/define.ts';
import { defineNotification } from '#platform/notify/define.ts';
import { notify } from '#platform/notify/notify.ts';
import type { Actor } from '#platform/policy.ts';
import { publishLinks } from '../media/service.ts';
import { workingDaysEndOn } from '../site/service.ts';
import * as repo from './repo.ts';
import type { CreateNoticeSchema, HandleObjectionSchema, ObjectionCreateSchema } from './schema.ts';
import {
  authorizeStage,
  confirmItem,
  event,
  loadCall,
  loadManagedCall,
  requireStage,
  wrongState,
} from './workflow.ts';

/** A public notice lasts five working days unless the call or the organiser says otherwise. */
export const DEFAULT_NOTICE_WORKING_DAYS = 5;

export async function createNotice(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  callId: string,
  input: z.infer<typeof CreateNoticeSchema>,
) {
  const id = newId();
  await db.transaction().execute(async (tx) => {
    const c = await loadCall(tx, callId);
    const { me } = await authorizeStage(tx, actor, c, 'PUBLIC_NOTICE');
    requireStage(c, 'PUBLIC_NOTICE');
    // Without a last day: the call's length in working days (公示期), else five.
    const settings = JSON.parse(c.settings) as { noticeWorkingDays?: number };
    const endsAt =
      input.endsAt ??
      (await workingDaysEndOn(
        tx,
        input.startsAt,
        input.workingDays ?? settings.noticeWorkingDays ?? DEFAULT_NOTICE_WORKING_DAYS,
        'workingDays',
      ));
    if (endsAt < input.startsAt)
      throw fieldErrors([
        { field: 'endsAt', zh: '公示结束日期不能早于开始日期', en: 'must not be before startsAt' },
      ]);
    await repo.insertNotice(tx, {
      id,
      callId,
      title: input.title,
      startsAt: input.startsAt,
      endsAt,
      status: 'OPEN',
      createdBy: me.userId,
      createdAt: nowIso(),
    });
    for (const itemId of new Set(input.itemIds)) {
      const item = await repo.findItem(tx, itemId);
      if (!item || item.callId !== callId)
        throw fieldErrors([
          {
            field: 'itemIds',
            zh: `申报 ${itemId} 不属于本次征集`,
            en: `${itemId} is not in this call`,
          },
        ]);
      if (
        !(await repo.moveItem(tx, itemId, ['ACCEPTED'], {
          status: 'PUBLICIZED',
          noticeId: id,
          updatedAt: nowIso(),
        }))
      )
        throw wrongState(
          item.status,
          '只有拟入选的申报可以公示',
          'Only accepted applications can be put on notice',
        );
      await event(
        tx,
        ctx,
        item,
        'publicize',
        'PUBLICIZED',
        `${input.startsAt} 至 ${endsAt}`,
        c.organisationId,
      );
      await publishLinks(tx, { type: 'reviewItem', id: itemId }, false);
    }
    await recordAudit(tx, ctx, {
      action: 'review.notice.create',
      entityType: 'reviewNotice',
      entityId: id,
      organisationId: c.organisationId,
      detail: { name: input.title, items: input.itemIds.length },
    });
  });
  return getNotice(db, id);
}

/** The public notice page (公示): open and closed notices are public. */
export async function getNotice(db: Db, id: string) {
  const n = await repo.findNotice(db, id);
  if (!n) throw new AppError('NOT_FOUND');
  const items = await repo.noticeItems(db, id);
  return {
    id: n.id,
    callId: n.callId,
    callTitle: n.callTitle,
    docNo: n.docNo,
    title: n.title,
    startsAt: n.startsAt,
    endsAt: n.endsAt,
    status: n.status,
    items: items.map((i) => ({
      id: i.id,
      title: i.title,
      applicantName: i.applicantName,
      outcome: outcomeOf(i.status),
    })),
  };
}

/** What became of an item put on notice: its status after the notice. */
function outcomeOf(status: string): 'ON_NOTICE' | 'CONFIRMED' | 'WITHDRAWN' {
  if (status === 'PUBLICIZED') return 'ON_NOTICE';
  return status === 'REJECTED' ? 'WITHDRAWN' : 'CONFIRMED';
}

/**
 * 往期公示: closed notices and those whose last day has passed (ended, objections perhaps still
 * being handled), the latest ended first, each with what became of its items. A notice not yet
 * started is in neither list.
 */
export async function listPastNotices(db: Db, q: { page: number; pageSize: number }) {
  const today = todayInChina();
  const [rows, total] = await Promise.all([
    repo.pastNotices(db, today, (q.page - 1) * q.pageSize, q.pageSize),
    repo.countPastNotices(db, today),
  ]);
  const counts = await repo.noticeItemCounts(
    db,
    rows.map((r) => r.id),
  );
  const items = rows.map((r) => {
    const outcome = { items: 0, confirmed: 0, withdrawn: 0, onNotice: 0 };
    for (const c of counts.filter((x) => x.noticeId === r.id)) {
      const n = Number(c.n);
      outcome.items += n;
      const o = outcomeOf(c.status);
      if (o === 'ON_NOTICE') outcome.onNotice += n;
      else if (o === 'WITHDRAWN') outcome.withdrawn += n;
      else outcome.confirmed += n;
    }
    return { ...r, outcome };
  });
  return { items, total, page: q.page, pageSize: q.pageSize };
}

/** The notices of a call, for its organiser. */
export async function listCallNotices(db: Db, actor: Actor | null, callId: string) {
  const _c = await loadManagedCall(db, actor, callId);
  const ids = await repo.noticeIdsOfCall(db, callId);
  return Promise.all(ids.map((id) => getNotice(db, id)));
}

/** The notices in their period today: one announced for a later day is not listed yet. */
export async function listOpenNotices(db: Db) {
  const ids = await repo.currentNoticeIds(db, todayInChina(), 50);
  return Promise.all(ids.map((id) => getNotice(db, id)));
}

/** Anyone may object; one address at most 10 times an hour (reserved first: holds in a burst). */
export async function object(
  db: Db,
  ctx: RequestContext,
  noticeId: string,
  input: z.infer<typeof ObjectionCreateSchema>,
) {
  const id = newId();
  const attempt = ctx.ip
    ? await reserveAttempt(db, [{ key: `objection:${ctx.ip}`, limit: LIMITS.objections }])
    : null;
  try {
    await db.transaction().execute(async (tx) => {
      const n = await repo.findNotice(tx, noticeId);
      if (!n) throw new AppError('NOT_FOUND');
      const d = todayInChina();
      if (n.status !== 'OPEN' || d < n.startsAt || d > n.endsAt)
        throw ruleError(
          'STATE_CONFLICT',
          `不在公示期内（${n.startsAt} 至 ${n.endsAt}）`,
          `Not within the notice period (${n.startsAt} to ${n.endsAt})`,
        );
      const item = await repo.findItem(tx, input.itemId);
      if (!item || item.noticeId !== noticeId)
        throw fieldErrors([
          { field: 'itemId', zh: '该项目不在本次公示中', en: 'not on this notice' },
        ]);
      await repo.insertObjection(tx, {
        id,
        noticeId,
        itemId: input.itemId,
        name: input.name,
        contact: input.contact,
        text: input.text,
        ip: ctx.ip,
        status: 'RECEIVED',
        handling: null,
        outcome: null,
        handledBy: null,
        handledAt: null,
        createdAt: nowIso(),
        submittedBy: ctx.actorId,
      });
      await recordAudit(tx, ctx, {
        action: 'review.objection',
        entityType: 'reviewItem',
        entityId: input.itemId,
        organisationId: item.applicantOrgId,
        detail: { name: item.title, noticeId },
      });
    });
  } catch (e) {
    // A refused objection (outside the notice period, wrong item) does not count.
    await attempt?.release();
    throw e;
  }
  return { id, received: true as const };
}

async function loadManagedNotice(tx: Executor, actor: Actor | null, noticeId: string) {
  const n = await repo.findNotice(tx, noticeId);
  if (!actor) throw new AppError('UNAUTHENTICATED');
  if (!n) throw new AppError('NOT_FOUND');
  const c = await loadCall(tx, n.callId);
  await authorizeStage(tx, actor, c, 'PUBLIC_NOTICE');
  return { n, c };
}

export async function listObjections(db: Db, actor: Actor | null, noticeId: string) {
  await loadManagedNotice(db, actor, noticeId);
  return repo.objectionsOf(db, noticeId);
}

export async function handleObjection(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  objectionId: string,
  input: z.infer<typeof HandleObjectionSchema>,
) {
  await db.transaction().execute(async (tx) => {
    const o = await repo.findObjection(tx, objectionId);
    if (!o) throw new AppError('NOT_FOUND');
    const { c } = await loadManagedNotice(tx, actor, o.noticeId);
    const at = nowIso();
    const handled = await repo.handleObjection(tx, objectionId, {
      handling: input.handling,
      outcome: input.outcome,
      handledBy: actor!.userId,
      handledAt: at,
    });
    if (!handled)
      throw ruleError('STATE_CONFLICT', '该异议已处理', 'This objection was already handled');
    const item = (await repo.findItem(tx, o.itemId))!;
    if (input.outcome === 'UPHELD' && item.status === 'PUBLICIZED') {
      await repo.moveItem(tx, item.id, ['PUBLICIZED'], { status: 'REJECTED', updatedAt: at });
      await event(tx, ctx, item, 'objectionUpheld', 'REJECTED', input.handling, c.organisationId);
    }
    await recordAudit(tx, ctx, {
      action: 'review.objection.handle',
      entityType: 'reviewItem',
      entityId: o.itemId,
      organisationId: item.applicantOrgId,
      detail: { name: item.title, outcome: input.outcome },
    });
  });
  const o = (await repo.findObjection(db, objectionId))!;
  return (await repo.objectionsOf(db, o.noticeId)).find((x) => x.id === objectionId)!;
}

/** Ends the notice (on or after its last day, every objection handled): the rest are confirmed. */
export async function closeNotice(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  noticeId: string,
) {
  await db.transaction().execute(async (tx) => {
    const { n, c } = await loadManagedNotice(tx, actor, noticeId);
    if (n.status !== 'OPEN')
      throw ruleError('STATE_CONFLICT', '公示已结束', 'The notice is already closed');
    if (todayInChina() < n.endsAt)
      throw ruleError(
        'STATE_CONFLICT',
        `公示期到 ${n.endsAt} 才结束`,
        `The notice runs until ${n.endsAt}`,
      );
    const pending = await pendingObjections(tx, noticeId);
    if (pending)
      throw ruleError(
        'STATE_CONFLICT',
        `还有 ${pending} 条异议未处理`,
        `${pending} objections are not handled yet`,
      );
    await confirmNotice(tx, ctx, n, c);
  });
  return getNotice(db, noticeId);
}

async function pendingObjections(tx: Executor, noticeId: string) {
  return (await repo.objectionsOf(tx, noticeId)).filter((o) => o.status === 'RECEIVED').length;
}

/** Closes a notice whose period is over: its items still on notice are confirmed. */
async function confirmNotice(
  tx: Tx,
  ctx: RequestContext,
  n: { id: string; title: string },
  c: repo.CallWithOrg,
) {
  if (!(await repo.closeNotice(tx, n.id)))
    throw ruleError('STATE_CONFLICT', '公示已结束', 'The notice is already closed');
  const at = nowIso();
  let confirmed = 0;
  for (const it of await repo.noticeItems(tx, n.id)) {
    if (it.status !== 'PUBLICIZED') continue;
    const item = (await repo.findItem(tx, it.id))!;
    await repo.moveItem(tx, it.id, ['PUBLICIZED'], { status: 'CONFIRMED', updatedAt: at });
    await event(tx, ctx, item, 'confirm', 'CONFIRMED', '公示期满无异议', c.organisationId);
    await confirmItem(tx, ctx, c, it.id);
    confirmed++;
  }
  await recordAudit(tx, ctx, {
    action: 'review.notice.close',
    entityType: 'reviewNotice',
    entityId: n.id,
    organisationId: c.organisationId,
    detail: { name: n.title },
  });
  return confirmed;
}

/** To the call's organiser: a 公示 period ended — closed by itself, or waiting on objections. */
export const NOTICE_ENDED = defineNotification<{
  callId: string;
  noticeId: string;
  title: string;
  confirmed: number;
  pending: number;
}>({
  kind: 'review.noticeEnded',
  label: { 'zh-CN': '公示期满的通知', 'en-US': 'Public notices that ended' },
  render: (p, locale) =>
    locale === 'zh-CN'
      ? {
          title: p.pending
            ? `“${p.title}”公示期已满，还有 ${p.pending} 条异议待处理`
            : `“${p.title}”公示期满无异议，已结束`,
          body: p.pending ? '请处理异议后结束公示。' : `公示期满无异议的 ${p.confirmed} 项已确认。`,
          link: `/admin/reviews/${p.callId}?notice=${p.noticeId}`,
        }
      : {
          title: p.pending
            ? `"${p.title}" has ended with ${p.pending} objections to handle`
            : `"${p.title}" ended without objections`,
          body: p.pending
            ? 'Handle the objections, then close the notice.'
            : `${p.confirmed} items on notice are confirmed.`,
          link: `/admin/reviews/${p.callId}?notice=${p.noticeId}`,
        },
});

/**
 * 公示期满: each morning, a notice whose last day has passed is closed by itself when no objection
 * waits (its items confirmed, as the organiser's "结束公示" would); with objections waiting it stays
 * open and the call's organiser is told once. Safe to run twice (the close is conditional).
 */
defineJob(
  'reviews.closeNotices',
  async ({ db, dialect, now }) => {
    const ctx: RequestContext = { actorId: null, ip: null, dialect };
    for (const n of await repo.openNoticesEndedBefore(db, todayInChina(now), 500)) {
      await db.transaction().execute(async (tx) => {
        const c = await loadCall(tx, n.callId);
        const pending = await pendingObjections(tx, n.id);
        const confirmed = pending ? 0 : await confirmNotice(tx, ctx, n, c);
        await notify(
          tx,
          [c.createdBy],
          NOTICE_ENDED,
          { callId: c.id, noticeId: n.id, title: n.title, confirmed, pending },
          { oncePerLink: pending > 0 },
        );
      });
    }
  },
  { label: { 'zh-CN': '公示期满处理', 'en-US': 'Close public notices that ended' } },
);
schedule('reviews.closeNotices', { dailyAt: '00:30' });
