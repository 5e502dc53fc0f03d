import type { Collection, Me } from '../api/types.ts';

export type CollectionKind = Collection['kind'];
export type CollectionStatus = Collection['status'];
export const COLLECTION_KINDS: readonly CollectionKind[] = ['TOPIC', 'SERIES'];
export const COLLECTION_STATUSES: readonly CollectionStatus[] = ['DRAFT', 'PUBLISHED', 'ARCHIVED'];

/** Editors and organisation admins curate collections (platform admins everywhere). */
export function canManageCollections(me: Me): boolean {
  return (
    me.abilities.platformAdmin || me.grants.some((g) => ['EDITOR', 'ORG_ADMIN'].includes(g.role))
  );
}
