/**
 * 忘记密码 by e-mail (when KEPU_SMTP_URL is set): asking for help queues a job that makes a one-time
 * reset link (24 hours; earlier links end) and mails it to the account's address. The token is
 * made inside the job and exists only in the mail and as a hash: it is never in a job's payload,
 * an inbox row or a log. A person is mailed at most one link in ten minutes however often the
 * page is asked, and the answer to the page is the same whether or not a mail went out.
 */
import { type RequestContext, recordAudit } from '#platform/audit.ts';
import type { Executor } from '#platform/db/connect.ts';
import { newToken, nowIso, sha256 } from '#platform/ids.ts';
import { defineJob } from '#platform/jobs/define.ts';
import { enqueue } from '#platform/jobs/runner.ts';
import { sendMail } from '#platform/notify/notify.ts';
import * as repo from './repo.ts';

/** How long a mailed link lasts (as an administrator's). */
const LINK_MS = 24 * 3_600_000;
/** At most one mailed link in this long per person. */
const QUIET_MS = 10 * 60_000;

const JOB = 'accounts.resetMail';

/** Queues the mail for an active account with an address (one waiting at a time per person). */
export async function queueResetMail(
  db: Executor,
  user: { id: string; status: string; email: string | null },
) {
  if (user.status !== 'ACTIVE' || !user.email) return;
  await enqueue(db, JOB, { userId: user.id }, { dedupeKey: user.id });
}

const TEXT = {
  'zh-CN': (name: string, url: string) => ({
    subject: '重置您在自然资源科普服务平台的密码',
    text: `${name}，您好：\n\n有人（希望是您本人）在平台的“忘记密码”页面为您的账号申请了重置密码。请在 24 小时内打开下面的链接设置新密码（链接只能使用一次）：\n\n${url}\n\n如果不是您本人申请，请忽略这封邮件，您的密码不会改变。\n\n——\n自然资源科普服务平台`,
  }),
  'en-US': (name: string, url: string) => ({
    subject: 'Reset your password on the Kepu platform',
    text: `Hello ${name},\n\nSomeone (we hope you) asked on the platform's "Forgot password" page to reset the password of your account. Open this link within 24 hours to set a new one (it works once):\n\n${url}\n\nIf it was not you, ignore this mail: your password does not change.\n\n--\nKepu, the natural resources science popularization platform`,
  }),
};

defineJob<{ userId: string }>(
  JOB,
  async ({ db, config, dialect, now }, { userId }) => {
    const user = await repo.findUser(db, userId);
    if (user?.status !== 'ACTIVE' || !user.email || !config.smtpUrl) return;
    const last = await repo.lastSelfServiceReset(db, userId);
    if (last && Date.parse(last) + QUIET_MS > now) return;
    const token = newToken(32);
    const ctx: RequestContext = { actorId: null, ip: null, dialect };
    await db.transaction().execute(async (tx) => {
      await repo.endPasswordResets(tx, userId);
      await repo.insertPasswordReset(tx, {
        tokenHash: sha256(token),
        userId,
        createdBy: null,
        createdAt: nowIso(now),
        expiresAt: nowIso(now + LINK_MS),
        usedAt: null,
      });
      await recordAudit(tx, ctx, {
        action: 'account.resetLinkMailed',
        entityType: 'user',
        entityId: userId,
      });
    });
    const base = config.publicUrl.replace(/\/$/, '');
    // The token travels in the fragment: it never reaches a server log.
    const mail = TEXT[user.locale === 'en-US' ? 'en-US' : 'zh-CN'](
      user.displayName,
      `${base}/reset-password#${token}`,
    );
    await sendMail(config, { to: user.email, ...mail });
  },
  {
    maxAttempts: 4,
    backoff: { baseMs: 60_000, factor: 2, maxMs: 600_000 },
    label: { 'zh-CN': '发送重置密码邮件', 'en-US': 'Mail a password reset link' },
  },
);
