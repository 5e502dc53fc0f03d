/**
 * The expert's side of a call: their desk of assignments, recusal and scoring (their profiles
 * live in modules/experts).
 */
import type { z } from 'zod';
import { type RequestContext, recordAudit } from '#platform/audit.ts';
import type { Db, Executor } from '#platform/db/connect.ts';
import { AppError, fieldErrors, ruleError } from '#platform/errors.ts';
import type { Locale } from '#platform/i18n.ts';
import { nowIso } from '#platform/ids.ts';
import { type Actor, authorize } from '#platform/policy.ts';
import * as repo from './repo.ts';
import type { ScoreSchema } from './schema.ts';
import { weightedTotal } from './scoring.ts';
import {
  blindRedactor,
  loadItem,
  presentItem,
  relationTo,
  requireStage,
  rubricOf,
  type Stage,
  wrongState,
} from './workflow.ts';

export async function myAssignments(db: Db, actor: Actor | null) {
  const me = authorize(actor, 'review.score');
  const rows = await repo.myAssignments(db, me.userId);
  return Promise.all(
    rows.map(async ({ stages, blind, applicantOrgId, submittedBy, ...r }) => ({
      ...r,
      // A blind call's desk names no applicant, not even in a title that does.
      itemTitle: blind
        ? (await blindRedactor(db, { applicantOrgId, submittedBy })).text(r.itemTitle)
        : r.itemTitle,
      deadline:
        (JSON.parse(stages) as Stage[]).find((s) => s.kind === 'EXPERT_REVIEW')?.deadline ?? null,
    })),
  );
}

async function loadMyAssignment(tx: Executor, actor: Actor | null, id: string) {
  const me = authorize(actor, 'review.score');
  const a = await repo.findAssignment(tx, id);
  if (!a || a.reviewerId !== me.userId) throw new AppError('NOT_FOUND');
  const { item, c } = await loadItem(tx, a.itemId);
  return { me, a, item, c };
}

export async function recuse(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  reason: string,
) {
  await db.transaction().execute(async (tx) => {
    const { me, a, item } = await loadMyAssignment(tx, actor, id);
    if (a.status !== 'ASSIGNED')
      throw ruleError(
        'STATE_CONFLICT',
        '已提交评分或已回避，不能再申请回避',
        'Already scored or recused',
      );
    if (
      !(await repo.moveAssignment(tx, id, 'ASSIGNED', { status: 'RECUSED', recusalReason: reason }))
    )
      throw ruleError(
        'STATE_CONFLICT',
        '评审任务刚被更新，请刷新',
        'The assignment changed meanwhile; reload',
      );
    await repo.insertExclusion(tx, {
      itemId: a.itemId,
      reviewerId: me.userId,
      reason: 'RECUSED',
      detail: reason,
      at: nowIso(),
    });
    await recordAudit(tx, ctx, {
      action: 'review.recuse',
      entityType: 'reviewItem',
      entityId: a.itemId,
      organisationId: item.applicantOrgId,
      detail: { name: item.title, reason },
    });
  });
  return { ok: true as const };
}

/** An assignment's scores and comments as given (null until submitted). */
export const scoresOf = (a: { scores: string | null; comments: string | null }) => ({
  scores: a.scores ? (JSON.parse(a.scores) as Record<string, number>) : null,
  comments: a.comments ? (JSON.parse(a.comments) as Record<string, string>) : null,
});

/** The item as an assigned reviewer sees it (404 once excluded). */
export async function getAssignedItem(db: Db, actor: Actor | null, id: string, locale?: Locale) {
  const { a, item, c } = await loadMyAssignment(db, actor, id);
  const roles = await relationTo(db, actor, item, c);
  return {
    assignment: {
      id: a.id,
      status: a.status,
      round: a.round,
      ...scoresOf(a),
      total: a.total,
    },
    rubric: rubricOf(c),
    item: await presentItem(db, actor, item, c, roles, locale),
  };
}

export async function score(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  input: z.infer<typeof ScoreSchema>,
) {
  await db.transaction().execute(async (tx) => {
    const { a, item, c } = await loadMyAssignment(tx, actor, id);
    const roles = await relationTo(tx, actor, item, c);
    if (!roles.has('reviewer')) throw new AppError('NOT_FOUND');
    requireStage(c, 'EXPERT_REVIEW');
    if (a.status !== 'ASSIGNED')
      throw ruleError(
        'STATE_CONFLICT',
        a.status === 'SUBMITTED' ? '评分已提交，不能重复提交' : '您已回避此申报',
        a.status === 'SUBMITTED' ? 'Scores were already submitted' : 'You recused yourself',
      );
    if (item.status !== 'UNDER_REVIEW')
      throw wrongState(
        item.status,
        '只有评审中的申报可以评分',
        'Only applications under review can be scored',
      );
    const rubric = rubricOf(c);
    const problems: { field: string; zh: string; en: string }[] = [];
    for (const k of Object.keys(input.scores))
      if (!rubric.some((r) => r.key === k))
        problems.push({
          field: `scores.${k}`,
          zh: '不是本次评分项',
          en: 'not a criterion of this call',
        });
    for (const cr of rubric) {
      const v = input.scores[cr.key];
      if (v === undefined)
        problems.push({
          field: `scores.${cr.key}`,
          zh: `请为“${cr.label}”打分`,
          en: `${cr.label} needs a score`,
        });
      else if (v < cr.min || v > cr.max)
        problems.push({
          field: `scores.${cr.key}`,
          zh: `“${cr.label}”应在 ${cr.min}–${cr.max} 分之间`,
          en: `${cr.label} must be ${cr.min}–${cr.max}`,
        });
      if (cr.commentRequired && !input.comments[cr.key]?.trim())
        problems.push({
          field: `comments.${cr.key}`,
          zh: `请为“${cr.label}”写评语`,
          en: `${cr.label} needs a comment`,
        });
    }
    if (problems.length) throw fieldErrors(problems);
    const total = weightedTotal(rubric, input.scores);
    const at = nowIso();
    if (
      !(await repo.moveAssignment(tx, id, 'ASSIGNED', {
        status: 'SUBMITTED',
        scores: JSON.stringify(input.scores),
        comments: JSON.stringify(input.comments),
        total,
        submittedAt: at,
      }))
    )
      throw ruleError(
        'STATE_CONFLICT',
        '评分已提交，不能重复提交',
        'Scores were already submitted',
      );
    await recordAudit(tx, ctx, {
      action: 'review.score',
      entityType: 'reviewItem',
      entityId: item.id,
      organisationId: item.applicantOrgId,
      detail: { name: item.title, round: a.round, total },
    });
  });
  return getAssignedItem(db, actor, id);
}
