/** Rounds and ranking: the live ranking, closing a round, a further round for a shortlist. */
import { type RequestContext, recordAudit } from '#platform/audit.ts';
import type { Db, Executor } from '#platform/db/connect.ts';
import { fieldErrors, ruleError } from '#platform/errors.ts';
import { nowIso } from '#platform/ids.ts';
import type { Actor } from '#platform/policy.ts';
import { getCall } from './calls.ts';
import * as repo from './repo.ts';
import * as todoRepo from './repo-todos.ts';
import { rank } from './scoring.ts';
import { event, loadManagedCall, requireStage, wrongState } from './workflow.ts';

async function computeRanking(db: Executor, c: repo.CallRow) {
  const items = await repo.itemsOfCall(db, c.id);
  const scored = (await repo.assignmentsOfCall(db, c.id, c.round))
    .filter((a) => a.status === 'SUBMITTED' && a.total !== null)
    .map((a) => ({ itemId: a.itemId, reviewerId: a.reviewerId, total: a.total! }));
  const inRound = items.filter(
    (i) => scored.some((s) => s.itemId === i.id) || i.status === 'UNDER_REVIEW',
  );
  const ranked = rank(
    scored,
    inRound.map((i) => i.id),
    c.aggregation,
    c.normalize === 1,
  );
  const byId = new Map(items.map((i) => [i.id, i]));
  return ranked.map((r) => ({
    ...r,
    title: byId.get(r.itemId)!.title,
    applicantName: byId.get(r.itemId)!.applicantName,
    status: byId.get(r.itemId)!.status,
  }));
}

export async function ranking(db: Db, actor: Actor | null, callId: string) {
  const c = await loadManagedCall(db, actor, callId);
  return {
    round: c.round,
    aggregation: c.aggregation,
    normalize: c.normalize === 1,
    items: await computeRanking(db, c),
    missing: missingByReviewer(await todoRepo.scoresMissing(db, c.id, c.round)),
  };
}

/** The round's missing scores by reviewer, with the items each still has to score. */
function missingByReviewer(
  rows: { reviewerId: string; reviewerName: string; itemTitle: string }[],
) {
  const by = new Map<string, { reviewerId: string; reviewerName: string; items: string[] }>();
  for (const r of rows) {
    const entry = by.get(r.reviewerId) ?? {
      reviewerId: r.reviewerId,
      reviewerName: r.reviewerName,
      items: [],
    };
    entry.items.push(r.itemTitle);
    by.set(r.reviewerId, entry);
  }
  return [...by.values()];
}

/** Ends the round: items with scores become REVIEWED with their aggregate and rank. */
export async function closeRound(db: Db, actor: Actor | null, ctx: RequestContext, callId: string) {
  await db.transaction().execute(async (tx) => {
    const c = await loadManagedCall(tx, actor, callId);
    requireStage(c, 'EXPERT_REVIEW');
    const ranked = await computeRanking(tx, c);
    const at = nowIso();
    let moved = 0;
    for (const r of ranked) {
      if (r.aggregate === null) continue;
      const item = (await repo.findItem(tx, r.itemId))!;
      const ok = await repo.moveItem(tx, r.itemId, ['UNDER_REVIEW', 'REVIEWED'], {
        status: 'REVIEWED',
        aggregate: r.aggregate,
        rank: r.rank,
        updatedAt: at,
      });
      if (ok && item.status === 'UNDER_REVIEW') {
        moved++;
        await event(
          tx,
          ctx,
          item,
          'reviewed',
          'REVIEWED',
          `第 ${c.round} 轮：${r.aggregate} 分，第 ${r.rank} 名`,
          c.organisationId,
        );
      }
    }
    await recordAudit(tx, ctx, {
      action: 'review.closeRound',
      entityType: 'reviewCall',
      entityId: callId,
      organisationId: c.organisationId,
      detail: { name: c.title, round: c.round, reviewed: moved },
    });
  });
  return ranking(db, actor, callId);
}

/** A further round for a shortlist: those items go back under review, reviewers are assigned anew. */
export async function nextRound(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  callId: string,
  itemIds: string[],
) {
  await db.transaction().execute(async (tx) => {
    const c = await loadManagedCall(tx, actor, callId);
    requireStage(c, 'EXPERT_REVIEW');
    if (
      !(await repo.updateCall(tx, callId, ['OPEN', 'CLOSED'], {
        round: c.round + 1,
        updatedAt: nowIso(),
      }))
    )
      throw ruleError('STATE_CONFLICT', '草稿状态的征集没有评审轮次', 'A draft call has no rounds');
    for (const id of itemIds) {
      const item = await repo.findItem(tx, id);
      if (!item || item.callId !== callId)
        throw fieldErrors([
          { field: 'itemIds', zh: `申报 ${id} 不属于本次征集`, en: `${id} is not in this call` },
        ]);
      if (
        !(await repo.moveItem(tx, id, ['REVIEWED'], {
          status: 'UNDER_REVIEW',
          updatedAt: nowIso(),
        }))
      )
        throw wrongState(
          item.status,
          '只有评审完成的申报可以进入下一轮',
          'Only reviewed applications go to the next round',
        );
      await event(
        tx,
        ctx,
        item,
        'nextRound',
        'UNDER_REVIEW',
        `第 ${c.round + 1} 轮`,
        c.organisationId,
      );
    }
  });
  return getCall(db, actor, callId);
}
