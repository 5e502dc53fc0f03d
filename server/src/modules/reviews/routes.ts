import { z } from 'zod';
import type { App, AppDeps } from '#platform/app-types.ts';
import { sendXlsx, XLSX_TYPE } from '#platform/export/xlsx.ts';
import { AUTHENTICATED, actionOnResource, PUBLIC } from '#platform/policy.ts';
import { ERRORS, ErrorSchema, IdParamsSchema, OkSchema } from '#platform/schemas.ts';
import * as assignment from './assignment.ts';
import * as calls from './calls.ts';
import * as exports from './exports.ts';
import * as items from './items.ts';
import * as notices from './notices.ts';
import * as publicCalls from './public-calls.ts';
import * as reviewer from './reviewer.ts';
import * as rounds from './rounds.ts';
import {
  AssignSchema,
  AutoAssignResultSchema,
  CallPageSchema,
  CallSchema,
  CreateCallSchema,
  CreateItemSchema,
  CreateNoticeSchema,
  DecideSchema,
  FormalCheckSchema,
  HandleObjectionSchema,
  ItemPageSchema,
  ItemReviewSchema,
  ItemSchema,
  ListCallsQuerySchema,
  ListItemsQuerySchema,
  MyAssignmentSchema,
  MyItemPageSchema,
  MyItemsQuerySchema,
  NoticeSchema,
  ObjectionCreateSchema,
  ObjectionSchema,
  PastNoticePageSchema,
  PastNoticesQuerySchema,
  PublicCallPageSchema,
  PublicCallSchema,
  PublicCallsQuerySchema,
  RankingSchema,
  RecommendSchema,
  RecuseSchema,
  ReviewSubjectSchema,
  ScoreSchema,
  UpdateCallSchema,
  UpdateItemSchema,
} from './schema.ts';
import * as steps from './steps.ts';
import './reminders.ts';
import './todos.ts';
import { presentReviewSubjects } from './subjects.ts';

const tags = ['reviews'];
const manage = actionOnResource('review.manage');

const AssignedItemSchema = z.object({
  assignment: z.object({
    id: z.string(),
    status: z.enum(['ASSIGNED', 'SUBMITTED', 'RECUSED']),
    round: z.number().int(),
    scores: z.record(z.string(), z.number()).nullable(),
    comments: z.record(z.string(), z.string()).nullable(),
    total: z.number().nullable(),
  }),
  rubric: CallSchema.shape.rubric,
  item: ItemSchema,
});

export function registerReviewRoutes(app: App, { db }: AppDeps): void {
  // ——— Subjects ———
  app.get(
    '/api/review-subjects',
    {
      schema: {
        tags,
        summary: 'What calls review: each subject’s label, applicants, stages, template, grades',
        response: { 200: z.array(ReviewSubjectSchema), ...ERRORS },
      },
      config: { policy: AUTHENTICATED },
    },
    async (req) => presentReviewSubjects(req.locale),
  );

  // ——— Calls ———
  app.get(
    '/api/review-calls',
    {
      schema: {
        tags,
        summary: 'Calls I organise, and open calls',
        querystring: ListCallsQuerySchema,
        response: { 200: CallPageSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('review.list') },
    },
    (req) => calls.listCalls(db, req.actor, req.query),
  );
  app.get(
    '/api/review-calls/export',
    {
      schema: {
        tags,
        summary: 'The filtered calls list as an xlsx workbook',
        querystring: ListCallsQuerySchema.omit({ page: true, pageSize: true }),
        produces: [XLSX_TYPE],
      },
      config: { policy: actionOnResource('review.list') },
    },
    async (req, reply) => {
      const buf = await exports.exportCalls(db, req.actor, req.query);
      return sendXlsx(reply, '征集与评审.xlsx', buf);
    },
  );
  app.post(
    '/api/review-calls',
    {
      schema: {
        tags,
        summary: 'Create a call (征集/评审) as a draft: form, rubric, stages',
        body: CreateCallSchema,
        response: { 201: CallSchema, ...ERRORS },
      },
      config: { policy: manage },
    },
    async (req, reply) =>
      reply.code(201).send(await calls.createCall(db, req.actor, req.ctx, req.body)),
  );
  app.get(
    '/api/review-calls/:id',
    {
      schema: {
        tags,
        summary: 'One call',
        params: IdParamsSchema,
        response: { 200: CallSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('review.list') },
    },
    (req) => calls.getCall(db, req.actor, req.params.id),
  );
  app.patch(
    '/api/review-calls/:id',
    {
      schema: {
        tags,
        summary: 'Edit a draft call',
        params: IdParamsSchema,
        body: UpdateCallSchema,
        response: { 200: CallSchema, ...ERRORS },
      },
      config: { policy: manage },
    },
    (req) => calls.updateCall(db, req.actor, req.ctx, req.params.id, req.body),
  );
  for (const [name, to] of [
    ['open', 'OPEN'],
    ['close', 'CLOSED'],
  ] as const)
    app.post(
      `/api/review-calls/:id/${name}`,
      {
        schema: {
          tags,
          summary: name === 'open' ? 'Open the call for applications' : 'Close the call',
          params: IdParamsSchema,
          response: { 200: CallSchema, ...ERRORS },
        },
        config: { policy: manage },
      },
      (req) => calls.moveCall(db, req.actor, req.ctx, req.params.id, to),
    );
  app.get(
    '/api/review-calls/:id/ranking',
    {
      schema: {
        tags,
        summary: 'Aggregated scores and ranking of the current round',
        params: IdParamsSchema,
        response: { 200: RankingSchema, ...ERRORS },
      },
      config: { policy: manage },
    },
    (req) => rounds.ranking(db, req.actor, req.params.id),
  );
  app.post(
    '/api/review-calls/:id/auto-assign',
    {
      schema: {
        tags,
        summary: 'Assign reviewers automatically (conflicts excluded, specialty, load)',
        params: IdParamsSchema,
        response: { 200: AutoAssignResultSchema, ...ERRORS },
      },
      config: { policy: manage },
    },
    (req) => assignment.autoAssignCall(db, req.actor, req.ctx, req.params.id),
  );
  app.post(
    '/api/review-calls/:id/rounds/close',
    {
      schema: {
        tags,
        summary: 'End the round: scored applications become reviewed, ranked',
        params: IdParamsSchema,
        response: { 200: RankingSchema, ...ERRORS },
      },
      config: { policy: manage },
    },
    (req) => rounds.closeRound(db, req.actor, req.ctx, req.params.id),
  );
  app.post(
    '/api/review-calls/:id/rounds/next',
    {
      schema: {
        tags,
        summary: 'Start another round for a shortlist',
        params: IdParamsSchema,
        body: z.object({ itemIds: z.array(z.uuid()).min(1).max(1000) }),
        response: { 200: CallSchema, ...ERRORS },
      },
      config: { policy: manage },
    },
    (req) => rounds.nextRound(db, req.actor, req.ctx, req.params.id, req.body.itemIds),
  );
  app.post(
    '/api/review-calls/:id/notices',
    {
      schema: {
        tags,
        summary: 'Put accepted applications on public notice (公示)',
        params: IdParamsSchema,
        body: CreateNoticeSchema,
        response: { 201: NoticeSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('review.notice') },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await notices.createNotice(db, req.actor, req.ctx, req.params.id, req.body)),
  );
  app.get(
    '/api/review-calls/:id/notices',
    {
      schema: {
        tags,
        summary: 'The call’s public notices (公示)',
        params: IdParamsSchema,
        response: { 200: z.array(NoticeSchema), ...ERRORS },
      },
      config: { policy: manage },
    },
    (req) => notices.listCallNotices(db, req.actor, req.params.id),
  );
  app.get(
    '/api/review-calls/:id/export',
    {
      schema: {
        tags,
        summary: 'Ranking and decisions, or every score, as xlsx',
        params: IdParamsSchema,
        querystring: z.object({ what: z.enum(['ranking', 'scores']).default('ranking') }),
        produces: [XLSX_TYPE],
      },
      config: { policy: manage },
    },
    async (req, reply) => {
      const buf = await exports.exportCall(db, req.actor, req.params.id, req.query.what);
      return sendXlsx(
        reply,
        req.query.what === 'scores' ? '评分明细.xlsx' : '排名与决定.xlsx',
        buf,
      );
    },
  );

  // ——— Applications ———
  app.post(
    '/api/review-calls/:id/items',
    {
      schema: {
        tags,
        summary: 'Start an application (a draft) for an organisation',
        params: IdParamsSchema,
        body: CreateItemSchema,
        response: { 201: ItemSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('review.apply') },
    },
    async (req, reply) =>
      reply.code(201).send(await items.createItem(db, req.actor, req.ctx, req.params.id, req.body)),
  );
  app.get(
    '/api/review-items',
    {
      schema: {
        tags,
        summary: 'Applications I may see (mine, my subtree’s, my calls’)',
        querystring: ListItemsQuerySchema,
        response: { 200: ItemPageSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('review.list') },
    },
    (req) => items.listItems(db, req.actor, req.query),
  );
  app.get(
    '/api/review-items/:id',
    {
      schema: {
        tags,
        summary: 'One application with its history',
        params: IdParamsSchema,
        response: { 200: ItemSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('review.list') },
    },
    (req) => items.getItem(db, req.actor, req.params.id, req.locale),
  );
  app.patch(
    '/api/review-items/:id',
    {
      schema: {
        tags,
        summary: 'Edit a draft application',
        params: IdParamsSchema,
        body: UpdateItemSchema,
        response: { 200: ItemSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('review.apply') },
    },
    (req) => items.updateItem(db, req.actor, req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/review-items/:id/submit',
    {
      schema: {
        tags,
        summary: 'Submit (the form must be complete)',
        params: IdParamsSchema,
        response: { 200: ItemSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('review.apply') },
    },
    (req) => items.submitItem(db, req.actor, req.ctx, req.params.id),
  );
  app.post(
    '/api/review-items/:id/recommend',
    {
      schema: {
        tags,
        summary: 'Recommend or not (the applicant’s provincial department or 部属单位)',
        params: IdParamsSchema,
        body: RecommendSchema,
        response: { 200: ItemSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('review.recommend') },
    },
    (req) => steps.recommend(db, req.actor, req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/review-items/:id/formal-check',
    {
      schema: {
        tags,
        summary: 'Formal and eligibility check (形式审查)',
        params: IdParamsSchema,
        body: FormalCheckSchema,
        response: { 200: ItemSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('review.formalCheck') },
    },
    (req) => steps.formalCheck(db, req.actor, req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/review-items/:id/decide',
    {
      schema: {
        tags,
        summary: 'Accept or reject, with the reason',
        params: IdParamsSchema,
        body: DecideSchema,
        response: { 200: ItemSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('review.decide') },
    },
    (req) => steps.decide(db, req.actor, req.ctx, req.params.id, req.body),
  );
  app.get(
    '/api/review-items/:id/review',
    {
      schema: {
        tags,
        summary: 'Assignments, scores and excluded reviewers with reasons',
        params: IdParamsSchema,
        response: { 200: ItemReviewSchema, ...ERRORS },
      },
      config: { policy: manage },
    },
    (req) => assignment.itemReview(db, req.actor, req.params.id),
  );
  app.post(
    '/api/review-items/:id/assignments',
    {
      schema: {
        tags,
        summary: 'Assign one reviewer by hand (refused on a conflict)',
        params: IdParamsSchema,
        body: AssignSchema,
        response: { 200: ItemReviewSchema, ...ERRORS },
      },
      config: { policy: manage },
    },
    (req) => assignment.assignOne(db, req.actor, req.ctx, req.params.id, req.body.reviewerId),
  );

  app.get(
    '/api/my/review-items',
    {
      schema: {
        tags,
        summary: 'The applications I submitted or drafted, the latest changed first',
        querystring: MyItemsQuerySchema,
        response: { 200: MyItemPageSchema, ...ERRORS },
      },
      config: { policy: AUTHENTICATED },
    },
    (req) => items.myItems(db, req.actor, req.query),
  );

  // ——— Reviewers ———
  app.get(
    '/api/my/review-assignments',
    {
      schema: {
        tags,
        summary: 'What I am asked to review',
        response: { 200: z.array(MyAssignmentSchema), ...ERRORS },
      },
      config: { policy: actionOnResource('review.score') },
    },
    (req) => reviewer.myAssignments(db, req.actor),
  );
  app.get(
    '/api/review-assignments/:id',
    {
      schema: {
        tags,
        summary: 'An assigned application with the rubric',
        params: IdParamsSchema,
        response: { 200: AssignedItemSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('review.score') },
    },
    (req) => reviewer.getAssignedItem(db, req.actor, req.params.id, req.locale),
  );
  app.post(
    '/api/review-assignments/:id/score',
    {
      schema: {
        tags,
        summary: 'Submit scores (once)',
        params: IdParamsSchema,
        body: ScoreSchema,
        response: { 200: AssignedItemSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('review.score') },
    },
    (req) => reviewer.score(db, req.actor, req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/review-assignments/:id/recuse',
    {
      schema: {
        tags,
        summary: 'Declare a conflict and step aside (回避)',
        params: IdParamsSchema,
        body: RecuseSchema,
        response: { 200: OkSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('review.score') },
    },
    (req) => reviewer.recuse(db, req.actor, req.ctx, req.params.id, req.body.reason),
  );
  // ——— 公示 ———
  app.get(
    '/api/review-notices/:id/objections',
    {
      schema: {
        tags,
        summary: 'Objections to a notice',
        params: IdParamsSchema,
        response: { 200: z.array(ObjectionSchema), ...ERRORS },
      },
      config: { policy: actionOnResource('review.notice') },
    },
    (req) => notices.listObjections(db, req.actor, req.params.id),
  );
  app.post(
    '/api/review-objections/:id/handle',
    {
      schema: {
        tags,
        summary: 'Record how an objection was handled and its outcome',
        params: IdParamsSchema,
        body: HandleObjectionSchema,
        response: { 200: ObjectionSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('review.notice') },
    },
    (req) => notices.handleObjection(db, req.actor, req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/review-notices/:id/close',
    {
      schema: {
        tags,
        summary: 'End the notice: applications without an upheld objection are confirmed',
        params: IdParamsSchema,
        response: { 200: NoticeSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('review.notice') },
    },
    (req) => notices.closeNotice(db, req.actor, req.ctx, req.params.id),
  );
  app.get(
    '/api/public/review-notices',
    {
      schema: {
        tags,
        summary: 'Notices (公示) in their period today (not those announced for a later day)',
        response: { 200: z.array(NoticeSchema), ...ERRORS },
      },
      config: { policy: PUBLIC },
    },
    () => notices.listOpenNotices(db),
  );
  app.get(
    '/api/public/review-notices/past',
    {
      schema: {
        tags,
        summary: '往期公示: notices that have ended, the latest first, with their outcome',
        querystring: PastNoticesQuerySchema,
        response: { 200: PastNoticePageSchema, ...ERRORS },
      },
      config: { policy: PUBLIC },
    },
    (req) => notices.listPastNotices(db, req.query),
  );
  app.get(
    '/api/public/review-notices/:id',
    {
      schema: {
        tags,
        summary: 'A public notice (公示)',
        params: IdParamsSchema,
        response: { 200: NoticeSchema, ...ERRORS },
      },
      config: { policy: PUBLIC },
    },
    (req) => notices.getNotice(db, req.params.id),
  );
  app.post(
    '/api/public/review-notices/:id/objections',
    {
      schema: {
        tags,
        summary: 'Object to an item on notice, with contact details (anyone may)',
        params: IdParamsSchema,
        body: ObjectionCreateSchema,
        response: {
          201: z.object({ id: z.string(), received: z.literal(true) }),
          ...ERRORS,
          429: ErrorSchema,
        },
      },
      config: { policy: PUBLIC },
    },
    async (req, reply) =>
      reply.code(201).send(await notices.object(db, req.ctx, req.params.id, req.body)),
  );
  app.get(
    '/api/public/review-calls',
    {
      schema: {
        tags,
        summary:
          'Published calls (征集通知): open ones first (nearest deadline first), then upcoming, then ended',
        querystring: PublicCallsQuerySchema,
        response: { 200: PublicCallPageSchema, ...ERRORS },
      },
      config: { policy: PUBLIC },
    },
    (req) => publicCalls.listPublicCalls(db, req.locale, req.query),
  );
  app.get(
    '/api/public/review-calls/:id',
    {
      schema: {
        tags,
        summary: 'A published call: its text, who may apply, templates to download, its 公示',
        params: IdParamsSchema,
        response: { 200: PublicCallSchema, ...ERRORS },
      },
      config: { policy: PUBLIC },
    },
    (req) => publicCalls.getPublicCall(db, req.locale, req.params.id),
  );
}
