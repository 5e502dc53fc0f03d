import { AppError } from './errors.ts';

/** Roles are granted on an organisation subtree; PLATFORM_ADMIN (科普工作办公室) is global. */
export const ROLES = ['PLATFORM_ADMIN', 'ORG_ADMIN', 'EDITOR', 'REVIEWER', 'MEMBER'] as const;
export type Role = (typeof ROLES)[number];

export interface Grant {
  id: string;
  role: Role;
  organisationId: string | null;
  /** Materialized path of the organisation ('/…/'), null for a global grant. */
  orgPath: string | null;
}

/** The signed-in person as the policies see them. */
export interface Actor {
  userId: string;
  username: string;
  grants: Grant[];
  mfaPassed: boolean;
}

export function isPlatformAdmin(actor: Actor | null): boolean {
  return !!actor?.grants.some((g) => g.role === 'PLATFORM_ADMIN');
}

/** True when the actor holds one of `roles` on an organisation that contains `orgPath`. */
export function hasRoleOn(actor: Actor | null, roles: readonly Role[], orgPath: string): boolean {
  if (!actor) return false;
  if (isPlatformAdmin(actor)) return true;
  return actor.grants.some(
    (g) => roles.includes(g.role) && g.orgPath !== null && orgPath.startsWith(g.orgPath),
  );
}

/** True when the actor holds one of `roles` over every path (and there is at least one). */
export function hasRoleOnAll(
  actor: Actor | null,
  roles: readonly Role[],
  paths: readonly string[],
): boolean {
  if (!actor) return false;
  if (isPlatformAdmin(actor)) return true;
  return paths.length > 0 && paths.every((p) => hasRoleOn(actor, roles, p));
}

/** Set-based scope for list queries: 'ALL', or the subtree roots the actor may see with `roles`. */
export function scopeOf(actor: Actor | null, roles: readonly Role[]): 'ALL' | string[] {
  if (!actor) return [];
  if (isPlatformAdmin(actor)) return 'ALL';
  const paths = actor.grants
    .filter((g) => roles.includes(g.role) && g.orgPath)
    .map((g) => g.orgPath!);
  // Drop paths already inside another one: fewer OR branches in the query.
  return paths.filter((p) => !paths.some((q) => q !== p && p.startsWith(q)));
}

/** A resource a policy reasons about: most live in an organisation. */
export interface Resource {
  orgPath?: string | null;
  ownerId?: string | null;
  /** A person's home units (user policies): every one must lie inside the actor's reach. */
  homePaths?: readonly string[];
  /** The person acted on is a platform administrator (managed by platform administrators only). */
  platformAdmin?: boolean;
}

export type PolicyCheck = (actor: Actor, resource: Resource) => boolean;

const registry = new Map<string, PolicyCheck>();

type PolicyObserver = (action: string, allowed: boolean) => void;
let observer: PolicyObserver | null = null;

/**
 * Listens to every can()/authorize() decision (null stops): the access-matrix test uses it to
 * prove that the action a route declares is the one its service decides with. Inert otherwise.
 */
export function observePolicyChecks(fn: PolicyObserver | null): void {
  observer = fn;
}

/** Each module's policy.ts registers its actions here at import time. */
export function definePolicies(checks: Record<string, PolicyCheck>): void {
  for (const [action, check] of Object.entries(checks)) {
    if (registry.has(action)) throw new Error(`policy ${action} defined twice`);
    registry.set(action, check);
  }
}

/** can(actor, action, resource): the one question every route asks before it acts. */
export function can(actor: Actor | null, action: string, resource: Resource = {}): boolean {
  const check = registry.get(action);
  if (!check) throw new Error(`no policy for action ${action}`);
  const allowed = actor !== null && check(actor, resource);
  observer?.(action, allowed);
  return allowed;
}

/** Throws 401 for nobody and 403 for a refusal. */
export function authorize(actor: Actor | null, action: string, resource: Resource = {}): Actor {
  if (!actor) throw new AppError('UNAUTHENTICATED');
  if (!can(actor, action, resource)) throw new AppError('FORBIDDEN');
  return actor;
}

/**
 * What a route declares in `config.policy`: open to all, open to anyone signed in, or an action
 * checked with can() (against the resource the service loads, or globally when it has none).
 */
export type RoutePolicy =
  | { access: 'public' }
  | { access: 'authenticated' }
  | { access: 'action'; action: string; resource?: 'none' | 'service' };

/** The signed-in actor (routes with the AUTHENTICATED policy; the hook has checked it already). */
export function signedIn(actor: Actor | null): Actor {
  if (!actor) throw new AppError('UNAUTHENTICATED');
  return actor;
}

export const PUBLIC: RoutePolicy = { access: 'public' };
export const AUTHENTICATED: RoutePolicy = { access: 'authenticated' };
/** The action is checked globally before the handler (no resource). */
export const action = (name: string): RoutePolicy => ({
  access: 'action',
  action: name,
  resource: 'none',
});
/** The service loads the resource and calls authorize(); the route names the action it checks. */
export const actionOnResource = (name: string): RoutePolicy => ({
  access: 'action',
  action: name,
  resource: 'service',
});

export function knownActions(): string[] {
  return [...registry.keys()];
}
