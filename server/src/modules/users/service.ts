import type { z } from 'zod';
import { type RequestContext, recordAudit } from '#platform/audit.ts';
import { checkPassword, hashPassword } from '#platform/auth/passwords.ts';
import { deleteOtherSessions } from '#platform/auth/sessions.ts';
import type { SecurityProfile } from '#platform/config.ts';
import type { Db, Executor } from '#platform/db/connect.ts';
import { AppError, ruleError } from '#platform/errors.ts';
import { buildXlsx } from '#platform/export/xlsx.ts';
import { newId, nowIso } from '#platform/ids.ts';
import { type Actor, authorize, can, type Role, scopeOf } from '#platform/policy.ts';
import { requireOrganisationRef } from '../organisations/service.ts';
import './policy.ts';
import * as repo from './repo.ts';
import type {
  CreateGrantSchema,
  CreateUserSchema,
  ListUsersQuery,
  UpdateUserSchema,
  User,
} from './schema.ts';

export function presentUser(row: repo.UserRow, grants: repo.GrantRow[]): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    email: row.email,
    phone: row.phone,
    status: row.status,
    totpEnabled: row.totpEnabledAt !== null,
    grants: grants
      .filter((g) => g.userId === row.id)
      .map((g) => ({
        id: g.id,
        role: g.role as Role,
        organisationId: g.organisationId,
        organisationName: g.organisationName,
        createdAt: g.createdAt,
      })),
    createdAt: row.createdAt,
  };
}

/** The user's organisation paths: a user is managed from any organisation they hold a role in. */
function canActOnUser(
  actor: Actor,
  action: string,
  grants: repo.GrantRow[],
  userId: string,
): boolean {
  if (can(actor, action, { ownerId: userId })) return true;
  return grants.some(
    (g) => g.orgPath !== null && can(actor, action, { orgPath: g.orgPath, ownerId: userId }),
  );
}

async function loadVisibleUser(db: Executor, actor: Actor | null, id: string, action: string) {
  const row = await repo.findUserById(db, id);
  if (!row || row.status === 'DELETED') throw new AppError('NOT_FOUND');
  const grants = await repo.grantsOf(db, [id]);
  if (!actor) throw new AppError('UNAUTHENTICATED');
  if (!canActOnUser(actor, 'user.read', grants, id)) throw new AppError('NOT_FOUND');
  if (action !== 'user.read' && !canActOnUser(actor, action, grants, id))
    throw new AppError('FORBIDDEN');
  return { row, grants };
}

export async function getUser(db: Db, actor: Actor | null, id: string): Promise<User> {
  const { row, grants } = await loadVisibleUser(db, actor, id, 'user.read');
  return presentUser(row, grants);
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
  return {
    items: rows.map((r) => presentUser(r, grants)),
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
    const row = await insertNewUser(tx, input);
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
  return presentUser(user, await repo.grantsOf(db, [user.id]));
}

export async function updateUser(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  patch: z.infer<typeof UpdateUserSchema>,
): Promise<User> {
  return db.transaction().execute(async (tx) => {
    const { grants } = await loadVisibleUser(tx, actor, id, 'user.update');
    if (patch.status === 'DISABLED' && id === actor!.userId)
      throw ruleError('RULE_BROKEN', '不能停用自己的账号', 'You cannot disable your own account');
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
    return presentUser((await repo.findUserById(tx, id))!, grants);
  });
}

export async function addGrant(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  userId: string,
  input: z.infer<typeof CreateGrantSchema>,
): Promise<User> {
  return db.transaction().execute(async (tx) => {
    const user = await repo.findUserById(tx, userId);
    if (!user || user.status === 'DELETED') throw new AppError('NOT_FOUND');
    if (input.role === 'PLATFORM_ADMIN') {
      authorize(actor, 'grant.managePlatformAdmin');
      if (input.organisationId !== null)
        throw ruleError(
          'RULE_BROKEN',
          '平台管理员角色是全局角色，不绑定组织',
          'PLATFORM_ADMIN is global: leave the organisation empty',
        );
    } else {
      if (!input.organisationId)
        throw ruleError(
          'RULE_BROKEN',
          '请选择授予角色的组织',
          'Choose the organisation the role is granted on',
        );
      const org = await requireOrganisationRef(tx, input.organisationId);
      authorize(actor, 'grant.manage', { orgPath: org.path });
    }
    const existing = await repo.grantsOf(tx, [userId]);
    if (existing.some((g) => g.role === input.role && g.organisationId === input.organisationId))
      throw ruleError('STATE_CONFLICT', '该用户已拥有此角色', 'The user already has this role');
    const grant = await grantRole(tx, userId, input.role, input.organisationId, actor!.userId);
    await recordAudit(tx, ctx, {
      action: 'grant.create',
      entityType: 'user',
      entityId: userId,
      organisationId: input.organisationId,
      detail: { grantId: grant.id, role: input.role },
    });
    return presentUser(user, await repo.grantsOf(tx, [userId]));
  });
}

export async function removeGrant(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  userId: string,
  grantId: string,
) {
  return db.transaction().execute(async (tx) => {
    const grant = await repo.findGrant(tx, grantId);
    if (!grant || grant.userId !== userId) throw new AppError('NOT_FOUND');
    if (grant.role === 'PLATFORM_ADMIN') {
      authorize(actor, 'grant.managePlatformAdmin');
      if ((await repo.countPlatformAdmins(tx)) <= 1)
        throw ruleError(
          'STATE_CONFLICT',
          '至少需要保留一名平台管理员',
          'At least one platform administrator must remain',
        );
    } else {
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
    const user = (await repo.findUserById(tx, userId))!;
    return presentUser(user, await repo.grantsOf(tx, [userId]));
  });
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
