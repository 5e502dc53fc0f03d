import { loadGrants } from '#platform/auth/sessions.ts';
import type { Db } from '#platform/db/connect.ts';
import type { Actor } from '#platform/policy.ts';

/** The demo's people by username: their ids (and home unit, where the seeding needs it). */
export type People = Record<string, { id: string; orgId?: string | null }>;

/**
 * Signs nobody in: the services see the demo person with the grants the database gives them, as
 * they would after a sign-in with a second factor.
 */
export async function actorOf(db: Db, people: People, username: string): Promise<Actor> {
  const p = people[username]!;
  return { userId: p.id, username, grants: await loadGrants(db, p.id), mfaPassed: true };
}
