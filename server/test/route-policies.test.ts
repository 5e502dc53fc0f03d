import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knownActions, type RoutePolicy } from '../src/platform/policy.ts';
import { createTestEnv, type TestEnv } from './helpers.ts';

/** Walks every registered route: each must declare a policy, and an action policy a known action. */
describe('every route declares its policy', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv('sqlite');
  });
  afterAll(() => env.close());

  it('has a policy on every route, naming a registered action', () => {
    const actions = new Set(knownActions());
    const problems: string[] = [];
    const routes = env.app.registeredRoutes.filter((r) => r.method !== 'HEAD');
    for (const r of routes) {
      const policy = (r.config as { policy?: RoutePolicy } | undefined)?.policy;
      if (!policy) problems.push(`${r.method} ${r.url}: no policy`);
      else if (policy.access === 'action' && !actions.has(policy.action))
        problems.push(`${r.method} ${r.url}: unknown action ${policy.action}`);
      // Answers kept in memory (public-answers.ts) only for public reads.
      if (
        (r.config as { publicAnswer?: boolean }).publicAnswer &&
        (r.method !== 'GET' || policy?.access !== 'public')
      )
        problems.push(`${r.method} ${r.url}: a kept answer on a route that is not a public read`);
    }
    expect(routes.filter((r) => r.url.startsWith('/api/')).length).toBeGreaterThan(25);
    expect(problems).toEqual([]);
  });

  it('refuses (fails closed) a route registered without a policy', async () => {
    const { buildApp } = await import('../src/app.ts');
    const app = await buildApp(env.config, env.handle, { logger: false });
    app.get('/api/forgotten', async () => ({ secret: true }));
    await app.ready();
    const res = await app.inject({ method: 'GET', url: '/api/forgotten' });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('FORBIDDEN');
    await app.close();
  });
});
