import { nowIso } from '#platform/ids.ts';
import { defineJob, schedule } from '#platform/jobs/define.ts';
import { searchEngineFor } from '#platform/search/engine.ts';
import { EXPIRE_OFFER_JOB, expireOffer } from './registration.ts';
import { endedBetween } from './repo.ts';

/** At an offer's expiry: unconfirmed, it expires and the next on the waiting list is offered. */
defineJob<{ registrationId: string }>(
  EXPIRE_OFFER_JOB,
  async ({ db, now }, p) => expireOffer(db, p.registrationId, now),
  {
    maxAttempts: 5,
    label: { 'zh-CN': '候补名额到期顺延', 'en-US': 'Pass on an expired held place' },
  },
);

/**
 * Hourly: activities whose sessions ended in the last day are indexed again, so one whose last
 * session is over drops below the upcoming ones in search (`current`). Reindexing one twice is
 * harmless; the day's window covers missed runs.
 */
defineJob(
  'activities.refreshSearch',
  async ({ db, dialect, now }) => {
    const ids = await endedBetween(db, nowIso(now - 86_400_000), nowIso(now));
    if (ids.length) await searchEngineFor(db, dialect).index(db, 'activity', ids);
  },
  {
    maxAttempts: 3,
    label: { 'zh-CN': '更新已结束活动的检索排序', 'en-US': 'Re-rank ended activities in search' },
  },
);
schedule('activities.refreshSearch', { everyMs: 3_600_000 });
