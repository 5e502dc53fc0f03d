/**
 * The reserve's yearly review: each day, the owners (the work's creator and the nearest unit
 * administrators) of items whose review fell due hear once per due day. Safe to run twice
 * (`remindedFor` is set in the same transaction as the notices).
 */
import { todayInChina } from '#platform/ids.ts';
import { defineJob, schedule } from '#platform/jobs/define.ts';
import { notify } from '#platform/notify/notify.ts';
import { nearestAdmins } from '../joins/repo.ts';
import { RESERVE_STALE } from './notifications.ts';
import * as repo from './repo.ts';

const BATCH = 200;

defineJob(
  'reserve.remindStale',
  async ({ db, now, log }) => {
    const today = todayInChina(now);
    let told = 0;
    for (;;) {
      const due = await repo.dueForReminder(db, today, BATCH);
      if (due.length === 0) break;
      for (const item of due)
        await db.transaction().execute(async (tx) => {
          const owners = [...(await nearestAdmins(tx, item.orgPath)), item.createdBy];
          await notify(tx, owners, RESERVE_STALE, {
            workId: item.workId,
            title: item.title,
            due: item.reviewDue,
          });
          await repo.markReminded(tx, item.workId, item.reviewDue);
        });
      told += due.length;
      if (due.length < BATCH) break;
    }
    if (told) log.info({ told }, 'owners of reserve items due for review reminded');
  },
  {
    maxAttempts: 3,
    label: { 'zh-CN': '应急科普储备复核提醒', 'en-US': 'Remind of reserve reviews due' },
  },
);
schedule('reserve.remindStale', { dailyAt: '08:20' });
