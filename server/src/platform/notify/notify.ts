import type { Config } from '../config.ts';
import type { Executor } from '../db/connect.ts';
import type { Locale } from '../i18n.ts';
import { newId, nowIso } from '../ids.ts';
import { defineJob, schedule } from '../jobs/define.ts';
import { enqueue } from '../jobs/runner.ts';
import { type NotificationKind, notificationKind } from './define.ts';
import { type Mailer, mailerFor } from './mailer.ts';
import * as repo from './repo.ts';
import { smsSender } from './sms.ts';

const EMAIL_JOB = 'notify.email';
const SMS_JOB = 'notify.sms';

/** Whether mail can go out at all (KEPU_SMTP_URL set): set by the app at start. */
let mailEnabled = false;

export function configureNotifications(config: Pick<Config, 'smtpUrl'>): void {
  mailEnabled = config.smtpUrl !== null;
}

const asLocale = (l: string): Locale => (l === 'en-US' ? 'en-US' : 'zh-CN');

/**
 * Tells people something: one inbox entry each, in their own language, written in the caller's
 * transaction (it exists only if what it tells about commits); and, for those who take this kind
 * by e-mail and have an address, a mail job queued in the same transaction — sent off the request,
 * retried when the mail server refuses. Inactive accounts and repeats in the list are skipped;
 * with `oncePerLink`, so are those told of the same thing before (a reminder job's reruns).
 */
export async function notify<P>(
  tx: Executor,
  userIds: readonly (string | null | undefined)[],
  kind: NotificationKind<P>,
  params: P,
  opts: { oncePerLink?: boolean; about?: string; attachRef?: string } = {},
): Promise<void> {
  const def = notificationKind(kind.kind);
  if (!def) throw new Error(`notification kind ${kind.kind} is not defined`);
  let ids = [...new Set(userIds.filter((u): u is string => !!u))];
  if (opts.oncePerLink) {
    // Reminders: once per person and thing (the link names it), however often the job runs.
    const link = def.render(params, 'zh-CN').link;
    if (link) {
      const told = await repo.alreadyTold(tx, ids, def.kind, link);
      ids = ids.filter((id) => !told.has(id));
    }
  }
  const people = await repo.recipients(tx, ids);
  if (people.length === 0) return;
  const choices = mailEnabled ? await repo.emailChoices(tx, ids, def.kind) : new Map();
  const at = nowIso();
  const rows = people.map((p) => {
    const m = def.render(params, asLocale(p.locale));
    const mail = mailEnabled && !!p.email && (choices.get(p.id) ?? def.emailByDefault);
    return {
      id: newId(),
      userId: p.id,
      kind: def.kind,
      title: m.title,
      body: m.body,
      link: m.link ?? null,
      createdAt: at,
      readAt: null,
      emailState: mail ? ('QUEUED' as const) : null,
      emailedAt: null,
      aboutUserId: opts.about ?? null,
      mailAttachmentRef: mail && def.attachments && opts.attachRef ? opts.attachRef : null,
    };
  });
  await repo.insertNotifications(tx, rows);
  for (const r of rows)
    if (r.emailState === 'QUEUED') await enqueue(tx, EMAIL_JOB, { id: r.id }, { dedupeKey: r.id });
  // SMS for the urgent kinds, once a provider is wired: the number is read when the job runs.
  if (def.sms && smsSender()) {
    const sms = { templateId: def.sms.templateId, params: def.sms.params(params) };
    for (const r of rows)
      await enqueue(tx, SMS_JOB, { userId: r.userId, ...sms }, { dedupeKey: `sms:${r.id}` });
  }
}

const FOOTER: Record<Locale, (label: string, url: string) => string> = {
  'zh-CN': (label, url) =>
    `——\n自然资源科普服务平台\n您收到这封邮件，是因为您开启了“${label}”的邮件提醒。如不想再收到，可在 ${url} 关闭。`,
  'en-US': (label, url) =>
    `--\nKepu, the natural resources science popularization platform\nYou receive this because e-mail is on for "${label}". To stop it, turn it off at ${url}.`,
};
const SEE: Record<Locale, string> = { 'zh-CN': '查看：', 'en-US': 'Open: ' };

/** The mail for one notification, in the recipient's language. */
export function mailText(
  n: { title: string; body: string; link: string | null; kind: string },
  locale: Locale,
  publicUrl: string,
): string {
  const label = notificationKind(n.kind)?.label[locale] ?? n.kind;
  const base = publicUrl.replace(/\/$/, '');
  const parts = [n.body];
  if (n.link) parts.push(`${SEE[locale]}${base}${n.link}`);
  parts.push(FOOTER[locale](label, `${base}/me/notifications`));
  return parts.join('\n\n');
}

// One transport per mail server for the process (tests start servers of their own).
const mailers = new Map<string, Mailer>();
function mailer(config: Config): Mailer | null {
  if (!config.smtpUrl) return null;
  let m = mailers.get(config.smtpUrl);
  if (!m) {
    m = mailerFor(config)!;
    mailers.set(config.smtpUrl, m);
  }
  return m;
}

/**
 * Sends one mail now, outside the inbox (a job's handler: e.g. a reset link, which must never be
 * stored). Throws when no mail server is configured or it refuses (the job retries).
 */
export async function sendMail(
  config: Config,
  mail: { to: string; subject: string; text: string },
) {
  const m = mailer(config);
  if (!m) throw new Error('no mail server configured (KEPU_SMTP_URL)');
  await m.send(mail);
}

/** Closes the process's mail transports (app shutdown). */
export function closeMailers(): void {
  for (const m of mailers.values()) m.close();
  mailers.clear();
}

defineJob<{ id: string }>(
  EMAIL_JOB,
  async ({ db, config, job }, { id }) => {
    const n = await repo.forEmail(db, id);
    if (!n || n.emailState === 'SENT') return;
    const m = mailer(config);
    // The account went, lost its address, or mail was switched off since: nothing to send.
    if (!m || !n.email || n.status !== 'ACTIVE') {
      await repo.setEmailState(db, id, 'SKIPPED', null);
      return;
    }
    const locale = asLocale(n.locale);
    const attach = notificationKind(n.kind)?.attachments;
    try {
      const attachments =
        attach && n.mailAttachmentRef
          ? await attach(n.mailAttachmentRef, { db, config, locale })
          : [];
      await m.send({
        to: n.email,
        subject: n.title,
        text: mailText(n, locale, config.publicUrl),
        ...(attachments.length ? { attachments } : {}),
      });
    } catch (e) {
      if (job.attempt >= job.maxAttempts) await repo.setEmailState(db, id, 'FAILED', null);
      throw e;
    }
    await repo.setEmailState(db, id, 'SENT', nowIso());
  },
  {
    maxAttempts: 6,
    backoff: { baseMs: 60_000, factor: 2, maxMs: 3_600_000 },
    label: { 'zh-CN': '发送通知邮件', 'en-US': 'Send a notification e-mail' },
  },
);

defineJob<{ userId: string; templateId: string; params: Record<string, string> }>(
  SMS_JOB,
  async ({ db }, { userId, templateId, params }) => {
    const sender = smsSender();
    const to = await db
      .selectFrom('users')
      .select(['phone', 'status'])
      .where('id', '=', userId)
      .executeTakeFirst();
    // No provider any more, no number, or the account went: nothing to send.
    if (!sender || !to?.phone || to.status !== 'ACTIVE') return;
    await sender.send(to.phone, templateId, params);
  },
  {
    maxAttempts: 4,
    backoff: { baseMs: 30_000, factor: 2, maxMs: 600_000 },
    label: { 'zh-CN': '发送通知短信', 'en-US': 'Send a notification SMS' },
  },
);

/** How long a message stays in the inbox. */
const KEEP_MS = 365 * 86_400_000;

defineJob(
  'notify.prune',
  async ({ db, now }) => {
    const before = nowIso(now - KEEP_MS);
    while ((await repo.deleteOlderThan(db, before, 1000)) === 1000);
  },
  {
    maxAttempts: 3,
    label: { 'zh-CN': '清理一年前的消息', 'en-US': 'Prune messages older than a year' },
  },
);
schedule('notify.prune', { dailyAt: '03:50' });
