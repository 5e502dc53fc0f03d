import type { z } from 'zod';
import { type RequestContext, recordAudit } from '#platform/audit.ts';
import { type Limit, reserveAttempt } from '#platform/auth/throttle.ts';
import type { Db, Executor } from '#platform/db/connect.ts';
import { AppError, fieldErrors, ruleError } from '#platform/errors.ts';
import { buildXlsx } from '#platform/export/xlsx.ts';
import { newId, nowIso } from '#platform/ids.ts';
import { loadSharp } from '#platform/on-demand.ts';
import { type Actor, can, signedIn } from '#platform/policy.ts';
import { recordSignal } from '../hotspots/signals.ts';
import { SNIFF_BYTES, sniff } from '../media/sniff.ts';
import { assertDivisionCodes, assertReferenceCodes, referenceNames } from '../reference/service.ts';
import * as repo from './repo.ts';
import { type ReportInputSchema, SCREENSHOT_MAX_BYTES, type TriageSchema } from './schema.ts';
import { KIND_ZH } from './service.ts';

const MINUTE = 60_000;

/**
 * How many reports are taken: per client (the signed-in person, else the address) and in all,
 * each a window in `login_throttles` reserved in one atomic statement, so a parallel burst gets
 * at most the limit through. Tests lower them.
 */
export const REPORT_LIMITS = {
  perClient: 5,
  perClientWindowMs: 60 * MINUTE,
  overall: 300,
  overallWindowMs: 10 * MINUTE,
};

const limit = (max: number, windowMs: number): Limit => ({
  max,
  windowMs,
  refuse: (minutes) => new AppError('RATE_LIMITED_FOR', { minutes }),
});

const notAnImage = () =>
  fieldErrors([
    {
      field: 'screenshot',
      zh: '请上传图片（PNG、JPEG、WebP 或 GIF，不超过 2 MB）',
      en: 'must be an image (PNG, JPEG, WebP or GIF, at most 2 MB)',
    },
  ]);

/**
 * A screenshot sent with a report: decided by its content (the media sniffer; only images), then
 * re-encoded as JPEG, turned upright, at most 1600 px wide, without metadata (a phone photo's
 * location stays behind).
 */
export async function screenshotOf(base64: string) {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length === 0 || bytes.length > SCREENSHOT_MAX_BYTES) throw notAnImage();
  const kind = sniff(bytes.subarray(0, SNIFF_BYTES));
  if ('refused' in kind || kind.kind !== 'IMAGE' || kind.mime === 'image/svg+xml')
    throw notAnImage();
  try {
    const sharp = await loadSharp();
    const { data, info } = await sharp(bytes, { limitInputPixels: 40_000_000, animated: false })
      .rotate()
      .resize({ width: 1600, withoutEnlargement: true })
      .jpeg({ quality: 80 })
      .toBuffer({ resolveWithObject: true });
    return { mime: 'image/jpeg', bytes: data, width: info.width, height: info.height };
  } catch {
    throw notAnImage();
  }
}

/** A rumour from the public: no account needed; a contact is optional and stays with the office. */
export async function createReport(
  db: Db,
  ctx: RequestContext,
  input: z.infer<typeof ReportInputSchema>,
) {
  const client = ctx.actorId ? `user:${ctx.actorId}` : `ip:${ctx.ip ?? 'unknown'}`;
  const attempt = await reserveAttempt(db, [
    {
      key: `rumour:${client}`,
      limit: limit(REPORT_LIMITS.perClient, REPORT_LIMITS.perClientWindowMs),
    },
    { key: 'rumour:all', limit: limit(REPORT_LIMITS.overall, REPORT_LIMITS.overallWindowMs) },
  ]);
  const id = newId();
  try {
    const shot = input.screenshot ? await screenshotOf(input.screenshot) : null;
    await db.transaction().execute(async (tx) => {
      if (input.hazard) await assertReferenceCodes(tx, 'hazard', 'HAZARD_TYPE', [input.hazard]);
      if (input.divisionCode) await assertDivisionCodes(tx, 'divisionCode', [input.divisionCode]);
      await repo.insertReport(tx, {
        id,
        text: input.text,
        platform: input.platform,
        link: input.link,
        hazard: input.hazard,
        divisionCode: input.divisionCode,
        contact: input.contact || null,
        reporterId: ctx.actorId,
        status: 'NEW',
        duplicateOf: null,
        debunkId: null,
        note: '',
        handledBy: null,
        handledAt: null,
        createdAt: nowIso(),
      });
      if (shot)
        await tx
          .insertInto('rumourReportScreenshots')
          .values({ reportId: id, ...shot, createdAt: nowIso() })
          .execute();
      await recordAudit(tx, ctx, {
        action: 'rumourReport.create',
        entityType: 'rumourReport',
        entityId: id,
        detail: { name: input.text.slice(0, 40) },
      });
    });
  } catch (e) {
    // A refused report (an unknown code, not an image) does not count.
    await attempt.release();
    throw e;
  }
  // 热点预警: a rumour report is a signal for its hazard (by name, as searches are counted) and
  // its region — never the reporter's address.
  if (input.hazard) {
    const hazard = await db
      .selectFrom('referenceItems')
      .select('nameZh')
      .where('kind', '=', 'HAZARD_TYPE')
      .where('code', '=', input.hazard)
      .executeTakeFirst();
    if (hazard)
      recordSignal(db, ctx.dialect, {
        kind: 'RUMOUR_REPORT',
        terms: [hazard.nameZh],
        division: input.divisionCode,
        userId: ctx.actorId,
      });
  }
  return { id, received: true as const };
}

/** The office (its editors and administrators; platform administrators) triages reports. */
export async function requireOffice(db: Executor, actor: Actor | null): Promise<Actor> {
  const me = signedIn(actor);
  const paths = await repo.officePaths(db);
  const ok =
    can(me, 'rumourReport.triage', { orgPath: '/' }) ||
    paths.some((p) => can(me, 'rumourReport.triage', { orgPath: p }));
  if (!ok) throw new AppError('FORBIDDEN');
  return me;
}

const present = (r: Awaited<ReturnType<typeof repo.listReports>>['rows'][number]) => ({
  id: r.id,
  text: r.text,
  platform: r.platform,
  link: r.link,
  hazard: r.hazard,
  divisionCode: r.divisionCode,
  contact: r.contact,
  signedIn: !!r.reporterId,
  hasScreenshot: !!r.hasScreenshot,
  status: r.status,
  duplicateOf: r.duplicateOf,
  debunkId: r.debunkId,
  debunkTitle: r.debunkTitle ?? null,
  duplicates: Number(r.duplicates ?? 0),
  note: r.note,
  handledAt: r.handledAt,
  createdAt: r.createdAt,
});

export async function listReports(
  db: Db,
  actor: Actor | null,
  q: Parameters<typeof repo.listReports>[1],
) {
  await requireOffice(db, actor);
  const { rows, total } = await repo.listReports(db, q);
  return { items: rows.map(present), total, page: q.page, pageSize: q.pageSize };
}

/**
 * One triage step on a NEW or TRIAGED report: accept it for checking, reject it, merge it into
 * another report (a duplicate: it follows that one's debunk), or link it to a debunk (its
 * duplicates follow). A closed report (rejected, merged, linked) takes no further step: 409.
 */
export async function triage(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  input: z.infer<typeof TriageSchema>,
) {
  const me = await requireOffice(db, actor);
  await db.transaction().execute(async (tx) => {
    const r = await repo.findReport(tx, id);
    if (!r) throw new AppError('NOT_FOUND');
    if (r.status !== 'NEW' && r.status !== 'TRIAGED')
      throw ruleError(
        'STATE_CONFLICT',
        '该举报已处理完毕（已驳回、已合并或已关联辟谣）',
        'This report is closed (rejected, merged or linked)',
      );
    const at = nowIso();
    const handled = { handledBy: me.userId, handledAt: at, note: input.note };
    let action: 'rumourReport.triage' | 'rumourReport.merge' | 'rumourReport.link' =
      'rumourReport.triage';
    const detail: Record<string, unknown> = { name: r.text.slice(0, 40), step: input.action };
    if (input.action === 'TRIAGE')
      await repo.updateReport(tx, id, { status: 'TRIAGED', ...handled });
    else if (input.action === 'REJECT')
      await repo.updateReport(tx, id, { status: 'REJECTED', ...handled });
    else if (input.action === 'MERGE') {
      if (input.into === id)
        throw fieldErrors([
          { field: 'into', zh: '不能合并到自身', en: 'cannot merge into itself' },
        ]);
      const into = await repo.findReport(tx, input.into);
      if (!into) throw fieldErrors([{ field: 'into', zh: '举报不存在', en: 'no such report' }]);
      if (into.status === 'DUPLICATE' || into.status === 'REJECTED')
        throw ruleError(
          'RULE_BROKEN',
          '只能合并到未驳回、非重复的举报',
          'Merge into a report that is neither rejected nor a duplicate',
        );
      await repo.updateReport(tx, id, {
        status: 'DUPLICATE',
        duplicateOf: into.id,
        debunkId: into.debunkId,
        ...handled,
      });
      // Reports merged into this one move along (one level of duplicates).
      await tx
        .updateTable('rumourReports')
        .set({ duplicateOf: into.id, debunkId: into.debunkId })
        .where('duplicateOf', '=', id)
        .execute();
      action = 'rumourReport.merge';
      detail.into = into.id;
    } else {
      const d = await repo.findDebunk(tx, input.debunkId);
      if (!d)
        throw fieldErrors([{ field: 'debunkId', zh: '辟谣条目不存在', en: 'no such debunk' }]);
      await repo.updateReport(tx, id, { status: 'LINKED', debunkId: d.id, ...handled });
      await tx
        .updateTable('rumourReports')
        .set({ debunkId: d.id })
        .where('duplicateOf', '=', id)
        .execute();
      action = 'rumourReport.link';
      detail.debunkId = d.id;
      detail.debunk = d.title;
    }
    await recordAudit(tx, ctx, { action, entityType: 'rumourReport', entityId: id, detail });
  });
  const one = await db
    .selectFrom('rumourReports as r')
    .leftJoin('debunks as d', 'd.id', 'r.debunkId')
    .selectAll('r')
    .select(['d.title as debunkTitle'])
    .where('r.id', '=', id)
    .executeTakeFirstOrThrow();
  const duplicates = await db
    .selectFrom('rumourReports')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('duplicateOf', '=', id)
    .executeTakeFirstOrThrow();
  const shot = await db
    .selectFrom('rumourReportScreenshots')
    .select('reportId')
    .where('reportId', '=', id)
    .executeTakeFirst();
  return present({ ...one, duplicates: Number(duplicates.n), hasScreenshot: shot ? 1 : 0 });
}

/** A report's screenshot, for the office. */
export async function screenshot(db: Db, actor: Actor | null, id: string) {
  await requireOffice(db, actor);
  const row = await db
    .selectFrom('rumourReportScreenshots')
    .select(['mime', 'bytes'])
    .where('reportId', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND');
  return row;
}

/** Beijing-time month bounds [from, to) as UTC instants. */
export function monthBounds(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const from = new Date(Date.UTC(y, m - 1, 1) - 8 * 3_600_000).toISOString();
  const to = new Date(Date.UTC(y, m, 1) - 8 * 3_600_000).toISOString();
  return { from, to };
}

export const thisMonth = (now = Date.now()) =>
  new Date(now + 8 * 3_600_000).toISOString().slice(0, 7);

/** 流言榜: the month's published debunks, ranked by linked reports, then views (top 10). */
export async function board(db: Executor, month = thisMonth()) {
  const { from, to } = monthBounds(month);
  const rows = await repo.board(db, from, to, 10);
  return {
    month,
    items: rows.map((r, i) => ({
      rank: i + 1,
      id: r.id,
      title: r.title,
      kind: r.kind,
      hazard: r.hazard,
      publishedAt: r.publishedAt!,
      reports: Number(r.reports ?? 0),
      views: r.views,
    })),
  };
}

/** The board as a workbook (the office: a month's list for the national platforms). */
export async function exportBoard(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  month = thisMonth(),
) {
  await requireOffice(db, actor);
  const b = await board(db, month);
  const names = await referenceNames(db, ['HAZARD_TYPE']);
  await db.transaction().execute((tx) =>
    recordAudit(tx, ctx, {
      action: 'rumourReport.export',
      entityType: 'rumourReport',
      detail: { name: `流言榜 ${month}`, rows: b.items.length },
    }),
  );
  return buildXlsx(
    `流言榜 ${month}`,
    [
      { header: '排名', width: 6, value: (r) => r.rank },
      { header: '标题', width: 40, value: (r) => r.title },
      { header: '类别', width: 8, value: (r) => KIND_ZH[r.kind] },
      {
        header: '灾害类型',
        width: 12,
        value: (r) => (r.hazard ? (names.get(`HAZARD_TYPE:${r.hazard}`) ?? '') : ''),
      },
      { header: '发布时间', width: 20, value: (r) => r.publishedAt },
      { header: '关联举报', width: 10, value: (r) => r.reports },
      { header: '浏览', width: 8, value: (r) => r.views },
    ],
    b.items,
  );
}
