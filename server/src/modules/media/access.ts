import type { Executor } from '#platform/db/connect.ts';
import type { Actor, Resource } from '#platform/policy.ts';

/**
 * Readers a file's user lets in. A file belongs to its unit (its people and the uploader read
 * it); a module that uses the file for something of its own (an application's attachments) may
 * let others read it too, by the relation it knows (the application's recommender, organiser
 * and assigned reviewers). The module registers a resolver here at import time, as search types
 * and review subjects are registered: media never imports the modules that use it.
 */
export interface MediaUseGrant {
  /**
   * The name this reader sees instead of the uploader's (without extension): a blind review's
   * 附件1. The file's text, uploader and unit are hidden with it. Null: the file's own name.
   */
  alias: string | null;
}

/**
 * Whether `actor` may read media `mediaId` through the owners of this type that use it
 * (`ownerIds`, from media_links), and under which name; null: not through these owners.
 */
export type MediaUseResolver = (
  db: Executor,
  actor: Actor,
  mediaId: string,
  ownerIds: string[],
) => Promise<MediaUseGrant | null>;

const RESOLVERS = new Map<string, MediaUseResolver>();

/** Registers the readers that owners of `ownerType` let in (once per type). */
export function defineMediaUseReaders(ownerType: string, resolve: MediaUseResolver): void {
  if (RESOLVERS.has(ownerType)) throw new Error(`media use readers for ${ownerType} defined twice`);
  RESOLVERS.set(ownerType, resolve);
}

/**
 * The grant the users of a file give this reader (a real name preferred over an alias), or null.
 * `links`: the file's (ownerType, ownerId) uses.
 */
export async function grantByUse(
  db: Executor,
  actor: Actor,
  mediaId: string,
  links: { ownerType: string; ownerId: string }[],
): Promise<MediaUseGrant | null> {
  const byType = new Map<string, string[]>();
  for (const l of links)
    if (RESOLVERS.has(l.ownerType))
      byType.set(l.ownerType, [...(byType.get(l.ownerType) ?? []), l.ownerId]);
  let best: MediaUseGrant | null = null;
  for (const [type, ids] of byType) {
    const g = await RESOLVERS.get(type)!(db, actor, mediaId, ids);
    if (g && g.alias === null) return g;
    best ??= g;
  }
  return best;
}

/** The media.read resource: `grantedByUse` when a user of the file lets this reader in. */
export interface MediaResource extends Resource {
  grantedByUse?: boolean;
}
