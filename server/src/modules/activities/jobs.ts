import { defineJob } from '#platform/jobs/define.ts';
import { EXPIRE_OFFER_JOB, expireOffer } from './registration.ts';

/** At an offer's expiry: unconfirmed, it expires and the next on the waiting list is offered. */
defineJob<{ registrationId: string }>(
  EXPIRE_OFFER_JOB,
  async ({ db, now }, p) => expireOffer(db, p.registrationId, now),
  {
    maxAttempts: 5,
    label: { 'zh-CN': '候补名额到期顺延', 'en-US': 'Pass on an expired held place' },
  },
);
