/**
 * Each person's 科普 record (issue 13 §6): gathered from the modules, never typed again — works
 * authored (library, published), activities led (负责专家) and spoken at (主讲) from
 * `activity_leaders`, activities attended (checked in), reviews done (scored assignments by call
 * and year), volunteer hours by year (`volunteerHoursOf`), certificates held (training, 聘任,
 * awards, volunteer hours). Exported as PDF (the certificate PDF pool) and xlsx; each export
 * stores a snapshot as a certificate of kind RECORD (holder, years, totals as printed), so that
 * `/verify/{code}` confirms what was exported. The same content exported again answers the same
 * code (the snapshot's source is the years and a hash of the totals).
 */
import { type RequestContext, recordAudit } from '#platform/audit.ts';
import type { Db } from '#platform/db/connect.ts';
import type { CertificateKind } from '#platform/db/schema.ts';
import { AppError } from '#platform/errors.ts';
import { buildXlsx } from '#platform/export/xlsx.ts';
import { chinaYearRange, chineseDate, sha256, todayInChina } from '#platform/ids.ts';
import { type Actor, authorize, can } from '#platform/policy.ts';
import { activitiesLedBy } from '../activities/leaders.ts';
import { pdfSlots, renderRecordOffThread } from '../certificates/pdf-pool.ts';
import { issueCertificate, verifyUrlOf } from '../certificates/service.ts';
import { referenceNames } from '../reference/service.ts';
import { volunteerHoursOf } from '../volunteers/hours.ts';
import type { RecordPrint, RecordSectionPrint } from './pdf.ts';
import * as repo from './repo.ts';
import type { RecordQuery } from './schema.ts';
import './policy.ts';

/** Rows per section at most (past this: 及其他 N 项). */
export const RECORD_CAP = 200;

const KIND_ZH: Record<Exclude<CertificateKind, 'RECORD'>, string> = {
  TRAINING: '培训结业',
  VOLUNTEER_HOURS: '志愿服务时长',
  APPOINTMENT: '聘任',
  AWARD: '奖励',
};

/** The person whose record the actor may read; others: 404 (not theirs to know of). */
async function readablePerson(db: Db, actor: Actor | null, userId: string | undefined) {
  if (!actor) throw new AppError('UNAUTHENTICATED');
  const id = userId ?? actor.userId;
  const p = await repo.person(db, id);
  const resource = { ownerId: id, homePaths: p?.homePaths ?? [] };
  if (!p || !can(actor, 'record.read', resource)) throw new AppError('NOT_FOUND');
  authorize(actor, 'record.read', resource);
  return p;
}

function years(q: RecordQuery) {
  const thisYear = Number(todayInChina().slice(0, 4));
  const toYear = q.toYear ?? thisYear;
  const fromYear = q.fromYear ?? Math.min(toYear, thisYear - 4);
  return {
    fromYear,
    toYear,
    range: { from: chinaYearRange(fromYear).from, to: chinaYearRange(toYear).to },
  };
}

const round1 = (h: number) => Math.round(h * 10) / 10;

export async function getRecord(db: Db, actor: Actor | null, q: RecordQuery) {
  const p = await readablePerson(db, actor, q.userId);
  const { fromYear, toYear, range } = years(q);
  const [works, talks, led, attended, reviews, certificates, names] = await Promise.all([
    repo.works(db, p.id, range, RECORD_CAP),
    activitiesLedBy(db, p.id, range, { limit: RECORD_CAP, roles: ['SPEAKER'] }),
    activitiesLedBy(db, p.id, range, { limit: RECORD_CAP, roles: ['LEAD'] }),
    repo.attended(db, p.id, range, RECORD_CAP),
    repo.reviews(db, p.id, range, RECORD_CAP),
    repo.certificates(db, p.id, range, RECORD_CAP),
    referenceNames(db, ['WORK_TYPE']),
  ]);
  const hours = [];
  for (let y = toYear; y >= fromYear; y--) {
    const h = await volunteerHoursOf(db, p.id, y);
    if (h.hours > 0)
      hours.push({
        year: y,
        hours: round1(h.hours),
        hosts: h.byHost.map((b) => b.organisationName),
      });
  }
  const brief = (a: { id: string; title: string; startsAt: string; host: string }) => ({
    id: a.id,
    title: a.title,
    startsAt: String(a.startsAt),
    host: a.host,
  });
  return {
    userId: p.id,
    name: p.displayName,
    fromYear,
    toYear,
    works: {
      items: works.items.map((w) => ({
        id: w.id,
        title: w.title,
        typeName: names.get(`WORK_TYPE:${w.type}`) ?? '',
        publishedAt: w.publishedAt,
      })),
      total: works.total,
    },
    talks: { items: talks.items.map(brief), total: talks.total },
    led: { items: led.items.map(brief), total: led.total },
    attended: { items: attended.items.map(brief), total: attended.total },
    reviews,
    volunteerHours: { items: hours, total: round1(hours.reduce((s, h) => s + h.hours, 0)) },
    certificates: {
      items: certificates.items.map((c) => ({
        ...c,
        kind: c.kind as Exclude<CertificateKind, 'RECORD'>,
      })),
      total: certificates.total,
    },
  };
}

export type PersonRecord = Awaited<ReturnType<typeof getRecord>>;

const day = (iso: string) => chineseDate(iso);

/** The totals as printed and as the verification page shows them (zh-CN). */
export function totalsOf(r: PersonRecord): string[] {
  return [
    `发布的科普作品 ${r.works.total} 项`,
    `主讲的活动（讲座、报告）${r.talks.total} 项`,
    `负责的活动 ${r.led.total} 项`,
    `参加的活动（已签到）${r.attended.total} 项`,
    `完成评审 ${r.reviews.scored} 份（${r.reviews.total} 个评审批次）`,
    `志愿服务 ${r.volunteerHours.total} 小时`,
    `持有证书 ${r.certificates.total} 份`,
  ];
}

const rangeText = (r: PersonRecord) =>
  r.fromYear === r.toYear ? `${r.fromYear}年` : `${r.fromYear}年至${r.toYear}年`;

/** The sections as printed (zh-CN): the PDF's tables and the workbook's rows. */
export function sectionsOf(r: PersonRecord): RecordSectionPrint[] {
  const more = (s: { items: unknown[]; total: number }) => Math.max(0, s.total - s.items.length);
  const activities = (
    title: string,
    s: PersonRecord['talks'],
    empty: string,
  ): RecordSectionPrint => ({
    title,
    columns: [
      { label: '活动', share: 0.5 },
      { label: '日期', share: 0.2 },
      { label: '主办单位', share: 0.3 },
    ],
    rows: s.items.map((a) => [a.title, day(a.startsAt), a.host]),
    more: more(s),
    empty,
  });
  return [
    {
      title: '发布的科普作品',
      columns: [
        { label: '作品', share: 0.55 },
        { label: '类型', share: 0.2 },
        { label: '发布日期', share: 0.25 },
      ],
      rows: r.works.items.map((w) => [w.title, w.typeName, day(w.publishedAt)]),
      more: more(r.works),
      empty: '这段时间没有发布的作品',
    },
    activities('主讲的活动', r.talks, '这段时间没有主讲的活动'),
    activities('负责的活动', r.led, '这段时间没有负责的活动'),
    activities('参加的活动', r.attended, '这段时间没有签到参加的活动'),
    {
      title: '完成的评审',
      columns: [
        { label: '评审', share: 0.6 },
        { label: '年度', share: 0.2 },
        { label: '评审份数', share: 0.2 },
      ],
      rows: r.reviews.items.map((x) => [x.title, `${x.year}年`, String(x.count)]),
      more: more(r.reviews),
      empty: '这段时间没有完成的评审',
    },
    {
      title: '志愿服务时长',
      columns: [
        { label: '年度', share: 0.2 },
        { label: '小时', share: 0.2 },
        { label: '服务单位', share: 0.6 },
      ],
      rows: r.volunteerHours.items.map((h) => [`${h.year}年`, String(h.hours), h.hosts.join('、')]),
      more: 0,
      empty: '这段时间没有志愿服务时长',
    },
    {
      title: '持有的证书',
      columns: [
        { label: '证书', share: 0.4 },
        { label: '类别', share: 0.15 },
        { label: '发证单位', share: 0.25 },
        { label: '日期', share: 0.2 },
      ],
      rows: r.certificates.items.map((c) => [
        c.title,
        KIND_ZH[c.kind],
        c.organisationName,
        day(c.issuedAt),
      ]),
      more: more(r.certificates),
      empty: '这段时间没有证书',
    },
  ];
}

/**
 * The snapshot behind an export's code: a certificate of kind RECORD holding the name, the years
 * and the totals as printed, issued in the platform's name (the root organisation). The same
 * person, years and totals answer the same snapshot.
 */
async function snapshot(db: Db, actor: Actor, ctx: RequestContext, r: PersonRecord) {
  const root = await repo.rootOrganisation(db);
  if (!root) throw new Error('no root organisation');
  const totals = totalsOf(r);
  const lines = [`时间范围：${rangeText(r)}`, ...totals];
  const sourceId = `${r.fromYear}-${r.toYear}:${sha256(lines.join('\n')).slice(0, 32)}`;
  const issued = await db.transaction().execute(async (tx) => {
    const c = await issueCertificate(tx, ctx, {
      kind: 'RECORD',
      holderId: r.userId,
      holderName: r.name,
      organisationId: root.id,
      organisationName: root.name,
      title: `科普工作档案（${rangeText(r)}）`,
      lines,
      sourceType: 'record',
      sourceId,
    });
    if (c.created)
      await recordAudit(tx, ctx, {
        action: 'record.export',
        entityType: 'user',
        entityId: r.userId,
        detail: { fromYear: r.fromYear, toYear: r.toYear, certificateCode: c.code },
        personal: { displayName: r.name },
      });
    return c;
  });
  void actor;
  return { code: issued.code, totals };
}

export async function recordPdf(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  publicUrl: string,
  q: RecordQuery,
) {
  const r = await getRecord(db, actor, q);
  const { code, totals } = await snapshot(db, actor!, ctx, r);
  const print: RecordPrint = {
    code,
    holderName: r.name,
    rangeText: rangeText(r),
    dateText: chineseDate(new Date().toISOString()),
    verifyUrl: verifyUrlOf(publicUrl, code),
    totals,
    sections: sectionsOf(r),
  };
  const pdf = await pdfSlots.run(actor!.userId, () => renderRecordOffThread(print));
  return { pdf, code, fileName: `科普工作档案-${r.name}-${r.fromYear}-${r.toYear}.pdf` };
}

export async function recordXlsx(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  publicUrl: string,
  q: RecordQuery,
) {
  const r = await getRecord(db, actor, q);
  const { code, totals } = await snapshot(db, actor!, ctx, r);
  const rows: string[][] = [
    ['姓名', r.name, '', '', ''],
    ['时间范围', rangeText(r), '', '', ''],
    ['验证码', code, verifyUrlOf(publicUrl, code), '', ''],
    ...totals.map((t) => ['汇总', t, '', '', '']),
  ];
  for (const s of sectionsOf(r)) {
    rows.push([s.title, ...s.columns.map((c) => c.label)]);
    if (!s.rows.length) rows.push([s.title, s.empty]);
    for (const row of s.rows) rows.push([s.title, ...row]);
    if (s.more) rows.push([s.title, `及其他 ${s.more} 项`]);
  }
  const header = ['栏目', '内容', '', '', ''];
  const workbook = await buildXlsx(
    '科普工作档案',
    header.map((h, i) => ({
      header: h,
      width: i === 1 ? 48 : 20,
      value: (row: string[]) => row[i] ?? '',
    })),
    rows,
  );
  return { workbook, code, fileName: `科普工作档案-${r.name}-${r.fromYear}-${r.toYear}.xlsx` };
}
