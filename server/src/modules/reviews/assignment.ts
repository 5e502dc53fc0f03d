/** Conflicts of interest and who reviews what: automatic and one-by-one assignment. */
import { type RequestContext, recordAudit } from '#platform/audit.ts';
import type { Db, Executor } from '#platform/db/connect.ts';
import type { ReviewAssignmentTable } from '#platform/db/schema.ts';
import { fieldErrors, ruleError } from '#platform/errors.ts';
import { newId, nowIso } from '#platform/ids.ts';
import { type Actor, authorize } from '#platform/policy.ts';
import { expertPool } from '../experts/service.ts';
import { autoAssign } from './assign.ts';
import { type CoAuthorship, conflictsOf } from './conflicts.ts';
import * as repo from './repo.ts';
import { scoresOf } from './reviewer.ts';
import { reviewSubject } from './subjects.ts';
import {
  event,
  loadItem,
  loadManagedCall,
  readyFor,
  relationTo,
  requireStage,
  STATUS_ZH,
  wrongState,
} from './workflow.ts';

function coAuthorship(
  works: { title: string; authors: string; createdBy: string; orgPath: string }[],
  reviewers: Set<string>,
): CoAuthorship {
  const pairs = new Map<string, string>();
  const orgWorks = new Map<string, string>();
  for (const w of works) {
    const people = new Set<string>([w.createdBy]);
    for (const a of JSON.parse(w.authors) as { userId?: string | null }[])
      if (a.userId) people.add(a.userId);
    for (const r of people) {
      if (!reviewers.has(r)) continue;
      orgWorks.set(`${r} ${w.orgPath}`, `《${w.title}》`);
      for (const u of people) if (u !== r) pairs.set(`${r} ${u}`, `《${w.title}》`);
    }
  }
  return { pairs, orgWorks };
}

/** Computes and records the conflicts of these items against the whole pool. */
async function recordConflicts(tx: Executor, items: repo.ItemWithOrg[], subjectKind: string) {
  const nominations = reviewSubject(subjectKind)?.applicants === 'PERSON';
  const pool = await expertPool(tx);
  const co = coAuthorship(await repo.worksWithPeople(tx), new Set(pool.map((p) => p.userId)));
  const at = nowIso();
  const rows: { itemId: string; reviewerId: string; reason: string; detail: string; at: string }[] =
    [];
  for (const it of items)
    for (const r of pool)
      for (const c of conflictsOf(
        r,
        {
          itemId: it.id,
          applicantPath: it.applicantPath,
          applicantName: it.applicantName,
          submittedBy: it.submittedBy,
          nomineeId: nominations ? it.subjectId : null,
        },
        co,
      ))
        rows.push({ itemId: it.id, reviewerId: r.userId, reason: c.reason, detail: c.detail, at });
  await repo.replaceExclusions(
    tx,
    items.map((i) => i.id),
    rows,
  );
  return { pool, rows };
}

/** A fresh assignment, not yet scored. */
function newAssignment(a: {
  itemId: string;
  callId: string;
  reviewerId: string;
  round: number;
  method: 'AUTO' | 'MANUAL';
  by: string;
  at: string;
}): ReviewAssignmentTable {
  return {
    id: newId(),
    itemId: a.itemId,
    callId: a.callId,
    reviewerId: a.reviewerId,
    round: a.round,
    status: 'ASSIGNED',
    method: a.method,
    assignedBy: a.by,
    assignedAt: a.at,
    scores: null,
    comments: null,
    total: null,
    submittedAt: null,
    recusalReason: null,
  };
}

export async function autoAssignCall(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  callId: string,
) {
  const started = Date.now();
  const result = await db.transaction().execute(async (tx) => {
    const c = await loadManagedCall(tx, actor, callId);
    requireStage(c, 'EXPERT_REVIEW');
    const ready = readyFor(c, 'EXPERT_REVIEW');
    const items = await repo.itemsOfCall(tx, callId, [ready, 'UNDER_REVIEW']);
    const { pool } = await recordConflicts(tx, items, c.subjectKind);
    const exclusions = await repo.exclusionsOf(
      tx,
      items.map((i) => i.id),
    );
    const existing = (await repo.assignmentsOfCall(tx, callId, c.round)).filter(
      (a) => a.status !== 'RECUSED',
    );
    const load = new Map<string, number>();
    for (const a of existing) load.set(a.reviewerId, (load.get(a.reviewerId) ?? 0) + 1);
    const { assignments, short } = autoAssign(
      items.map((it) => ({
        itemId: it.id,
        sectors: JSON.parse(it.sectors),
        topics: JSON.parse(it.topics),
        assigned: new Set(existing.filter((a) => a.itemId === it.id).map((a) => a.reviewerId)),
        excluded: new Set([
          ...exclusions.filter((e) => e.itemId === it.id).map((e) => e.reviewerId),
          // A reviewer who recused once stays off the item in later rounds.
        ]),
      })),
      // Never someone who cannot sign in to score: disabled, or no password ever set.
      pool
        .filter((p) => p.signIn === 'OK')
        .map((p) => ({
          userId: p.userId,
          sectors: p.sectors,
          topics: p.topics,
          load: load.get(p.userId) ?? 0,
        })),
      c.reviewersPerItem,
    );
    const at = nowIso();
    await repo.insertAssignments(
      tx,
      assignments.map((a) =>
        newAssignment({ ...a, callId, round: c.round, method: 'AUTO', by: actor!.userId, at }),
      ),
    );
    const touched = new Set(assignments.map((a) => a.itemId));
    for (const it of items)
      if (touched.has(it.id) && it.status === ready) {
        await repo.moveItem(tx, it.id, [ready], { status: 'UNDER_REVIEW', updatedAt: at });
        await event(tx, ctx, it, 'assign', 'UNDER_REVIEW', '', c.organisationId);
      }
    await recordAudit(tx, ctx, {
      action: 'review.autoAssign',
      entityType: 'reviewCall',
      entityId: callId,
      organisationId: c.organisationId,
      detail: {
        name: c.title,
        round: c.round,
        items: items.length,
        assigned: assignments.length,
        short: short.length,
      },
    });
    return { assigned: assignments.length, items: items.length, short };
  });
  return { ...result, ms: Date.now() - started };
}

export async function assignOne(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  itemId: string,
  reviewerId: string,
) {
  await db.transaction().execute(async (tx) => {
    const { item, c } = await loadItem(tx, itemId);
    await relationTo(tx, actor, item, c);
    authorize(actor, 'review.manage', { orgPath: c.orgPath });
    requireStage(c, 'EXPERT_REVIEW');
    const ready = readyFor(c, 'EXPERT_REVIEW');
    if (item.status !== ready && item.status !== 'UNDER_REVIEW')
      throw wrongState(
        item.status,
        `只有“${STATUS_ZH[ready]}”或评审中的申报可以分配专家`,
        'Only applications ready for review can be assigned',
      );
    const { pool } = await recordConflicts(tx, [item], c.subjectKind);
    const chosen = pool.find((p) => p.userId === reviewerId);
    if (!chosen)
      throw fieldErrors([{ field: 'reviewerId', zh: '此人不是评审专家', en: 'not a reviewer' }]);
    // One without a password yet may be given one before the deadline; a disabled one may not.
    if (chosen.signIn === 'DISABLED')
      throw fieldErrors([
        {
          field: 'reviewerId',
          zh: '该专家的账号已停用，不能分配',
          en: 'this reviewer’s account is disabled',
        },
      ]);
    const excluded = (await repo.exclusionsOf(tx, [itemId])).filter(
      (e) => e.reviewerId === reviewerId,
    );
    if (excluded.length)
      throw ruleError(
        'RULE_BROKEN',
        `该专家须回避：${excluded.map((e) => `${REASON_ZH[e.reason as keyof typeof REASON_ZH] ?? e.reason}（${e.detail}）`).join('；')}`,
        `This reviewer has a conflict: ${excluded.map((e) => e.reason).join(', ')}`,
      );
    if (await repo.findAssignmentInRound(tx, itemId, reviewerId, c.round))
      throw ruleError(
        'STATE_CONFLICT',
        '该专家已分配到这份申报',
        'This reviewer is already assigned',
      );
    const at = nowIso();
    await repo.insertAssignments(tx, [
      newAssignment({
        itemId,
        callId: c.id,
        reviewerId,
        round: c.round,
        method: 'MANUAL',
        by: actor!.userId,
        at,
      }),
    ]);
    if (item.status === ready) {
      await repo.moveItem(tx, itemId, [ready], { status: 'UNDER_REVIEW', updatedAt: at });
      await event(tx, ctx, item, 'assign', 'UNDER_REVIEW', '', c.organisationId);
    } else
      await recordAudit(tx, ctx, {
        action: 'review.assign',
        entityType: 'reviewItem',
        entityId: itemId,
        organisationId: item.applicantOrgId,
        detail: { name: item.title, reviewerId },
      });
  });
  return itemReview(db, actor, itemId);
}

export const REASON_ZH = {
  SAME_ORG: '同一单位',
  ANCESTOR_ORG: '上级单位',
  DESCENDANT_ORG: '下级单位',
  DECLARED_TIE: '申报的关联关系',
  CO_AUTHOR: '合著作品',
  RECUSED: '本人申请回避',
  NOMINEE: '被提名人本人',
} as const;

/** Assignments, scores and exclusions of an item, for the organiser. */
export async function itemReview(db: Db, actor: Actor | null, itemId: string) {
  const { item, c } = await loadItem(db, itemId);
  await relationTo(db, actor, item, c);
  authorize(actor, 'review.manage', { orgPath: c.orgPath });
  const [assignments, exclusions] = await Promise.all([
    repo.assignmentsOfItem(db, itemId),
    repo.exclusionsOf(db, [itemId]),
  ]);
  return {
    assignments: assignments.map((a) => ({
      id: a.id,
      itemId: a.itemId,
      reviewerId: a.reviewerId,
      reviewerName: a.reviewerName,
      round: a.round,
      status: a.status,
      method: a.method,
      ...scoresOf(a),
      total: a.total,
      submittedAt: a.submittedAt,
      recusalReason: a.recusalReason,
    })),
    exclusions: exclusions.map((e) => ({
      reviewerId: e.reviewerId,
      reviewerName: e.reviewerName,
      reason: e.reason as keyof typeof REASON_ZH,
      detail: e.detail,
    })),
  };
}
