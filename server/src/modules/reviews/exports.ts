/** Spreadsheets: the calls list, and a call's ranking with decisions or its score sheet. */
import type { Db } from '#platform/db/connect.ts';
import { buildXlsx } from '#platform/export/xlsx.ts';
import type { Actor } from '#platform/policy.ts';
import { listCalls } from './calls.ts';
import * as repo from './repo.ts';
import { reviewSubject } from './subjects.ts';
import { loadManagedCall, rubricOf, STATUS_ZH } from './workflow.ts';

const CALL_STATUS_ZH = { DRAFT: '草稿', OPEN: '申报中', CLOSED: '已截止' } as const;
const CALLS_EXPORT_MAX = 10_000;

/** The filtered calls list as xlsx (at most CALLS_EXPORT_MAX rows), scoped as `listCalls`. */
export async function exportCalls(
  db: Db,
  actor: Actor | null,
  q: { status?: 'DRAFT' | 'OPEN' | 'CLOSED'; subjectKind?: string; q?: string },
) {
  const { items } = await listCalls(db, actor, { ...q, page: 1, pageSize: CALLS_EXPORT_MAX });
  return buildXlsx(
    '征集与评审',
    [
      { header: '征集名称', width: 40, value: (c) => c.title },
      { header: '文号', width: 26, value: (c) => c.docNo },
      {
        header: '评审对象',
        width: 16,
        value: (c) => reviewSubject(c.subjectKind)?.label['zh-CN'] ?? c.subjectKind,
      },
      { header: '组织单位', width: 30, value: (c) => c.organisationName },
      { header: '状态', width: 10, value: (c) => CALL_STATUS_ZH[c.status] },
      { header: '申报开始', width: 12, value: (c) => c.opensAt },
      { header: '申报截止', width: 12, value: (c) => c.closesAt },
      {
        header: '申报数',
        width: 8,
        // As the console counts them: every application but the drafts.
        value: (c) =>
          Object.entries(c.counts)
            .filter(([s]) => s !== 'DRAFT')
            .reduce((n, [, v]) => n + v, 0),
      },
      { header: 'ID', width: 38, value: (c) => c.id },
    ],
    items,
  );
}

export async function exportCall(
  db: Db,
  actor: Actor | null,
  callId: string,
  what: 'ranking' | 'scores',
) {
  const c = await loadManagedCall(db, actor, callId);
  if (what === 'scores') {
    const rows = await repo.scoreSheet(db, callId);
    const rubric = rubricOf(c);
    return buildXlsx(
      '评分明细',
      [
        { header: '申报项目', width: 36, value: (r) => r.title },
        { header: '专家', width: 12, value: (r) => (c.blind ? '（匿名）' : r.displayName) },
        { header: '轮次', width: 6, value: (r) => r.round },
        {
          header: '状态',
          width: 10,
          value: (r) => ({ ASSIGNED: '待评分', SUBMITTED: '已评分', RECUSED: '已回避' })[r.status],
        },
        ...rubric.map((cr) => ({
          header: `${cr.label}（${cr.min}–${cr.max}）`,
          width: 14,
          value: (r: (typeof rows)[number]) =>
            r.scores ? ((JSON.parse(r.scores) as Record<string, number>)[cr.key] ?? null) : null,
        })),
        { header: '加权总分', width: 10, value: (r) => r.total },
        { header: '提交时间', width: 22, value: (r) => r.submittedAt },
      ],
      rows,
    );
  }
  const items = await repo.itemsOfCall(db, callId);
  const decisions = await repo.decisionsOf(
    db,
    items.map((i) => i.id),
  );
  const reason = new Map(decisions.map((d) => [d.itemId, d.opinion]));
  const sorted = [...items].sort(
    (a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9) || a.title.localeCompare(b.title),
  );
  return buildXlsx(
    '排名与决定',
    [
      { header: '名次', width: 6, value: (i) => i.rank },
      { header: '申报项目', width: 36, value: (i) => i.title },
      { header: '申报单位', width: 30, value: (i) => i.applicantName },
      { header: '综合得分', width: 10, value: (i) => i.aggregate },
      { header: '状态', width: 14, value: (i) => STATUS_ZH[i.status] },
      { header: '决定理由', width: 40, value: (i) => reason.get(i.id) ?? null },
    ],
    sorted,
  );
}
