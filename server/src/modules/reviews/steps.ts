/** The stage steps an acting unit takes on an item: recommend, formal check, decide. */
import type { z } from 'zod';
import type { RequestContext } from '#platform/audit.ts';
import type { Db } from '#platform/db/connect.ts';
import { fieldErrors } from '#platform/errors.ts';
import { nowIso } from '#platform/ids.ts';
import type { Actor } from '#platform/policy.ts';
import { getItem } from './items.ts';
import * as repo from './repo.ts';
import type { DecideSchema, FormalCheckSchema, RecommendSchema } from './schema.ts';
import { reviewSubject } from './subjects.ts';
import {
  authorizeStage,
  confirmItem,
  event,
  hasStage,
  loadItem,
  readyFor,
  relationTo,
  requireStage,
  STATUS_EN,
  STATUS_ZH,
  type Status,
  wrongState,
} from './workflow.ts';

export async function recommend(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  input: z.infer<typeof RecommendSchema>,
) {
  await db.transaction().execute(async (tx) => {
    const { item, c } = await loadItem(tx, id);
    await relationTo(tx, actor, item, c);
    requireStage(c, 'RECOMMENDATION');
    const { unitId } = await authorizeStage(tx, actor, c, 'RECOMMENDATION', item);
    if (item.status !== 'SUBMITTED')
      throw wrongState(
        item.status,
        '只有已提交的申报可以推荐',
        'Only submitted applications can be recommended',
      );
    if (!input.recommend && !input.opinion)
      throw fieldErrors([
        { field: 'opinion', zh: '不予推荐时请写明理由', en: 'give a reason when not recommending' },
      ]);
    const to: Status = input.recommend ? 'RECOMMENDED' : 'NOT_RECOMMENDED';
    if (!(await repo.moveItem(tx, id, ['SUBMITTED'], { status: to, updatedAt: nowIso() })))
      throw wrongState(item.status, '该申报刚被处理', 'The application was just handled');
    await event(
      tx,
      ctx,
      item,
      input.recommend ? 'recommend' : 'notRecommend',
      to,
      input.opinion,
      unitId,
    );
  });
  return getItem(db, actor, id);
}

export async function formalCheck(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  input: z.infer<typeof FormalCheckSchema>,
) {
  await db.transaction().execute(async (tx) => {
    const { item, c } = await loadItem(tx, id);
    await relationTo(tx, actor, item, c);
    const { unitId } = await authorizeStage(tx, actor, c, 'FORMAL_CHECK', item);
    requireStage(c, 'FORMAL_CHECK');
    const from = readyFor(c, 'FORMAL_CHECK');
    if (item.status !== from)
      throw wrongState(
        item.status,
        `只有“${STATUS_ZH[from]}”的申报可以进行形式审查`,
        `Only ${STATUS_EN[from]} applications can be checked`,
      );
    if (!input.passed && !input.opinion)
      throw fieldErrors([
        {
          field: 'opinion',
          zh: '形式审查不通过时请写明原因',
          en: 'give the reasons when the check fails',
        },
      ]);
    const to: Status = input.passed ? 'FORMAL_PASSED' : 'FORMAL_REJECTED';
    if (!(await repo.moveItem(tx, id, [from], { status: to, updatedAt: nowIso() })))
      throw wrongState(item.status, '该申报刚被处理', 'The application was just handled');
    await event(
      tx,
      ctx,
      item,
      input.passed ? 'formalPass' : 'formalReject',
      to,
      input.opinion,
      unitId,
    );
  });
  return getItem(db, actor, id);
}

export async function decide(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  input: z.infer<typeof DecideSchema>,
) {
  await db.transaction().execute(async (tx) => {
    const { item, c } = await loadItem(tx, id);
    await relationTo(tx, actor, item, c);
    const { unitId } = await authorizeStage(tx, actor, c, 'DECISION', item);
    requireStage(c, 'DECISION');
    const from = readyFor(c, 'DECISION');
    if (item.status !== from)
      throw wrongState(
        item.status,
        `只有“${STATUS_ZH[from]}”的申报可以作出决定`,
        `Only ${STATUS_EN[from]} applications can be decided`,
      );
    const accepted = input.decision === 'ACCEPT';
    // Without a 公示 stage, acceptance is final.
    const to: Status = accepted
      ? hasStage(c, 'PUBLIC_NOTICE')
        ? 'ACCEPTED'
        : 'CONFIRMED'
      : 'REJECTED';
    if (!(await repo.moveItem(tx, id, [from], { status: to, updatedAt: nowIso() })))
      throw wrongState(
        item.status,
        '该申报刚被作出决定',
        'A decision was just made on this application',
      );
    await event(tx, ctx, item, accepted ? 'accept' : 'reject', to, input.reason, unitId);
    await reviewSubject(c.subjectKind)?.onDecided?.(
      tx,
      ctx,
      c,
      { ...item, status: to },
      accepted,
      input.reason,
    );
    if (to === 'CONFIRMED') await confirmItem(tx, c, id);
  });
  return getItem(db, actor, id);
}
