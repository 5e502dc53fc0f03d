/**
 * Appointments over time: terms expire the day after their last day; the appointee and the
 * appointing body's administrators hear 90 days before a term ends (once per appointment); an
 * appointee who has led fewer activities than the part of the year gone by asks hears once a
 * quarter. Each is safe to run twice (conditional updates; `oncePerLink` reminders).
 */
import { type RequestContext, recordAudit } from '#platform/audit.ts';
import { chinaYearRange, nowIso, todayInChina } from '#platform/ids.ts';
import { defineJob, schedule } from '#platform/jobs/define.ts';
import { notify } from '#platform/notify/notify.ts';
import { ledActivityCounts } from '../activities/leaders.ts';
import { nearestAdmins } from '../joins/repo.ts';
import { dutyOf } from './duty.ts';
import { DUTY_BEHIND, TERM_ENDING } from './notifications.ts';
import * as repo from './repo.ts';

const BATCH = 200;
/** How long before a term ends the renewal reminder goes out. */
export const RENEWAL_NOTICE_DAYS = 90;

defineJob(
  'appointments.expireTerms',
  async ({ db, dialect, now, log }) => {
    const today = todayInChina(now);
    const ctx: RequestContext = { actorId: null, ip: null, dialect };
    let expired = 0;
    for (;;) {
      const due = await repo.pastTerm(db, today, BATCH);
      if (due.length === 0) break;
      await db.transaction().execute(async (tx) => {
        const done: string[] = [];
        for (const a of due)
          if (
            await repo.moveAppointment(tx, a.id, ['ACTIVE'], {
              status: 'EXPIRED',
              updatedAt: nowIso(now),
            })
          )
            done.push(a.id);
        if (done.length)
          await recordAudit(tx, ctx, {
            action: 'appointment.expire',
            entityType: 'appointment',
            entityId: null,
            organisationId: null,
            detail: { count: done.length, until: today },
          });
        expired += done.length;
      });
      if (due.length < BATCH) break;
    }
    if (expired) log.info({ expired }, 'appointments past their term set to EXPIRED');
  },
  {
    maxAttempts: 5,
    label: { 'zh-CN': '聘期届满', 'en-US': 'Expire appointments past their term' },
  },
);
schedule('appointments.expireTerms', { dailyAt: '00:20' });

defineJob(
  'appointments.remindRenewal',
  async ({ db, now }) => {
    const today = todayInChina(now);
    const until = todayInChina(now + RENEWAL_NOTICE_DAYS * 86_400_000);
    for (const a of await repo.endingBy(db, today, until)) {
      const office = await nearestAdmins(db, a.schemeOrgPath);
      await notify(
        db,
        [a.userId, ...office],
        TERM_ENDING,
        { id: a.id, personName: a.personName, honorific: a.honorific, endDate: a.endDate },
        { oncePerLink: true },
      );
    }
  },
  { maxAttempts: 3, label: { 'zh-CN': '聘期届满提醒', 'en-US': 'Remind of terms ending' } },
);
schedule('appointments.remindRenewal', { dailyAt: '08:10' });

defineJob(
  'appointments.remindDuty',
  async ({ db, now }) => {
    const today = todayInChina(now);
    const year = Number(today.slice(0, 4));
    const quarter = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
    const inTerm = await repo.inTerm(db);
    const led = await ledActivityCounts(
      db,
      inTerm.map((a) => a.userId),
      chinaYearRange(year),
    );
    for (const a of inTerm) {
      const duty = dutyOf(a, a.minLedPerYear, led.get(a.userId) ?? 0, year, today);
      if (duty.standing !== 'BEHIND') continue;
      await notify(
        db,
        [a.userId],
        DUTY_BEHIND,
        { honorific: a.honorific, year, quarter, led: duty.led, required: duty.required },
        { oncePerLink: true },
      );
    }
  },
  { maxAttempts: 3, label: { 'zh-CN': '履职提醒', 'en-US': 'Remind appointees behind on duty' } },
);
schedule('appointments.remindDuty', { dailyAt: '09:00' });
