/**
 * Join requests: a signed-in person asks to join a unit (one pending request at a time); an
 * administrator of the unit or above it approves with a role (and the unit becomes the person's
 * home if they have none) or declines with a reason. Every step is audited; the person is told.
 */
import type { z } from 'zod';
import { type RequestContext, recordAudit } from '#platform/audit.ts';
import type { Db } from '#platform/db/connect.ts';
import { AppError, fieldErrors, ruleError } from '#platform/errors.ts';
import { newId, nowIso } from '#platform/ids.ts';
import { notify } from '#platform/notify/notify.ts';
import { type Actor, authorize, hasRoleOn, type Role, scopeOf } from '#platform/policy.ts';
import { requireOrganisationRef } from '../organisations/service.ts';
import * as users from '../users/repo.ts';
import { grantRole } from '../users/service.ts';
import { JOIN_DECIDED, JOIN_REQUESTED } from './notifications.ts';
import * as repo from './repo.ts';
import type {
  ApproveJoinRequestSchema,
  CreateJoinRequestSchema,
  DeclineJoinRequestSchema,
} from './schema.ts';
import './policy.ts';

function present(r: repo.JoinRow) {
  return {
    id: r.id,
    userId: r.userId,
    userName: r.userName,
    username: r.username,
    organisationId: r.organisationId,
    organisationName: r.organisationName,
    position: r.position,
    reason: r.reason,
    status: r.status,
    role: (r.role as 'MEMBER' | 'EDITOR' | null) ?? null,
    decisionNote: r.decisionNote,
    createdAt: r.createdAt,
    decidedAt: r.decidedAt,
  };
}

const PENDING_ALREADY = () =>
  ruleError(
    'STATE_CONFLICT',
    '您已有一个待处理的加入单位申请，请等待处理或先撤回',
    'You already have a pending request to join a unit; wait for it or withdraw it first',
  );

export async function searchUnits(db: Db, q: string) {
  return { items: await repo.searchUnits(db, q) };
}

export async function createJoinRequest(
  db: Db,
  actor: Actor,
  ctx: RequestContext,
  input: z.infer<typeof CreateJoinRequestSchema>,
) {
  const org = await requireOrganisationRef(db, input.organisationId).catch(() => {
    throw fieldErrors([
      { field: 'organisationId', zh: '没有这个单位', en: 'no such organisation' },
    ]);
  });
  if (!org.active)
    throw fieldErrors([{ field: 'organisationId', zh: '该单位已停用', en: 'it is deactivated' }]);
  if (actor.grants.some((g) => g.organisationId === org.id && g.role !== 'REVIEWER'))
    throw ruleError('STATE_CONFLICT', '您已是该单位的成员', 'You already belong to that unit');
  const id = newId();
  try {
    await db.transaction().execute(async (tx) => {
      if (await repo.pendingOf(tx, actor.userId)) throw PENDING_ALREADY();
      await repo.insertJoinRequest(tx, {
        id,
        userId: actor.userId,
        organisationId: org.id,
        position: input.position,
        reason: input.reason,
        status: 'PENDING',
        role: null,
        decidedBy: null,
        decisionNote: null,
        createdAt: nowIso(),
        decidedAt: null,
      });
      await recordAudit(tx, ctx, {
        action: 'join.request',
        entityType: 'user',
        entityId: actor.userId,
        organisationId: org.id,
        detail: { requestId: id, position: input.position },
      });
      const me = await users.findUserById(tx, actor.userId);
      await notify(
        tx,
        await repo.nearestAdmins(tx, org.path),
        JOIN_REQUESTED,
        {
          requestId: id,
          userName: me?.displayName ?? '',
          organisationName: org.name,
        },
        { about: actor.userId },
      );
    });
  } catch (e) {
    // Two requests at once: the unique index on pending requests lets one through.
    if (e instanceof AppError) throw e;
    if (await repo.pendingOf(db, actor.userId)) throw PENDING_ALREADY();
    throw e;
  }
  return present((await repo.findJoinRequest(db, id))!);
}

export async function myJoinRequests(db: Db, actor: Actor) {
  return { items: (await repo.listMine(db, actor.userId)).map(present) };
}

export async function withdrawJoinRequest(db: Db, actor: Actor, ctx: RequestContext, id: string) {
  await db.transaction().execute(async (tx) => {
    const r = await repo.findJoinRequest(tx, id);
    if (!r || r.userId !== actor.userId) throw new AppError('NOT_FOUND');
    if (!(await repo.settle(tx, id, { status: 'WITHDRAWN', decidedAt: nowIso() }))) throw settled();
    await recordAudit(tx, ctx, {
      action: 'join.withdraw',
      entityType: 'user',
      entityId: actor.userId,
      organisationId: r.organisationId,
      detail: { requestId: id },
    });
  });
  return present((await repo.findJoinRequest(db, id))!);
}

const settled = () =>
  ruleError('STATE_CONFLICT', '该申请已处理', 'The request was already settled');

/** Requests to the units the actor administers (or all, for platform administrators). */
export async function listJoinRequests(
  db: Db,
  actor: Actor | null,
  q: { status?: 'PENDING' | 'APPROVED' | 'DECLINED' | 'WITHDRAWN' },
) {
  const me = authorize(actor, 'join.list');
  const scope = scopeOf(me, ['ORG_ADMIN']);
  const rows = await repo.listScoped(
    db,
    { all: scope === 'ALL', orgPaths: scope === 'ALL' ? [] : scope },
    { status: q.status, limit: 200 },
  );
  return { items: rows.map(present) };
}

/** Loads a request the actor may decide: outside their units it is not there (404). */
async function loadDecidable(tx: Db, actor: Actor | null, id: string) {
  if (!actor) throw new AppError('UNAUTHENTICATED');
  const r = await repo.findJoinRequest(tx, id);
  if (!r || (!hasRoleOn(actor, ['ORG_ADMIN'], r.orgPath) && r.userId !== actor.userId))
    throw new AppError('NOT_FOUND');
  // One's own request (even as an administrator above the unit): 403.
  authorize(actor, 'join.decide', { orgPath: r.orgPath, ownerId: r.userId });
  return r;
}

export async function approveJoinRequest(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  input: z.infer<typeof ApproveJoinRequestSchema>,
) {
  await db.transaction().execute(async (tx) => {
    const r = await loadDecidable(tx as unknown as Db, actor, id);
    const person = await users.findUserById(tx, r.userId);
    if (person?.status !== 'ACTIVE')
      throw ruleError('STATE_CONFLICT', '申请人的账号已停用', 'The person’s account is not active');
    const at = nowIso();
    if (
      !(await repo.settle(tx, id, {
        status: 'APPROVED',
        role: input.role,
        decidedBy: actor!.userId,
        decidedAt: at,
      }))
    )
      throw settled();
    const grants = await users.grantsOf(tx, [r.userId]);
    if (!grants.some((g) => g.role === input.role && g.organisationId === r.organisationId))
      await grantRole(tx, r.userId, input.role as Role, r.organisationId, actor!.userId);
    if (!person.homeOrganisationId && grants.every((g) => !g.organisationId))
      await users.updateUser(tx, r.userId, { homeOrganisationId: r.organisationId });
    await recordAudit(tx, ctx, {
      action: 'join.approve',
      entityType: 'user',
      entityId: r.userId,
      organisationId: r.organisationId,
      detail: { requestId: id, role: input.role },
    });
    await notify(tx, [r.userId], JOIN_DECIDED, {
      organisationName: r.organisationName,
      approved: true,
      note: null,
    });
  });
  return present((await repo.findJoinRequest(db, id))!);
}

export async function declineJoinRequest(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  id: string,
  input: z.infer<typeof DeclineJoinRequestSchema>,
) {
  await db.transaction().execute(async (tx) => {
    const r = await loadDecidable(tx as unknown as Db, actor, id);
    if (
      !(await repo.settle(tx, id, {
        status: 'DECLINED',
        decidedBy: actor!.userId,
        decisionNote: input.reason,
        decidedAt: nowIso(),
      }))
    )
      throw settled();
    await recordAudit(tx, ctx, {
      action: 'join.decline',
      entityType: 'user',
      entityId: r.userId,
      organisationId: r.organisationId,
      detail: { requestId: id, reason: input.reason },
    });
    await notify(tx, [r.userId], JOIN_DECIDED, {
      organisationName: r.organisationName,
      approved: false,
      note: input.reason,
    });
  });
  return present((await repo.findJoinRequest(db, id))!);
}
