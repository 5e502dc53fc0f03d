import { nowIso } from '../ids.ts';
import { defineJob, schedule } from './define.ts';
import { deleteFinishedJobs } from './repo.ts';

const DAY_MS = 86_400_000;
/** Done jobs are kept a fortnight to look at; failed ones three months, to be looked into. */
const KEEP_SUCCEEDED_MS = 14 * DAY_MS;
const KEEP_FAILED_MS = 90 * DAY_MS;

/** The jobs table keeps only recent history: the audit log holds what the jobs changed. */
defineJob(
  'jobs.prune',
  async ({ db, now, log }) => {
    const deleted = await deleteFinishedJobs(db, {
      succeededBefore: nowIso(now - KEEP_SUCCEEDED_MS),
      failedBefore: nowIso(now - KEEP_FAILED_MS),
    });
    if (deleted) log.info({ deleted }, 'old finished jobs deleted');
  },
  { maxAttempts: 3, label: { 'zh-CN': '清理已完成的后台任务', 'en-US': 'Prune finished jobs' } },
);
schedule('jobs.prune', { dailyAt: '03:40' });
