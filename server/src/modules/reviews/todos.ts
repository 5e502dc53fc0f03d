/**
 * What the review engine asks of each person (the console home's 我的待办): applications to
 * recommend, check or decide where the person acts at that stage (the same power the step's route
 * checks), reviews to score before the expert-review deadline, objections to a 公示 to handle, and
 * the draft applications of the person's own unit (or their own) in calls closing within two weeks.
 */
import type { Db } from '#platform/db/connect.ts';
import { todayInChina } from '#platform/ids.ts';
import { type Actor, can, scopeOf } from '#platform/policy.ts';
import { defineTodoSource, type TodoEntry, type TodoFound } from '#platform/todos.ts';
import type { StageResource } from './policy.ts';
import * as repo from './repo.ts';
import * as todoRepo from './repo-todos.ts';
import {
  type ActingStage,
  readyFor,
  STAGE_ACTION,
  type Stage,
  stageActor,
  stagesOf,
} from './workflow.ts';

/** The most items a to-do list weighs at once (the oldest first); beyond it the count stops. */
const CANDIDATES = 500;
/** Calls closing within this many days remind their draft applicants. */
const CLOSING_DAYS = 14;

/** The end of a calendar day in China, as an instant (a stage's deadline is a date). */
const endOfDay = (ymd: string) => new Date(`${ymd}T23:59:59+08:00`).toISOString();

type StepStage = Exclude<ActingStage, 'PUBLIC_NOTICE'>;

/** Who the person acts for: everything, or their units' subtrees and the calls that name a unit. */
async function scopeFor(db: Db, actor: Actor): Promise<todoRepo.TodoScope | null> {
  const manage = scopeOf(actor, ['ORG_ADMIN', 'EDITOR']);
  if (manage === 'ALL') return { all: true, orgPaths: [], callIds: [] };
  if (manage.length === 0) return null;
  const callIds = (await repo.stagesOfPublishedCalls(db))
    .filter((c) => (JSON.parse(c.stages) as Stage[]).some((s) => s.actorOrgId))
    .map((c) => c.id);
  return { all: false, orgPaths: manage, callIds };
}

/** Whether the person acts at a stage of a call for an item (stage actors looked up once each). */
function stagePower(db: Db, actor: Actor) {
  const actors = new Map<string, ReturnType<typeof stageActor>>();
  return async (c: repo.CallWithOrg, kind: ActingStage, item?: repo.ItemWithOrg) => {
    // The default recommender depends on the applicant's unit right below the ministry only.
    const top = kind === 'RECOMMENDATION' ? (item?.applicantPath.split('/')[2] ?? '') : '';
    const key = `${c.id}:${kind}:${top}`;
    let found = actors.get(key);
    if (!found) {
      found = stageActor(db, c, kind, item);
      actors.set(key, found);
    }
    const { resource } = await found;
    const forItem: StageResource = { ...resource, applicantPath: item?.applicantPath ?? null };
    return can(actor, STAGE_ACTION[kind], forItem);
  };
}

/** Loads each call once. */
function callCache(db: Db) {
  const calls = new Map<string, Promise<repo.CallWithOrg | undefined>>();
  return (id: string) => {
    let c = calls.get(id);
    if (!c) {
      c = repo.findCall(db, id);
      calls.set(id, c);
    }
    return c;
  };
}

// The three step lists share one pass over the waiting items (one request, one actor object).
const stepPasses = new WeakMap<Actor, Promise<Record<StepStage, TodoEntry[]>>>();

function waitingSteps(db: Db, actor: Actor) {
  let pass = stepPasses.get(actor);
  if (!pass) {
    pass = (async () => {
      const found: Record<StepStage, TodoEntry[]> = {
        RECOMMENDATION: [],
        FORMAL_CHECK: [],
        DECISION: [],
      };
      const scope = await scopeFor(db, actor);
      if (!scope) return found;
      const items = await todoRepo.itemsAwaitingSteps(db, scope, CANDIDATES);
      const callOf = callCache(db);
      const acts = stagePower(db, actor);
      for (const item of items) {
        const c = await callOf(item.callId);
        if (!c) continue;
        for (const stage of Object.keys(found) as StepStage[]) {
          const s = stagesOf(c).find((x) => x.kind === stage);
          if (!s || readyFor(c, stage) !== item.status) continue;
          if (!(await acts(c, stage, item))) continue;
          found[stage].push({
            id: item.id,
            title: item.title,
            detail: `${item.applicantName} · ${c.title}`,
            dueAt: s.deadline ? endOfDay(s.deadline) : null,
            link: `/admin/review-items/${item.id}`,
          });
        }
      }
      for (const list of Object.values(found))
        list.sort((a, b) => (a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999'));
      return found;
    })();
    stepPasses.set(actor, pass);
  }
  return pass;
}

const asFound = (entries: TodoEntry[], limit: number): TodoFound => ({
  count: entries.length,
  entries: entries.slice(0, limit),
});

const STEP_TODOS: [StepStage, string, Record<'zh-CN' | 'en-US', string>][] = [
  [
    'RECOMMENDATION',
    'review.recommend',
    { 'zh-CN': '待推荐的申报', 'en-US': 'Applications to recommend' },
  ],
  [
    'FORMAL_CHECK',
    'review.formalCheck',
    { 'zh-CN': '待形式审查的申报', 'en-US': 'Applications to check for form' },
  ],
  [
    'DECISION',
    'review.decide',
    { 'zh-CN': '待作出决定的申报', 'en-US': 'Applications awaiting a decision' },
  ],
];

for (const [stage, kind, label] of STEP_TODOS)
  defineTodoSource({
    kind,
    label,
    link: '/admin/reviews',
    find: (db, actor, limit) =>
      actor.grants.length === 0
        ? null
        : waitingSteps(db, actor).then((f) => asFound(f[stage], limit)),
  });

defineTodoSource({
  kind: 'review.score',
  label: { 'zh-CN': '待评分的评审任务', 'en-US': 'Reviews to score' },
  link: '/admin/my-reviews',
  find(db, actor, limit) {
    if (!can(actor, 'review.score')) return null;
    return repo.myAssignments(db, actor.userId).then((rows) => {
      const open = rows
        .filter((r) => r.status === 'ASSIGNED')
        .map((r) => {
          const deadline =
            (JSON.parse(r.stages) as Stage[]).find((s) => s.kind === 'EXPERT_REVIEW')?.deadline ??
            null;
          return {
            id: r.id,
            // A blind call's desk names no applicant: the title is the call's, not the item's.
            title: r.blind ? r.callTitle : r.itemTitle,
            detail: r.blind ? null : r.callTitle,
            dueAt: deadline ? endOfDay(deadline) : null,
            link: `/admin/my-reviews/${r.id}`,
          };
        })
        .sort((a, b) => (a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999'));
      return asFound(open, limit);
    });
  },
});

defineTodoSource({
  kind: 'review.objection',
  label: { 'zh-CN': '待处理的公示异议', 'en-US': 'Objections to handle' },
  link: '/admin/reviews',
  async find(db, actor, limit) {
    const scope = await scopeFor(db, actor);
    if (!scope) return { count: 0, entries: [] };
    const rows = await todoRepo.objectionsAwaiting(db, scope, CANDIDATES);
    const callOf = callCache(db);
    const acts = stagePower(db, actor);
    const mine: TodoEntry[] = [];
    for (const o of rows) {
      const c = await callOf(o.callId);
      if (c && (await acts(c, 'PUBLIC_NOTICE')))
        mine.push({
          id: o.id,
          title: o.itemTitle,
          detail: o.noticeTitle,
          link: `/admin/reviews/${o.callId}`,
        });
    }
    return asFound(mine, limit);
  },
});

defineTodoSource({
  kind: 'review.closing',
  label: { 'zh-CN': '即将截止、尚未提交的申报', 'en-US': 'Drafts in calls closing soon' },
  link: '/admin/reviews',
  find(db, actor, limit) {
    const apply = scopeOf(actor, ['MEMBER', 'EDITOR', 'ORG_ADMIN']);
    const lastDay = todayInChina(Date.now() + CLOSING_DAYS * 86_400_000);
    return todoRepo
      .draftsInClosingCalls(
        db,
        {
          all: apply === 'ALL',
          orgPaths: apply === 'ALL' ? [] : apply,
          userId: actor.userId,
        },
        lastDay,
        CANDIDATES,
      )
      .then((rows) =>
        asFound(
          rows
            // The unit's own people and the one who started it; not the units above it.
            .filter(
              (r) =>
                r.submittedBy === actor.userId ||
                actor.grants.some((g) => g.orgPath === r.applicantPath && g.role !== 'REVIEWER'),
            )
            .map((r) => ({
              id: r.id,
              title: r.title,
              detail: r.callTitle,
              dueAt: endOfDay(r.closesAt),
              link: `/admin/review-items/${r.id}/edit`,
            })),
          limit,
        ),
      );
  },
});
