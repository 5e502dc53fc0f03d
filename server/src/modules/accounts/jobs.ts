import { type RequestContext, recordAudit } from '#platform/audit.ts';
import { nowIso } from '#platform/ids.ts';
import { defineJob, schedule } from '#platform/jobs/define.ts';
import {
  clearAbandonedTotpEnrolments,
  deleteEndedInvitations,
  deleteEndedSessions,
  deleteIdleThrottles,
  deleteSpentPasswordResets,
} from './repo.ts';

const DAY_MS = 86_400_000;

/**
 * How long what has a lifetime is kept after it ended. Conservative: long past any use, and
 * never the audit log (append-only; it records who did what with these). Sessions and pending
 * TOTP secrets are credentials: they go as soon as they are dead.
 */
export const RETENTION = {
  /** Reset links, used or expired (a 24-hour lifetime): a month, to answer "did my link work?". */
  passwordResetsMs: 30 * DAY_MS,
  /** Invitations, decided or expired: half a year of the units' invitation history. */
  invitationsMs: 180 * DAY_MS,
  /** Attempt-limit rows: windows are at most an hour, locks 15 minutes. */
  throttlesMs: DAY_MS,
  /** Unconfirmed TOTP enrolments (valid 30 minutes). */
  totpEnrolmentMs: DAY_MS,
};

/** 保留期限: the accounts' rows whose lifetime ended are deleted, once a day; counts audited. */
defineJob(
  'accounts.retention',
  async ({ db, dialect, config, now, log }) => {
    const at = nowIso(now);
    const counts = await db.transaction().execute(async (tx) => {
      const c = {
        sessions: await deleteEndedSessions(tx, at, nowIso(now - config.sessionIdleMs)),
        passwordResets: await deleteSpentPasswordResets(
          tx,
          nowIso(now - RETENTION.passwordResetsMs),
        ),
        invitations: await deleteEndedInvitations(tx, nowIso(now - RETENTION.invitationsMs)),
        throttles: await deleteIdleThrottles(tx, nowIso(now - RETENTION.throttlesMs), at),
        totpEnrolments: await clearAbandonedTotpEnrolments(
          tx,
          nowIso(now - RETENTION.totpEnrolmentMs),
        ),
      };
      if (Object.values(c).some((n) => n > 0)) {
        const ctx: RequestContext = { actorId: null, ip: null, dialect };
        await recordAudit(tx, ctx, {
          action: 'retention.accounts',
          entityType: 'system',
          detail: c,
        });
      }
      return c;
    });
    log.info(counts, 'account retention clean-up');
  },
  {
    maxAttempts: 3,
    label: { 'zh-CN': '账号数据到期清理', 'en-US': 'Account data retention clean-up' },
  },
);

schedule('accounts.retention', { dailyAt: '03:20' });
