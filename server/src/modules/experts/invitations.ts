/**
 * E-mail invitations to join the expert directory (科普专家库, issue 13 §1). A unit's administrator
 * (or the office) invites people by address; each gets a zh-CN mail with a one-time link
 * `KEPU_PUBLIC_URL/join/expert/<token>`, valid 14 days. The mail goes from a job (never the
 * request); the job makes the token and keeps only its sha256, so the token exists in the mail
 * alone — a resend makes a new one and the earlier link ends. Whoever opens the link signed in
 * accepts: they get the REVIEWER role on the inviting unit — what its administrator could grant
 * them by hand, checked again at acceptance — and an empty profile tied to the unit.
 */
import { type RequestContext, recordAudit } from '#platform/audit.ts';
import { LIMITS, reserveAttempt } from '#platform/auth/throttle.ts';
import type { Config } from '#platform/config.ts';
import { type Db, type Executor, lockChain } from '#platform/db/connect.ts';
import { AppError, ruleError } from '#platform/errors.ts';
import { chinaDateTime, newId, newToken, nowIso, sha256 } from '#platform/ids.ts';
import { defineJob } from '#platform/jobs/define.ts';
import { enqueue } from '#platform/jobs/runner.ts';
import { sendMail } from '#platform/notify/notify.ts';
import {
  type Actor,
  authorize,
  can,
  type Grant,
  type Role,
  scopeOf,
  signedIn,
} from '#platform/policy.ts';
import { requireOrganisationRef } from '../organisations/service.ts';
import { grantRole } from '../users/service.ts';
import './invitation-personal.ts';
import './policy.ts';
import type {
  InvitationListQuery,
  InvitationStatus,
  InviteExpertsInput,
} from './invitation-schema.ts';
import * as repo from './invitations-repo.ts';
import { EMPTY_PROFILE } from './repo.ts';

/** How long a link works: 14 days from the invitation (or its last resend). */
export const INVITATION_MS = 14 * 86_400_000;
/** Invitation mails one administrator may ask for in 24 hours (invites and resends). */
export const DAILY_LIMIT = 200;
const DAY_MS = 86_400_000;
/** A resend waits this long after the last mail to the same address. */
const RESEND_QUIET_MS = 10 * 60_000;
const JOB = 'experts.invitationMail';
/** Where an accepted invitation sends the person: their expert profile in the console. */
const PROFILE_PATH = '/admin/expert-profile';

const NO_MAIL = () =>
  ruleError(
    'RULE_BROKEN',
    '平台尚未配置发信服务，无法发送邀请邮件；请联系平台管理员',
    'The platform has no mail server set up, so invitations cannot be mailed; ask the platform administrator',
  );

export function statusOf(
  r: { acceptedAt: string | null; revokedAt: string | null; expiresAt: string },
  now = nowIso(),
): InvitationStatus {
  if (r.acceptedAt) return 'ACCEPTED';
  if (r.revokedAt) return 'REVOKED';
  return r.expiresAt <= now ? 'EXPIRED' : 'PENDING';
}

function present(r: repo.InvitationRow) {
  return {
    id: r.id,
    organisationId: r.organisationId,
    organisationName: r.organisationName,
    email: r.email,
    name: r.name,
    message: r.message,
    status: statusOf(r),
    invitedByName: r.invitedByName,
    createdAt: r.createdAt,
    expiresAt: r.expiresAt,
    sentAt: r.sentAt,
    acceptedAt: r.acceptedAt,
    acceptedByName: r.acceptedByName ?? null,
    revokedAt: r.revokedAt,
  };
}

const dayAgo = (now: number) => nowIso(now - DAY_MS);

/** Refuses when `n` more mails would pass the administrator's daily limit (429 with what is left). */
async function checkLimit(tx: Executor, userId: string, n: number, now: number) {
  const sent = await repo.sendsSince(tx, userId, dayAgo(now));
  if (sent + n > DAILY_LIMIT)
    throw new AppError('INVITATION_LIMIT', {
      max: DAILY_LIMIT,
      left: Math.max(0, DAILY_LIMIT - sent),
    });
  return sent;
}

/** Invites people by address into a unit's part of the directory; one answer per address. */
export async function inviteExperts(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  config: Config,
  input: InviteExpertsInput,
) {
  const org = await requireOrganisationRef(db, input.organisationId);
  const me = authorize(actor, 'expert.invite', { orgPath: org.path });
  if (!org.active)
    throw ruleError('RULE_BROKEN', '该单位已停用', 'The organisation is deactivated');
  if (!config.smtpUrl) throw NO_MAIL();
  const now = Date.now();
  const at = nowIso(now);
  const invitees = input.invitees.map((p) => ({
    email: p.email.trim().toLowerCase(),
    name: p.name,
  }));
  return db.transaction().execute(async (tx) => {
    // One administrator's requests one at a time (the limit), one unit's addresses one at a time.
    await lockChain(tx, ctx.dialect, `expert-invite-by:${me.userId}`);
    await lockChain(tx, ctx.dialect, `expert-invite-org:${org.id}`);
    const emails = [...new Set(invitees.map((p) => p.email))];
    const [experts, open] = await Promise.all([
      repo.expertEmails(tx, emails),
      repo.openInvitations(tx, org.id, emails),
    ]);
    const openBy = new Map(open.map((o) => [o.email, o]));
    const seen = new Set<string>();
    type Outcome = 'INVITED' | 'ALREADY_INVITED' | 'ALREADY_EXPERT' | 'REPEATED';
    const plan = invitees.map((p) => {
      let outcome: Outcome = 'INVITED';
      const existing = openBy.get(p.email);
      if (seen.has(p.email)) outcome = 'REPEATED';
      else if (experts.has(p.email)) outcome = 'ALREADY_EXPERT';
      else if (existing && existing.expiresAt > at) outcome = 'ALREADY_INVITED';
      seen.add(p.email);
      return { ...p, outcome, existing, id: existing?.id ?? null };
    });
    const toSend = plan.filter((p) => p.outcome === 'INVITED');
    const sent = await checkLimit(tx, me.userId, toSend.length, now);
    const expiresAt = nowIso(now + INVITATION_MS);
    for (const p of toSend) {
      if (p.existing) {
        // An open invitation that ran out is renewed (a new link, 14 days).
        await repo.renewInvitation(tx, p.existing.id, {
          name: p.name,
          message: input.message,
          invitedBy: me.userId,
          expiresAt,
        });
      } else {
        p.id = newId();
        await repo.insertInvitation(tx, {
          id: p.id,
          organisationId: org.id,
          email: p.email,
          name: p.name,
          message: input.message,
          tokenHash: null,
          invitedBy: me.userId,
          createdAt: at,
          expiresAt,
          sentAt: null,
          acceptedAt: null,
          acceptedUserId: null,
          revokedAt: null,
          revokedBy: null,
        });
      }
      await enqueue(tx, JOB, { invitationId: p.id }, { dedupeKey: p.id! });
      await recordAudit(tx, ctx, {
        action: 'expertInvitation.create',
        entityType: 'expertInvitation',
        entityId: p.id!,
        organisationId: org.id,
        detail: { expiresAt },
        personal: { email: p.email, displayName: p.name },
      });
    }
    await repo.recordSends(
      tx,
      toSend.map((p) => ({ id: newId(), invitationId: p.id!, sentBy: me.userId, createdAt: at })),
    );
    return {
      results: plan.map((p) => ({
        email: p.email,
        name: p.name,
        outcome: p.outcome,
        invitationId: p.outcome === 'INVITED' || p.outcome === 'ALREADY_INVITED' ? p.id : null,
      })),
      sentToday: sent + toSend.length,
      dailyLimit: DAILY_LIMIT,
    };
  });
}

/** Invitations of the units the actor administers (all, for the office), paged and filtered. */
export async function listInvitations(
  db: Db,
  actor: Actor | null,
  config: Config,
  q: InvitationListQuery,
) {
  const me = authorize(actor, 'expert.invitations');
  if (q.organisationId) {
    const org = await requireOrganisationRef(db, q.organisationId);
    authorize(me, 'expert.invite', { orgPath: org.path });
  }
  const now = Date.now();
  const [{ rows, total }, sentToday] = await Promise.all([
    repo.listInvitations(
      db,
      {
        scope: scopeOf(me, ['ORG_ADMIN']),
        organisationId: q.organisationId,
        status: q.status,
        now: nowIso(now),
      },
      { offset: (q.page - 1) * q.pageSize, limit: q.pageSize },
    ),
    repo.sendsSince(db, me.userId, dayAgo(now)),
  ]);
  return {
    items: rows.map(present),
    total,
    page: q.page,
    pageSize: q.pageSize,
    mailConfigured: !!config.smtpUrl,
    dailyLimit: DAILY_LIMIT,
    sentToday,
  };
}

/** Loads an invitation for its unit's administrators (404 when there is none). */
async function loadForAdmin(tx: Executor, actor: Actor | null, id: string) {
  const inv = await repo.findInvitation(tx, id);
  if (!inv) {
    authorize(actor, 'expert.invitations');
    throw new AppError('NOT_FOUND');
  }
  const me = authorize(actor, 'expert.invite', { orgPath: inv.orgPath });
  return { inv, me };
}

export async function revokeInvitation(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
) {
  await db.transaction().execute(async (tx) => {
    const { inv, me } = await loadForAdmin(tx, actor, id);
    if (!(await repo.revokeInvitation(tx, id, me.userId, nowIso())))
      throw ruleError(
        'STATE_CONFLICT',
        inv.acceptedAt ? '该邀请已被接受，不能撤销' : '该邀请已撤销',
        inv.acceptedAt
          ? 'The invitation was accepted already'
          : 'The invitation was revoked already',
      );
    await recordAudit(tx, ctx, {
      action: 'expertInvitation.revoke',
      entityType: 'expertInvitation',
      entityId: id,
      organisationId: inv.organisationId,
      personal: { email: inv.email, displayName: inv.name },
    });
  });
  return present((await repo.findInvitation(db, id))!);
}

/** Mails the invitation again with a new link (the old one ends) and 14 more days. */
export async function resendInvitation(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  config: Config,
  id: string,
) {
  await db.transaction().execute(async (tx) => {
    const { inv, me } = await loadForAdmin(tx, actor, id);
    const status = statusOf(inv);
    if (status === 'ACCEPTED' || status === 'REVOKED')
      throw ruleError(
        'STATE_CONFLICT',
        status === 'ACCEPTED' ? '该邀请已被接受，无需重发' : '该邀请已撤销，不能重发',
        status === 'ACCEPTED'
          ? 'The invitation was accepted: nothing to resend'
          : 'The invitation was revoked: it cannot be resent',
      );
    if (!config.smtpUrl) throw NO_MAIL();
    await lockChain(tx, ctx.dialect, `expert-invite-by:${me.userId}`);
    const now = Date.now();
    const last = await repo.lastSendOf(tx, id);
    if (last && Date.parse(last) + RESEND_QUIET_MS > now)
      throw new AppError('RATE_LIMITED_FOR', {
        minutes: Math.max(1, Math.ceil((Date.parse(last) + RESEND_QUIET_MS - now) / 60_000)),
      });
    await checkLimit(tx, me.userId, 1, now);
    const expiresAt = nowIso(now + INVITATION_MS);
    await repo.extendInvitation(tx, id, expiresAt);
    await repo.recordSends(tx, [
      { id: newId(), invitationId: id, sentBy: me.userId, createdAt: nowIso(now) },
    ]);
    await enqueue(tx, JOB, { invitationId: id }, { dedupeKey: id });
    await recordAudit(tx, ctx, {
      action: 'expertInvitation.resend',
      entityType: 'expertInvitation',
      entityId: id,
      organisationId: inv.organisationId,
      detail: { expiresAt },
      personal: { email: inv.email, displayName: inv.name },
    });
  });
  return present((await repo.findInvitation(db, id))!);
}

/**
 * The invitation behind a link, for a person who may not have an account. Unknown tokens count
 * against the address's guesses (as reset links do); a known one answers even when it can no
 * longer be used, with the reason.
 */
async function byToken(db: Db, token: string, ip: string | null) {
  const attempt = await reserveAttempt(db, [{ key: `token:${ip}`, limit: LIMITS.tokenGuess }]);
  const inv = await repo.findByTokenHash(db, sha256(token));
  return attempt.expect(inv, 'INVITATION_LINK_UNKNOWN');
}

function assertUsable(inv: repo.InvitationRow, now = nowIso()) {
  switch (statusOf(inv, now)) {
    case 'ACCEPTED':
      throw ruleError(
        'STATE_CONFLICT',
        '这份邀请已经被接受过，链接不能再次使用',
        'This invitation was accepted already: the link works once',
      );
    case 'REVOKED':
      throw ruleError(
        'STATE_CONFLICT',
        `${inv.organisationName}已撤销这份邀请`,
        `${inv.organisationName} withdrew this invitation`,
      );
    case 'EXPIRED':
      throw ruleError(
        'STATE_CONFLICT',
        `这份邀请已于 ${chinaDateTime(inv.expiresAt)} 过期，请联系${inv.organisationName}重新发送`,
        `This invitation expired on ${chinaDateTime(inv.expiresAt)}; ask ${inv.organisationName} to send it again`,
      );
    case 'PENDING':
      return;
  }
}

/** What the link's page shows: who invites, from which unit, whom. */
export async function publicInvitation(db: Db, token: string, ip: string | null) {
  const inv = await byToken(db, token, ip);
  assertUsable(inv);
  return {
    organisationName: inv.organisationName,
    inviterName: inv.invitedByName,
    inviteeName: inv.name,
    message: inv.message,
    expiresAt: inv.expiresAt,
  };
}

/**
 * The inviter as the policies see them now: an invitation grants only what its inviter could
 * still grant by hand (REVIEWER on the unit, `grant.manage`), so a removed or disabled
 * administrator's open invitations stop working.
 */
async function inviterMayStillGrant(tx: Executor, inv: repo.InvitationRow) {
  const rows = await repo.grantsWithPaths(tx, inv.invitedBy);
  if (rows.length === 0 || rows[0]!.status !== 'ACTIVE') return false;
  const inviter: Actor = {
    userId: inv.invitedBy,
    username: rows[0]!.username,
    grants: rows.map(
      (g): Grant => ({
        id: g.id,
        role: g.role as Role,
        organisationId: g.organisationId,
        orgPath: g.orgPath ?? null,
      }),
    ),
    mfaPassed: true,
  };
  return can(inviter, 'grant.manage', { orgPath: inv.orgPath });
}

/**
 * A signed-in person takes the invitation (whatever their account's address; the acceptor is
 * recorded): REVIEWER on the inviting unit unless held, the unit as home if they have none, and
 * an empty profile tied to the unit unless they have one.
 */
export async function acceptInvitation(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  token: string,
) {
  const me = signedIn(actor);
  const found = await byToken(db, token, ctx.ip);
  await db.transaction().execute(async (tx) => {
    const inv = (await repo.findInvitation(tx, found.id))!;
    const at = nowIso();
    assertUsable(inv, at);
    if (!inv.orgActive)
      throw ruleError(
        'STATE_CONFLICT',
        `${inv.organisationName}已停用，这份邀请不能再接受`,
        `${inv.organisationName} is deactivated: the invitation can no longer be accepted`,
      );
    if (!(await inviterMayStillGrant(tx, inv)))
      throw ruleError(
        'STATE_CONFLICT',
        `邀请人已不再是${inv.organisationName}的管理员，这份邀请不能再接受；请联系该单位重新邀请`,
        `The inviter no longer administers ${inv.organisationName}: ask the unit to invite you again`,
      );
    if (!(await repo.acceptInvitation(tx, inv.id, me.userId, at)))
      throw ruleError('STATE_CONFLICT', '这份邀请刚刚已被处理', 'The invitation was just settled');
    const granted = !(await repo.hasGrant(tx, me.userId, 'REVIEWER', inv.organisationId));
    if (granted) await grantRole(tx, me.userId, 'REVIEWER', inv.organisationId, inv.invitedBy);
    await repo.homeIfNone(tx, me.userId, inv.organisationId);
    const profiled = await repo.ensureProfile(tx, me.userId, inv.organisationId, at, EMPTY_PROFILE);
    await recordAudit(tx, ctx, {
      action: 'expertInvitation.accept',
      entityType: 'user',
      entityId: me.userId,
      organisationId: inv.organisationId,
      detail: { invitationId: inv.id, role: 'REVIEWER', granted, profile: profiled },
    });
  });
  return { organisationName: found.organisationName, next: PROFILE_PATH };
}

/** The invitation mail, in zh-CN (the person may have no account, so no language of their own). */
export function invitationMail(p: {
  inviteeName: string;
  inviterName: string;
  organisationName: string;
  message: string;
  url: string;
  expiresAt: string;
}) {
  const quote = p.message
    ? `\n${p.inviterName}留言：\n${p.message
        .split('\n')
        .map((l) => `> ${l}`)
        .join('\n')}\n`
    : '';
  return {
    subject: `${p.organisationName}邀请您加入自然资源科普专家库`,
    text: `${p.inviteeName}，您好：\n\n${p.organisationName}的${p.inviterName}邀请您加入自然资源科普服务平台的科普专家库。加入后，您可以填写自己的专家资料（职称、专业领域、可以参与的工作等），参与评审、科普讲座和应急科普，并自行决定是否在门户网站上公开专家主页。\n${quote}\n请在 ${chinaDateTime(p.expiresAt)} 前打开下面的链接接受邀请（链接只能使用一次）。如果您还没有平台账号，可以在打开链接后注册：\n\n${p.url}\n\n如果您不认识邀请人，或不想加入，请忽略这封邮件。\n\n——\n自然资源科普服务平台`,
  };
}

/**
 * A new link token for an open invitation in time (its hash replaces the last one, so an earlier
 * link ends); null when the invitation can no longer be taken. The mail job's first step.
 */
export async function mintToken(db: Executor, invitationId: string, now = Date.now()) {
  const token = newToken(32);
  return (await repo.setToken(db, invitationId, sha256(token), nowIso(now))) ? token : null;
}

/**
 * Sends one invitation's mail: a new token (its hash replaces the last one, so an earlier link
 * ends), then the mail. Nothing for an invitation that was accepted, revoked or ran out meanwhile.
 */
defineJob<{ invitationId: string }>(
  JOB,
  async ({ db, config, now }, { invitationId }) => {
    if (!config.smtpUrl) return;
    const inv = await repo.findInvitation(db, invitationId);
    if (!inv || statusOf(inv, nowIso(now)) !== 'PENDING') return;
    const token = await mintToken(db, inv.id, now);
    if (!token) return;
    const base = config.publicUrl.replace(/\/$/, '');
    await sendMail(config, {
      to: inv.email,
      ...invitationMail({
        inviteeName: inv.name,
        inviterName: inv.invitedByName,
        organisationName: inv.organisationName,
        message: inv.message,
        url: `${base}/join/expert/${token}`,
        expiresAt: inv.expiresAt,
      }),
    });
  },
  {
    maxAttempts: 6,
    backoff: { baseMs: 60_000, factor: 2, maxMs: 3_600_000 },
    label: { 'zh-CN': '发送专家库邀请邮件', 'en-US': 'Mail an expert directory invitation' },
  },
);
