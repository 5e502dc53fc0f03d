import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, buildPlatformAdmin, createTestEnv, DIALECTS, type TestEnv } from './helpers.ts';

/** Routes that would end the fuzzing agent's own session: fuzzed anonymously only. */
const SESSION_ENDING = new Set([
  'POST /api/auth/logout',
  'POST /api/auth/logout-others',
  'DELETE /api/me',
  'POST /api/auth/password',
]);

const junkValue = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.uuid(),
  fc.constantFrom(
    '',
    ' ',
    '0',
    '-1',
    '1e309',
    'null',
    '%',
    '../../etc/passwd',
    '<script>',
    '地質災害',
    '\u0000',
    'a'.repeat(300),
  ),
);
const junkBody = fc.oneof(
  fc.dictionary(fc.string({ maxLength: 12 }), junkValue, { maxKeys: 6 }),
  fc.record(
    {
      username: junkValue,
      password: junkValue,
      name: junkValue,
      parentId: junkValue,
      type: junkValue,
      code: junkValue,
    },
    { requiredKeys: [] },
  ),
  fc.array(junkValue, { maxLength: 4 }),
  junkValue,
);
const rawPayload = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.constantFrom(
    '{',
    '{"a":',
    '[1,2',
    '{"username": "x",}',
    'null',
    '"str"',
    '\u0000\u0001',
    '{"__proto__":{"x":1}}',
  ),
);
const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
);

interface Route {
  method: string;
  path: string;
}

describe.each(DIALECTS)(
  'schema-driven fuzz on %s: malformed requests never cause a 5xx',
  (dialect) => {
    let env: TestEnv;
    let admin: Agent;
    let routes: Route[];
    let sent = 0;
    const failures: string[] = [];

    beforeAll(async () => {
      env = await createTestEnv(dialect);
      admin = (await buildPlatformAdmin(env)).agent;
      const doc = (
        await admin.get<{ paths: Record<string, Record<string, unknown>> }>('/api/openapi.json')
      ).body;
      routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => ({ method: m.toUpperCase(), path })),
      );
    });
    afterAll(() => env.close());

    async function send(
      agent: Agent,
      route: Route,
      pathParts: string[],
      query: Record<string, unknown>,
      body: { kind: 'json'; value: unknown } | { kind: 'raw'; value: string; type: string },
    ) {
      let i = 0;
      const url = route.path.replace(/\{[^}]+\}/g, () =>
        encodeURIComponent(pathParts[i++ % pathParts.length] ?? 'x'),
      );
      const qs = new URLSearchParams(
        Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]),
      ).toString();
      const headers: Record<string, string> = {};
      if (agent.cookie) headers.cookie = agent.cookie;
      if (agent.csrf) headers['x-csrf-token'] = agent.csrf;
      const withBody = route.method !== 'GET';
      if (withBody) headers['content-type'] = body.kind === 'json' ? 'application/json' : body.type;
      const res = await env.app.inject({
        method: route.method as 'GET',
        url: qs ? `${url}?${qs}` : url,
        headers,
        ...(withBody
          ? { payload: body.kind === 'json' ? JSON.stringify(body.value) : body.value }
          : {}),
      });
      sent++;
      const isJson = String(res.headers['content-type'] ?? '').includes('json');
      const ok =
        res.statusCode < 500 &&
        (res.statusCode < 400 ? true : isJson && typeof res.json().error?.code === 'string');
      if (!ok)
        failures.push(`${route.method} ${url} → ${res.statusCode} ${res.body.slice(0, 200)}`);
      return ok;
    }

    it('sends at least 1,000 malformed requests across every route, signed in and anonymous', async () => {
      const anon = new Agent(env.app);
      await fc.assert(
        fc.asyncProperty(
          fc.nat(),
          fc.boolean(),
          fc.array(fc.oneof(fc.string({ maxLength: 30 }), fc.uuid()), {
            minLength: 1,
            maxLength: 3,
          }),
          fc.dictionary(
            fc.constantFrom(
              'page',
              'pageSize',
              'q',
              'rootId',
              'tree',
              'type',
              'active',
              'from',
              'to',
              'role',
              'parentCode',
              'includeInactive',
              'x',
            ),
            junkValue,
            { maxKeys: 4 },
          ),
          fc.oneof(
            junkBody.map((value) => ({ kind: 'json' as const, value })),
            fc
              .tuple(rawPayload, contentType)
              .map(([value, type]) => ({ kind: 'raw' as const, value, type })),
          ),
          async (n, asAdmin, pathParts, query, body) => {
            const route = routes[n % routes.length]!;
            const agent =
              asAdmin && !SESSION_ENDING.has(`${route.method} ${route.path}`) ? admin : anon;
            return send(agent, route, pathParts, query, body);
          },
        ),
        { numRuns: 1200, seed: 20261129 },
      );
      expect(failures).toEqual([]);
      expect(sent).toBeGreaterThanOrEqual(1000);
      expect(new Set(routes.map((r) => r.path)).size).toBeGreaterThan(20);
    });
  },
);
