/**
 * The stage steps an acting unit takes on an item — recommend, formal check, decide — as one
 * table and one `takeStep()` (like works' MOVES + moveWork): each step moves an item from the
 * status its stage needs to a yes- or a no-status, with an event and, for a no, a reason.
 */
import type { z } from 'zod';
import type { RequestContext } from '#platform/audit.ts';
import type { AuditActionIn } from '#platform/audit-actions.ts';
import type { Db, Tx } from '#platform/db/connect.ts';
import { fieldErrors } from '#platform/errors.ts';
import { nowIso } from '#platform/ids.ts';
import type { Actor } from '#platform/policy.ts';
import { getItem } from './items.ts';
import * as repo from './repo.ts';
import type { DecideSchema, FormalCheckSchema, RecommendSchema } from './schema.ts';
import { reviewSubject } from './subjects.ts';
import {
  type ActingStage,
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

interface Step {
  stage: Exclude<ActingStage, 'PUBLIC_NOTICE'>;
  /**
   * Whether the stage (present, not past its deadline) is checked before the caller's power to
   * act at it; kept per step so each answers as it always has.
   */
  stageFirst: boolean;
  /** What the step needs, given the status the item must have. */
  needs: (from: Status) => [zh: string, en: string];
  /** Said when another hand moved the item first. */
  raced: [zh: string, en: string];
  /** The event's action for a yes and a no. */
  actions: [yes: AuditActionIn<'review'>, no: AuditActionIn<'review'>];
  to: (yes: boolean, c: repo.CallRow) => Status;
  /** A no needs a written reason (the field is `opinion`). */
  reasonForNo?: { zh: string; en: string };
  /** Runs after the move and its event, in the same transaction. */
  after?: (
    tx: Tx,
    ctx: RequestContext,
    c: repo.CallRow,
    item: repo.ItemWithOrg,
    verdict: Verdict,
    to: Status,
  ) => Promise<void>;
}

/** The verdict on an item: yes or no, with the opinion (or reason) written into its event. */
interface Verdict {
  yes: boolean;
  opinion: string;
}

const JUST_HANDLED: Step['raced'] = ['该申报刚被处理', 'The application was just handled'];

const STEPS = {
  recommend: {
    stage: 'RECOMMENDATION',
    stageFirst: true,
    needs: () => ['只有已提交的申报可以推荐', 'Only submitted applications can be recommended'],
    raced: JUST_HANDLED,
    actions: ['recommend', 'notRecommend'],
    to: (yes) => (yes ? 'RECOMMENDED' : 'NOT_RECOMMENDED'),
    reasonForNo: { zh: '不予推荐时请写明理由', en: 'give a reason when not recommending' },
  },
  formalCheck: {
    stage: 'FORMAL_CHECK',
    stageFirst: false,
    needs: (from) => [
      `只有“${STATUS_ZH[from]}”的申报可以进行形式审查`,
      `Only ${STATUS_EN[from]} applications can be checked`,
    ],
    raced: JUST_HANDLED,
    actions: ['formalPass', 'formalReject'],
    to: (yes) => (yes ? 'FORMAL_PASSED' : 'FORMAL_REJECTED'),
    reasonForNo: { zh: '形式审查不通过时请写明原因', en: 'give the reasons when the check fails' },
  },
  decide: {
    stage: 'DECISION',
    stageFirst: false,
    needs: (from) => [
      `只有“${STATUS_ZH[from]}”的申报可以作出决定`,
      `Only ${STATUS_EN[from]} applications can be decided`,
    ],
    raced: ['该申报刚被作出决定', 'A decision was just made on this application'],
    actions: ['accept', 'reject'],
    // Without a 公示 stage, acceptance is final.
    to: (yes, c) => (yes ? (hasStage(c, 'PUBLIC_NOTICE') ? 'ACCEPTED' : 'CONFIRMED') : 'REJECTED'),
    after: async (tx, ctx, c, item, verdict, to) => {
      await reviewSubject(c.subjectKind)?.onDecided?.(
        tx,
        ctx,
        c,
        { ...item, status: to },
        verdict.yes,
        verdict.opinion,
      );
      if (to === 'CONFIRMED') await confirmItem(tx, ctx, c, item.id);
    },
  },
} satisfies Record<string, Step>;

export type StepName = keyof typeof STEPS;

/** One stage step on an item; a stale or illegal step is a 409 naming where the item stands. */
export async function takeStep(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  name: StepName,
  verdict: Verdict,
) {
  const step: Step = STEPS[name];
  await db.transaction().execute(async (tx) => {
    const { item, c } = await loadItem(tx, id);
    await relationTo(tx, actor, item, c);
    if (step.stageFirst) requireStage(c, step.stage);
    const { unitId } = await authorizeStage(tx, actor, c, step.stage, item);
    if (!step.stageFirst) requireStage(c, step.stage);
    const from = readyFor(c, step.stage);
    if (item.status !== from) throw wrongState(item.status, ...step.needs(from));
    if (!verdict.yes && !verdict.opinion && step.reasonForNo)
      throw fieldErrors([{ field: 'opinion', ...step.reasonForNo }]);
    const to = step.to(verdict.yes, c);
    if (!(await repo.moveItem(tx, id, [from], { status: to, updatedAt: nowIso() })))
      throw wrongState(item.status, ...step.raced);
    const action = verdict.yes ? step.actions[0] : step.actions[1];
    await event(tx, ctx, item, action, to, verdict.opinion, unitId);
    await step.after?.(tx, ctx, c, item, verdict, to);
  });
  return getItem(db, actor, id);
}

/** A step's route entry: the request body read as a verdict. */
const stepWith =
  <I>(name: StepName, verdictOf: (input: I) => Verdict) =>
  (db: Db, actor: Actor | null, ctx: RequestContext, id: string, input: I) =>
    takeStep(db, actor, ctx, id, name, verdictOf(input));

/** 推荐: the recommending unit recommends a submitted application, or gives its reason not to. */
export const recommend = stepWith('recommend', (i: z.infer<typeof RecommendSchema>) => ({
  yes: i.recommend,
  opinion: i.opinion,
}));

/** 形式审查: passed, or failed with the reasons. */
export const formalCheck = stepWith('formalCheck', (i: z.infer<typeof FormalCheckSchema>) => ({
  yes: i.passed,
  opinion: i.opinion,
}));

/** 决定: accepted (on to 公示, or final without one) or rejected, with the reason. */
export const decide = stepWith('decide', (i: z.infer<typeof DecideSchema>) => ({
  yes: i.decision === 'ACCEPT',
  opinion: i.reason,
}));
