import { afterAll, beforeAll, expect, it } from 'vitest';
import { observePolicyChecks, type RoutePolicy } from '#platform/policy.ts';
import type { Dialect } from '../helpers.ts';
import { ACTORS, type RouteTable, World } from './world.ts';

/**
 * Role × route × owner on one database: builds the world, checks that every registered API route
 * has a row in some table (or is named in `elsewhere`), then runs each row for every actor. An
 * allowed call answers 2xx; a refused one 401 (anonymous) or 403/404. Call inside a `describe`.
 */
export function runAccessMatrix(
  dialect: Dialect,
  tables: RouteTable[],
  elsewhere: readonly string[],
): void {
  const w = new World();
  const rows = tables.flatMap((table) => table(w));
  /** Every policy check of the request under test (observed), to compare with its declaration. */
  const decisions: { action: string; allowed: boolean }[] = [];

  beforeAll(async () => {
    await w.build(dialect);
    observePolicyChecks((action, allowed) => decisions.push({ action, allowed }));
  });
  afterAll(async () => {
    observePolicyChecks(null);
    await w.env.close();
  });

  it('has the matrix cover every API route of the foundation', () => {
    const registered = new Set(
      w.env.app.registeredRoutes
        .filter(
          (r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs') && r.method !== 'HEAD',
        )
        .map((r) => `${r.method} ${r.url}`),
    );
    const covered = new Set(rows.map((r) => r.name.split(' (')[0]));
    const missing = [...registered].filter((r) => !covered.has(r) && !elsewhere.includes(r));
    expect(missing).toEqual([]);
    // Two tables claiming one row would run it twice under one name.
    const names = rows.map((r) => r.name);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });

  /** The action a route declares for its service to check (actionOnResource), if any. */
  function declaredAction(name: string): string | null {
    const key = name.split(' (')[0];
    const r = w.env.app.registeredRoutes.find((x) => `${x.method} ${x.url}` === key);
    const policy = (r?.config as { policy?: RoutePolicy } | undefined)?.policy;
    return policy?.access === 'action' && policy.resource === 'service' ? policy.action : null;
  }
  for (const route of rows) {
    it(`${route.name}`, async () => {
      const outcome: Record<string, number> = {};
      const declared = declaredAction(route.name);
      const mismatches: string[] = [];
      for (const actor of ACTORS) {
        const call = await route.make(actor);
        decisions.length = 0;
        const res = call.upload
          ? await w.agents[actor].upload(call.url, call.upload)
          : await w.agents[actor].request(call.method, call.url, call.body);
        outcome[actor] = res.status;
        // The declared action is the one the service decides with (every policy check of the
        // request is observed): an allowed call passed it, a refusal (403) is its refusal.
        if (declared) {
          const passed = decisions.filter((d) => d.allowed).map((d) => d.action);
          const refused = decisions.filter((d) => !d.allowed).map((d) => d.action);
          if (res.status < 300 && !passed.includes(declared))
            mismatches.push(`${actor}: allowed without ${declared} (checked ${passed.join()})`);
          if (res.status === 403 && refused.at(-1) !== declared)
            mismatches.push(`${actor}: refused by ${refused.at(-1) ?? 'no authorize'}`);
        }
      }
      expect(mismatches).toEqual([]);
      const expected = Object.fromEntries(
        ACTORS.map((a) => [
          a,
          route.allowed.includes(a) ? 'allowed' : a === 'anonymous' ? 401 : 'refused',
        ]),
      );
      const actual = Object.fromEntries(
        ACTORS.map((a) => {
          const s = outcome[a]!;
          if (s >= 200 && s < 300) return [a, 'allowed'];
          if (a === 'anonymous') return [a, s];
          return [a, s === 403 || s === 404 ? 'refused' : s];
        }),
      );
      expect(actual).toEqual(expected);
    });
  }
}
