import type { z } from 'zod';
import { type RequestContext, recordAudit } from '#platform/audit.ts';
import { checkPassword, hashPassword } from '#platform/auth/passwords.ts';
import { deleteOtherSessions } from '#platform/auth/sessions.ts';
import { accountKey, clearKey, lockedUntil } from '#platform/auth/throttle.ts';
import type { SecurityProfile } from '#platform/config.ts';
import {
  type Db,
  type DialectName,
  type Executor,
  lockChain,
  type Tx,
} from '#platform/db/connect.ts';
import { AppError, fieldErrors, ruleError } from '#platform/errors.ts';
import { buildXlsx } from '#platform/export/xlsx.ts';
import { newId, newToken, nowIso, sha256 } from '#platform/ids.ts';
import { type Actor, authorize, can, type Resource, type Role, scopeOf } from '#platform/policy.ts';
import { deleteRecoveryCodes, endPasswordResets, insertPasswordReset } from '../accounts/repo.ts';
import { requireOrganisationRef } from '../organisations/service.ts';
import './policy.ts';

/** A reset link an administrator issues works once, for 24 hours. */
const RESET_LINK_MS = 24 * 3600_000;

import * as repo from './repo.ts';
import type {
  CreateGrantSchema,
  CreateInvitationSchema,
  CreateUserSchema,
  ListUsersQuery,
  UpdateUserSchema,
  User,
} from './schema.ts';

/** A role a person holds, on a named organisation (none: platform-wide). */
export function presentGrant(g: repo.GrantRow) {
  return {
    id: g.id,
    role: g.role as Role,
    organisationId: g.organisationId,
    organisationName: g.organisationName,
  };
}

/** What a caller may see of a person: contact data only when they may manage them. */
export function presentUser(
  row: repo.UserWithHome,
  grants: repo.GrantRow[],
  view: { managed: boolean; lockedUntil?: string | null },
): User {
  const own = grants.filter((g) => g.userId === row.id);
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    email: view.managed ? row.email : null,
    phone: view.managed ? row.phone : null,
    status: row.status,
    totpEnabled: row.totpEnabledAt !== null,
    managed: view.managed,
    homeOrganisationId: row.homeOrganisationId,
    homeOrganisationName: row.homeName,
    hasPassword: row.passwordHash !== null,
    lastLoginAt: row.lastLoginAt,
    temporaryPassword: row.mustChangePassword === 1,
    lockedUntil: view.managed ? (view.lockedUntil ?? null) : null,
    grants: own.map((g) => ({ ...presentGrant(g), createdAt: g.createdAt })),
    createdAt: row.createdAt,
  };
}

/**
 * The person as the user policies see them: their home units (the primary unit, or else every
 * unit they hold a role in) and whether they are a platform administrator.
 */
function subjectOf(row: repo.UserWithHome, grants: repo.GrantRow[]): Resource {
  const own = grants.filter((g) => g.userId === row.id);
  return {
    ownerId: row.id,
    homePaths: row.homePath
      ? [row.homePath]
      : own.filter((g) => g.orgPath !== null).map((g) => g.orgPath!),
    platformAdmin: own.some((g) => g.role === 'PLATFORM_ADMIN'),
  };
}

function mayRead(actor: Actor, row: repo.UserWithHome, grants: repo.GrantRow[]): boolean {
  const subject = subjectOf(row, grants);
  if (can(actor, 'user.read', subject)) return true;
  // Someone holding a role in the actor's units: seen (name, roles), not managed.
  return grants.some(
    (g) =>
      g.userId === row.id && g.orgPath !== null && can(actor, 'user.read', { orgPath: g.orgPath }),
  );
}

export function mayManage(actor: Actor, row: repo.UserWithHome, grants: repo.GrantRow[]): boolean {
  return can(actor, 'user.manage', subjectOf(row, grants));
}

/**
 * Loads a person the actor may see (404 otherwise: an id is not a key to anything) and, for
 * `manage`, one they may manage (403).
 */
async function loadUser(db: Executor, actor: Actor | null, id: string, need: 'read' | 'manage') {
  if (!actor) throw new AppError('UNAUTHENTICATED');
  const row = await repo.findUserWithHome(db, id);
  if (!row || row.status === 'DELETED') throw new AppError('NOT_FOUND');
  const grants = await repo.grantsOf(db, [id]);
  if (!mayRead(actor, row, grants)) throw new AppError('NOT_FOUND');
  const managed = mayManage(actor, row, grants);
  if (need === 'manage' && !managed) throw new AppError('FORBIDDEN');
  return { row, grants, managed };
}

async function presentOne(db: Executor, actor: Actor, id: string): Promise<User> {
  const { row, grants, managed } = await loadUser(db, actor, id, 'read');
  const locks = managed ? await lockedUntil(db, [accountKey(row.username)]) : new Map();
  return presentUser(row, grants, {
    managed,
    lockedUntil: locks.get(accountKey(row.username)) ?? null,
  });
}

export async function getUser(db: Db, actor: Actor | null, id: string): Promise<User> {
  await loadUser(db, actor, id, 'read');
  return presentOne(db, actor!, id);
}

export async function listUsers(db: Db, actor: Actor | null, q: ListUsersQuery) {
  authorize(actor, 'user.list');
  let rootPath: string | undefined;
  if (q.organisationId) rootPath = (await requireOrganisationRef(db, q.organisationId)).path;
  const { rows, total } = await repo.listUsers(
    db,
    { ...q, rootPath },
    scopeOf(actor, ['ORG_ADMIN']),
  );
  const grants = await repo.grantsOf(
    db,
    rows.map((r) => r.id),
  );
  const locks = await lockedUntil(
    db,
    rows.map((r) => accountKey(r.username)),
  );
  return {
    items: rows.map((r) => {
      const managed = mayManage(actor!, r, grants);
      return presentUser(r, grants, {
        managed,
        lockedUntil: locks.get(accountKey(r.username)) ?? null,
      });
    }),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** Checks the password rules and throws WEAK_PASSWORD with the reason. */
export function assertPasswordAcceptable(
  password: string,
  profile: SecurityProfile,
  username: string,
): void {
  const problem = checkPassword(password, profile, { username });
  if (problem)
    throw new AppError('WEAK_PASSWORD', { reason: { 'zh-CN': problem.zh, 'en-US': problem.en } });
}

/** Inserts a user row (shared by registration, setup and admin creation); the caller audits. */
export async function insertNewUser(
  tx: Executor,
  input: {
    username: string;
    password: string;
    displayName: string;
    email?: string | null;
    phone?: string | null;
    birthYear?: number | null;
    guardian?: { name: string; contact: string } | null;
    homeOrganisationId?: string | null;
  },
): Promise<repo.UserRow> {
  const username = input.username.toLowerCase();
  if (await repo.findUserByUsername(tx, username)) throw new AppError('USERNAME_TAKEN');
  const at = nowIso();
  const row: repo.UserRow = {
    id: newId(),
    username,
    displayName: input.displayName,
    email: input.email ?? null,
    phone: input.phone ?? null,
    passwordHash: await hashPassword(input.password),
    locale: 'zh-CN',
    birthYear: input.birthYear ?? null,
    guardianName: input.guardian?.name ?? null,
    guardianContact: input.guardian?.contact ?? null,
    guardianConsentAt: input.guardian ? at : null,
    totpSecret: null,
    totpEnabledAt: null,
    status: 'ACTIVE',
    passwordChangedAt: at,
    createdAt: at,
    updatedAt: at,
    homeOrganisationId: input.homeOrganisationId ?? null,
    lastLoginAt: null,
    mustChangePassword: 0,
    totpLastStep: null,
    totpPendingSecret: null,
    totpPendingAt: null,
  };
  await repo.insertUser(tx, row);
  return row;
}

export async function grantRole(
  tx: Executor,
  userId: string,
  role: Role,
  organisationId: string | null,
  grantedBy: string | null,
) {
  const row = { id: newId(), userId, role, organisationId, grantedBy, createdAt: nowIso() };
  await repo.insertGrant(tx, row);
  return row;
}

export async function createUser(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  profile: SecurityProfile,
  input: z.infer<typeof CreateUserSchema>,
): Promise<User> {
  const org = await requireOrganisationRef(db, input.organisationId);
  authorize(actor, 'user.create', { orgPath: org.path });
  if (input.role === 'PLATFORM_ADMIN')
    throw ruleError(
      'RULE_BROKEN',
      '平台管理员角色只能由平台管理员在用户详情中授予',
      'Grant PLATFORM_ADMIN from the user’s page',
    );
  assertPasswordAcceptable(input.password, profile, input.username);
  const user = await db.transaction().execute(async (tx) => {
    const row = await insertNewUser(tx, { ...input, homeOrganisationId: org.id });
    await grantRole(tx, row.id, input.role, org.id, actor!.userId);
    await recordAudit(tx, ctx, {
      action: 'user.create',
      entityType: 'user',
      entityId: row.id,
      organisationId: org.id,
      detail: { role: input.role },
      personal: { username: row.username },
    });
    return row;
  });
  return presentOne(db, actor!, user.id);
}

/**
 * Serialises changes to who is a platform administrator and refuses one that would leave none
 * active (409). Call inside the transaction that makes the change.
 */
export async function assertNotLastPlatformAdmin(
  tx: Tx,
  dialect: DialectName,
  userId?: string,
): Promise<void> {
  await lockChain(tx, dialect, 'platform_admins');
  const ids = await repo.activePlatformAdminIds(tx);
  if ((userId === undefined || ids.includes(userId)) && ids.length <= 1)
    throw new AppError('LAST_PLATFORM_ADMIN');
}

export async function updateUser(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  patch: z.infer<typeof UpdateUserSchema>,
): Promise<User> {
  await db.transaction().execute(async (tx) => {
    const { row } = await loadUser(tx, actor, id, 'manage');
    if (patch.status === 'DISABLED' && id === actor!.userId)
      throw ruleError('RULE_BROKEN', '不能停用自己的账号', 'You cannot disable your own account');
    if (patch.status === 'DISABLED' && row.status === 'ACTIVE')
      await assertNotLastPlatformAdmin(tx, ctx.dialect, id);
    await repo.updateUser(tx, id, { ...patch, updatedAt: nowIso() });
    if (patch.status === 'DISABLED') await deleteOtherSessions(tx, id, null);
    // Name and contacts go to the erasable personal part of the audit row.
    const { displayName, email, phone, ...rest } = patch;
    await recordAudit(tx, ctx, {
      action: 'user.update',
      entityType: 'user',
      entityId: id,
      detail: { patch: rest },
      personal: { displayName, email, phone },
    });
  });
  return presentOne(db, actor!, id);
}

export async function addGrant(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  userId: string,
  input: z.infer<typeof CreateGrantSchema>,
): Promise<User> {
  await db.transaction().execute(async (tx) => {
    const { row, grants, managed } = await loadUser(tx, actor, userId, 'read');
    if (input.role === 'PLATFORM_ADMIN') {
      authorize(actor, 'grant.managePlatformAdmin');
      if (input.organisationId !== null)
        throw ruleError(
          'RULE_BROKEN',
          '平台管理员角色是全局角色，不绑定组织',
          'PLATFORM_ADMIN is global: leave the organisation empty',
        );
      if (row.status !== 'ACTIVE')
        throw ruleError('STATE_CONFLICT', '该账号已停用', 'The account is disabled');
      await lockChain(tx, ctx.dialect, 'platform_admins');
    } else {
      if (!input.organisationId)
        throw ruleError(
          'RULE_BROKEN',
          '请选择授予角色的组织',
          'Choose the organisation the role is granted on',
        );
      const org = await requireOrganisationRef(tx, input.organisationId);
      authorize(actor, 'grant.manage', { orgPath: org.path });
      // A person from elsewhere joins by accepting an invitation.
      if (!managed) throw new AppError('USER_OUTSIDE_SCOPE');
    }
    const existing = await repo.grantsOf(tx, [userId]);
    if (existing.some((g) => g.role === input.role && g.organisationId === input.organisationId))
      throw ruleError('STATE_CONFLICT', '该用户已拥有此角色', 'The user already has this role');
    const grant = await grantRole(tx, userId, input.role, input.organisationId, actor!.userId);
    // A person with no unit yet (registered on the portal) is homed where they are first placed.
    if (!row.homeOrganisationId && input.organisationId && grants.every((g) => !g.organisationId))
      await repo.updateUser(tx, userId, { homeOrganisationId: input.organisationId });
    await recordAudit(tx, ctx, {
      action: 'grant.create',
      entityType: 'user',
      entityId: userId,
      organisationId: input.organisationId,
      detail: { grantId: grant.id, role: input.role },
    });
  });
  return presentOne(db, actor!, userId);
}

export async function removeGrant(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  userId: string,
  grantId: string,
) {
  await db.transaction().execute(async (tx) => {
    await loadUser(tx, actor, userId, 'read');
    const grant = await repo.findGrant(tx, grantId);
    if (!grant || grant.userId !== userId) throw new AppError('NOT_FOUND');
    if (grant.role === 'PLATFORM_ADMIN') {
      authorize(actor, 'grant.managePlatformAdmin');
      await assertNotLastPlatformAdmin(tx, ctx.dialect, userId);
    } else {
      // A unit's administrator may take back a role on their unit, whoever holds it.
      authorize(actor, 'grant.manage', { orgPath: grant.orgPath ?? '' });
    }
    await repo.deleteGrant(tx, grantId);
    await recordAudit(tx, ctx, {
      action: 'grant.delete',
      entityType: 'user',
      entityId: userId,
      organisationId: grant.organisationId,
      detail: { grantId, role: grant.role },
    });
  });
  return presentOne(db, actor!, userId).catch((e) => {
    // The actor may no longer see the person once the role is gone.
    if (e instanceof AppError && e.code === 'NOT_FOUND') return null;
    throw e;
  });
}

/** A one-time link (24 hours) for the person to set a new password; earlier links end. */
export async function issueResetLink(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  publicUrl: string,
  userId: string,
) {
  const token = newToken(32);
  const expiresAt = nowIso(Date.now() + RESET_LINK_MS);
  await db.transaction().execute(async (tx) => {
    const { row } = await loadUser(tx, actor, userId, 'manage');
    if (row.status !== 'ACTIVE')
      throw ruleError('STATE_CONFLICT', '该账号已停用，请先启用', 'Enable the account first');
    await endPasswordResets(tx, userId);
    await insertPasswordReset(tx, {
      tokenHash: sha256(token),
      userId,
      createdBy: actor!.userId,
      createdAt: nowIso(),
      expiresAt,
      usedAt: null,
    });
    await recordAudit(tx, ctx, {
      action: 'user.resetLinkIssued',
      entityType: 'user',
      entityId: userId,
      detail: { expiresAt },
    });
  });
  // The token travels in the fragment: it never reaches a server log.
  return { url: `${publicUrl}/reset-password#${token}`, expiresAt };
}

/** A temporary password the person must change at their next sign-in; their sessions end. */
export async function setTemporaryPassword(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  profile: SecurityProfile,
  userId: string,
  password: string,
): Promise<User> {
  const { row } = await loadUser(db, actor, userId, 'manage');
  assertPasswordAcceptable(password, profile, row.username);
  const passwordHash = await hashPassword(password);
  await db.transaction().execute(async (tx) => {
    await loadUser(tx, actor, userId, 'manage');
    const at = nowIso();
    await repo.updateUser(tx, userId, {
      passwordHash,
      passwordChangedAt: at,
      mustChangePassword: 1,
      updatedAt: at,
    });
    await endPasswordResets(tx, userId);
    await deleteOtherSessions(tx, userId, null);
    await clearKey(tx, accountKey(row.username));
    await recordAudit(tx, ctx, {
      action: 'user.temporaryPassword',
      entityType: 'user',
      entityId: userId,
    });
  });
  return presentOne(db, actor!, userId);
}

/** Lifts a sign-in lock (after failed passwords or codes) so the person can try again. */
export async function unlockUser(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  userId: string,
): Promise<User> {
  await db.transaction().execute(async (tx) => {
    const { row } = await loadUser(tx, actor, userId, 'manage');
    await clearKey(tx, accountKey(row.username));
    await clearKey(tx, `totp:${userId}`);
    await clearKey(tx, `recheck:${userId}`);
    await recordAudit(tx, ctx, { action: 'user.unlock', entityType: 'user', entityId: userId });
  });
  return presentOne(db, actor!, userId);
}

/**
 * A platform administrator resets someone's TOTP (lost phone): the secret and recovery codes go,
 * sessions end, and a platform administrator enrols again at the next sign-in. Audited with why.
 */
export async function resetTotp(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  userId: string,
  reason: string,
): Promise<User> {
  authorize(actor, 'user.resetTotp');
  if (userId === actor!.userId)
    throw ruleError(
      'RULE_BROKEN',
      '不能重置自己的动态口令；请使用恢复码登录，或请另一位平台管理员操作',
      'You cannot reset your own TOTP: sign in with a recovery code or ask another platform administrator',
    );
  await db.transaction().execute(async (tx) => {
    const { row } = await loadUser(tx, actor, userId, 'manage');
    if (!row.totpEnabledAt && !row.totpPendingSecret)
      throw ruleError('STATE_CONFLICT', '该用户尚未绑定动态口令', 'This person has no TOTP set up');
    await repo.updateUser(tx, userId, {
      totpSecret: null,
      totpEnabledAt: null,
      totpLastStep: null,
      totpPendingSecret: null,
      totpPendingAt: null,
      updatedAt: nowIso(),
    });
    await deleteRecoveryCodes(tx, userId);
    await deleteOtherSessions(tx, userId, null);
    await clearKey(tx, `totp:${userId}`);
    await recordAudit(tx, ctx, {
      action: 'user.totpReset',
      entityType: 'user',
      entityId: userId,
      detail: { reason },
    });
  });
  return presentOne(db, actor!, userId);
}

const INVITATION_MS = 14 * 86_400_000;

function presentInvitation(r: repo.InvitationRow) {
  const expired = r.status === 'PENDING' && r.expiresAt < nowIso();
  return {
    id: r.id,
    role: r.role as Role,
    organisationId: r.organisationId,
    organisationName: r.organisationName,
    inviteeUsername: r.inviteeUsername,
    inviteeName: r.inviteeName,
    invitedByName: r.invitedByName,
    status: expired ? ('EXPIRED' as const) : r.status,
    createdAt: r.createdAt,
    expiresAt: r.expiresAt,
    decidedAt: r.decidedAt,
  };
}

/** Invites a person (by username) to take a role in one's unit; they accept or decline. */
export async function createInvitation(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  input: z.infer<typeof CreateInvitationSchema>,
) {
  const org = await requireOrganisationRef(db, input.organisationId);
  authorize(actor, 'grant.manage', { orgPath: org.path });
  if (!org.active)
    throw ruleError('RULE_BROKEN', '该组织已停用', 'The organisation is deactivated');
  const id = newId();
  await db.transaction().execute(async (tx) => {
    const user = await repo.findUserByUsername(tx, input.username);
    if (user?.status !== 'ACTIVE')
      throw fieldErrors([
        {
          field: 'username',
          zh: '没有这个用户名的在用账号',
          en: 'no active account has this username',
        },
      ]);
    const grants = await repo.grantsOf(tx, [user.id]);
    if (grants.some((g) => g.role === input.role && g.organisationId === org.id))
      throw ruleError('STATE_CONFLICT', '该用户已拥有此角色', 'The person already has this role');
    const pending = await repo.listInvitations(tx, { userId: user.id });
    if (
      pending.some(
        (p) =>
          p.status === 'PENDING' &&
          p.expiresAt > nowIso() &&
          p.organisationId === org.id &&
          p.role === input.role,
      )
    )
      throw ruleError(
        'STATE_CONFLICT',
        '已向该用户发出同样的邀请',
        'The same invitation is pending',
      );
    const at = nowIso();
    await repo.insertInvitation(tx, {
      id,
      userId: user.id,
      role: input.role,
      organisationId: org.id,
      invitedBy: actor!.userId,
      status: 'PENDING',
      createdAt: at,
      expiresAt: nowIso(Date.now() + INVITATION_MS),
      decidedAt: null,
    });
    await recordAudit(tx, ctx, {
      action: 'invitation.create',
      entityType: 'user',
      entityId: user.id,
      organisationId: org.id,
      detail: { invitationId: id, role: input.role },
    });
  });
  return presentInvitation((await repo.findInvitation(db, id))!);
}

/** Invitations of units the actor administers (or all, for platform administrators). */
export async function listInvitations(db: Db, actor: Actor | null, status?: string) {
  authorize(actor, 'user.list');
  const rows = await repo.listInvitations(db, { scope: scopeOf(actor, ['ORG_ADMIN']), status });
  return { items: rows.map(presentInvitation) };
}

export async function revokeInvitation(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
) {
  await db.transaction().execute(async (tx) => {
    const inv = await repo.findInvitation(tx, id);
    if (!inv) throw new AppError('NOT_FOUND');
    authorize(actor, 'grant.manage', { orgPath: inv.orgPath });
    if (!(await repo.decideInvitation(tx, id, 'REVOKED', nowIso())))
      throw ruleError('STATE_CONFLICT', '该邀请已处理', 'The invitation was already settled');
    await recordAudit(tx, ctx, {
      action: 'invitation.revoke',
      entityType: 'user',
      entityId: inv.userId,
      organisationId: inv.organisationId,
      detail: { invitationId: id },
    });
  });
  return presentInvitation((await repo.findInvitation(db, id))!);
}

export async function myInvitations(db: Db, actor: Actor) {
  const rows = await repo.listInvitations(db, { userId: actor.userId });
  return { items: rows.map(presentInvitation) };
}

export const pendingInvitationCount = repo.pendingInvitationCount;

/** The invitee accepts (the role is granted) or declines; once only. */
export async function decideMyInvitation(
  db: Db,
  actor: Actor,
  ctx: RequestContext,
  id: string,
  accept: boolean,
) {
  await db.transaction().execute(async (tx) => {
    const inv = await repo.findInvitation(tx, id);
    if (!inv || inv.userId !== actor.userId) throw new AppError('NOT_FOUND');
    if (inv.status === 'PENDING' && inv.expiresAt < nowIso())
      throw ruleError('STATE_CONFLICT', '该邀请已过期', 'The invitation has expired');
    const at = nowIso();
    if (!(await repo.decideInvitation(tx, id, accept ? 'ACCEPTED' : 'DECLINED', at)))
      throw ruleError('STATE_CONFLICT', '该邀请已处理', 'The invitation was already settled');
    if (accept) {
      const grants = await repo.grantsOf(tx, [actor.userId]);
      if (!grants.some((g) => g.role === inv.role && g.organisationId === inv.organisationId))
        await grantRole(tx, actor.userId, inv.role as Role, inv.organisationId, inv.userId);
      const me = await repo.findUserById(tx, actor.userId);
      if (me && !me.homeOrganisationId && grants.every((g) => !g.organisationId))
        await repo.updateUser(tx, actor.userId, { homeOrganisationId: inv.organisationId });
    }
    await recordAudit(tx, ctx, {
      action: accept ? 'invitation.accept' : 'invitation.decline',
      entityType: 'user',
      entityId: actor.userId,
      organisationId: inv.organisationId,
      detail: { invitationId: id, role: inv.role },
    });
  });
  return presentInvitation((await repo.findInvitation(db, id))!);
}

const ROLE_ZH: Record<Role, string> = {
  PLATFORM_ADMIN: '平台管理员',
  ORG_ADMIN: '组织管理员',
  EDITOR: '编辑',
  REVIEWER: '审核专家',
  MEMBER: '成员',
};

/** The filtered user list as xlsx, at most 50,000 rows (no secrets, no hashes). */
export async function exportUsers(
  db: Db,
  actor: Actor | null,
  q: Omit<ListUsersQuery, 'page' | 'pageSize'>,
) {
  const { items } = await listUsers(db, actor, { ...q, page: 1, pageSize: 50_000 });
  return buildXlsx(
    '用户与角色',
    [
      { header: '用户名', width: 20, value: (u) => u.username },
      { header: '姓名', width: 14, value: (u) => u.displayName },
      { header: '电子邮箱', width: 26, value: (u) => u.email },
      {
        header: '角色',
        width: 50,
        value: (u) =>
          u.grants
            .map(
              (g) => `${ROLE_ZH[g.role]}${g.organisationName ? `（${g.organisationName}）` : ''}`,
            )
            .join('；'),
      },
      { header: '状态', width: 8, value: (u) => (u.status === 'ACTIVE' ? '正常' : '已停用') },
      { header: '创建时间', width: 22, value: (u) => u.createdAt },
    ],
    items,
  );
}
