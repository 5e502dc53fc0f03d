import { type RequestContext, recordAudit } from '#platform/audit.ts';
import type { Db, Executor } from '#platform/db/connect.ts';
import { AppError, fieldErrors } from '#platform/errors.ts';
import { type Actor, authorize } from '#platform/policy.ts';
import { addDays, type DayKind, SEARCH_DAYS, workingDaysEnd } from './calendar.ts';
import './policy.ts';
import * as repo from './repo.ts';
import type { SiteInfo } from './schema.ts';

const SITE_INFO_KEY = 'site.info';

const EMPTY: SiteInfo = {
  icpNumber: '',
  psbNumber: '',
  contact: { organisation: '', address: '', postcode: '', phone: '', email: '', hours: '' },
};

/** The footer's 备案号 and the contact page's details; empty strings until an administrator sets them. */
export async function siteInfo(db: Executor): Promise<SiteInfo> {
  const raw = await repo.getSetting(db, SITE_INFO_KEY);
  if (!raw) return EMPTY;
  const saved = JSON.parse(raw) as Partial<SiteInfo>;
  return {
    icpNumber: saved.icpNumber ?? '',
    psbNumber: saved.psbNumber ?? '',
    contact: { ...EMPTY.contact, ...saved.contact },
  };
}

export async function updateSiteInfo(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  input: SiteInfo,
): Promise<SiteInfo> {
  authorize(actor, 'site.manage');
  await db.transaction().execute(async (tx) => {
    await repo.putSetting(tx, SITE_INFO_KEY, JSON.stringify(input));
    await recordAudit(tx, ctx, {
      action: 'site.info',
      entityType: 'setting',
      detail: { icpNumber: input.icpNumber, psbNumber: input.psbNumber },
    });
  });
  return siteInfo(db);
}

// ——— The working calendar ———

export async function calendarYear(db: Executor, actor: Actor | null, year: number) {
  authorize(actor, 'site.manage');
  return repo.calendarDays(db, `${year}-01-01`, `${year}-12-31`);
}

export async function putCalendarDay(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  date: string,
  input: { kind: DayKind; name: string },
) {
  authorize(actor, 'site.manage');
  await db.transaction().execute(async (tx) => {
    await repo.putCalendarDay(tx, { date, ...input });
    await recordAudit(tx, ctx, {
      action: 'site.calendarDay',
      entityType: 'calendarDay',
      entityId: date,
      detail: { kind: input.kind, name: input.name },
    });
  });
  return (await repo.findCalendarDay(db, date))!;
}

export async function deleteCalendarDay(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  date: string,
) {
  authorize(actor, 'site.manage');
  await db.transaction().execute(async (tx) => {
    if (!(await repo.deleteCalendarDay(tx, date))) throw new AppError('NOT_FOUND');
    await recordAudit(tx, ctx, {
      action: 'site.calendarDay.delete',
      entityType: 'calendarDay',
      entityId: date,
    });
  });
  return { ok: true as const };
}

/**
 * The last of `days` working days from `from` over the calendar (5 from a Friday: the Thursday
 * after). A calendar with no `days` working days in the next 400 days is a 400 on `field`.
 */
export async function workingDaysEndOn(
  db: Executor,
  from: string,
  days: number,
  field = 'days',
): Promise<string> {
  const rows = await repo.calendarDays(db, from, addDays(from, SEARCH_DAYS));
  const end = workingDaysEnd(from, days, new Map(rows.map((r) => [r.date, r.kind])));
  if (!end)
    throw fieldErrors([
      {
        field,
        zh: `从 ${from} 起的 ${SEARCH_DAYS} 天内没有 ${days} 个工作日，请检查工作日历`,
        en: `the calendar has no ${days} working days in the ${SEARCH_DAYS} days from ${from}`,
      },
    ]);
  return end;
}
