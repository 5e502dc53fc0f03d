/**
 * The expert directory (科普专家库): an expert's own profile (title, specialties, declared ties)
 * and the directory the office and units read. The review engine's reviewer pool, conflict checks
 * and automatic assignment read experts from here (`expertPool`).
 */
import { type RequestContext, recordAudit } from '#platform/audit.ts';
import type { Db, Executor } from '#platform/db/connect.ts';
import { newId, nowIso } from '#platform/ids.ts';
import { type Actor, authorize } from '#platform/policy.ts';
import { requireOrganisationRef } from '../organisations/service.ts';
import { assertReferenceCodes } from '../reference/service.ts';
import './policy.ts';
import * as repo from './repo.ts';
import type { ExpertProfileInput } from './schema.ts';

/** Experts with their specialties, role units, ties and whether they can sign in. */
export const expertPool = (db: Executor) => repo.expertPool(db);
export type PoolExpert = Awaited<ReturnType<typeof repo.expertPool>>[number];

export async function getMyProfile(db: Db, actor: Actor | null) {
  const me = authorize(actor, 'expert.profile');
  return profileView(db, me.userId);
}

async function profileView(
  db: Executor,
  userId: string,
  signIn: 'OK' | 'NO_PASSWORD' | 'DISABLED' = 'OK',
) {
  const { user, profile: p, ties } = await repo.expertProfileOf(db, userId);
  return {
    userId,
    displayName: user.displayName,
    title: p?.title ?? '',
    sectors: p ? (JSON.parse(p.sectors) as string[]) : [],
    topics: p ? (JSON.parse(p.topics) as string[]) : [],
    ties,
    signIn,
  };
}

export async function putMyProfile(
  db: Db,
  actor: Actor | null,
  ctx: RequestContext,
  input: ExpertProfileInput,
) {
  const me = authorize(actor, 'expert.profile');
  await db.transaction().execute(async (tx) => {
    await assertReferenceCodes(tx, 'sectors', 'SECTOR', input.sectors);
    await assertReferenceCodes(tx, 'topics', 'TOPIC', input.topics);
    for (const t of input.ties) await requireOrganisationRef(tx, t.organisationId);
    const at = nowIso();
    await repo.replaceExpertProfile(
      tx,
      {
        userId: me.userId,
        title: input.title,
        sectors: JSON.stringify(input.sectors),
        topics: JSON.stringify(input.topics),
        updatedAt: at,
      },
      input.ties.map((t) => ({
        id: newId(),
        userId: me.userId,
        organisationId: t.organisationId,
        kind: t.kind,
        note: t.note,
        createdAt: at,
      })),
    );
    await recordAudit(tx, ctx, {
      action: 'expert.profile',
      entityType: 'user',
      entityId: me.userId,
      detail: { sectors: input.sectors, topics: input.topics, ties: input.ties.length },
    });
  });
  return profileView(db, me.userId);
}

export async function listExperts(db: Db, actor: Actor | null) {
  authorize(actor, 'expert.list');
  const pool = await repo.expertPool(db);
  return Promise.all(pool.map((p) => profileView(db, p.userId, p.signIn)));
}
