import { SaxesParser } from 'saxes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Agent,
  buildOrganisation,
  buildPlatformAdmin,
  buildUserWithRole,
  createTestEnv,
  DIALECTS,
  type TestEnv,
} from './helpers.ts';

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  additionalProperties?: JsonSchema | boolean;
  enum?: unknown[];
  pattern?: string;
}
interface Operation {
  parameters?: { name: string; in: string; schema?: JsonSchema }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}
interface Case {
  method: string;
  url: string;
  body?: unknown;
  field: string;
  location: 'params' | 'querystring' | 'body';
}
type ErrorBody = {
  error: {
    code: string;
    details: { fields: { field: string; location: string; message: string }[] };
  };
};

const NUL = 'a\u0000b';

const hasType = (s: JsonSchema, t: string) => [s.type ?? []].flat().includes(t);

/**
 * Every string field of a body schema (nested objects, array items, records), each as a body
 * holding a NUL at that one place: [dotted field, body].
 */
function stringLeaves(schema: JsonSchema, path: string[] = [], depth = 0): [string[], unknown][] {
  if (depth > 8) return [];
  const wrap = (p: string[], v: unknown): unknown => {
    let out = v;
    for (let i = p.length - 1; i >= path.length; i--) {
      const key = p[i]!;
      out = /^\d+$/.test(key) ? [out] : { [key]: out };
    }
    return out;
  };
  const found: [string[], unknown][] = [];
  for (const branch of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])])
    found.push(...stringLeaves(branch, path, depth + 1));
  if (hasType(schema, 'string')) found.push([path, NUL]);
  if (schema.properties)
    for (const [key, sub] of Object.entries(schema.properties))
      for (const [p, v] of stringLeaves(sub, [...path, key], depth + 1))
        found.push([p, wrap(p.slice(0, path.length + 1), v)]);
  if (schema.items)
    for (const [p, v] of stringLeaves(schema.items, [...path, '0'], depth + 1))
      found.push([p, wrap(p.slice(0, path.length + 1), v)]);
  if (typeof schema.additionalProperties === 'object')
    for (const [p, v] of stringLeaves(schema.additionalProperties, [...path, 'k'], depth + 1))
      found.push([p, wrap(p.slice(0, path.length + 1), v)]);
  // One case per field: the first branch that reaches it is enough.
  return [...new Map(found.map(([p, v]) => [p.join('.'), [p, v] as [string[], unknown]])).values()];
}

/** For each route of the OpenAPI document, a NUL in each path, query and body string field. */
function casesOf(paths: Record<string, Record<string, Operation>>): Case[] {
  const cases: Case[] = [];
  for (const [path, ops] of Object.entries(paths))
    for (const [m, op] of Object.entries(ops)) {
      const method = m.toUpperCase();
      // The other path parameters valid: they are checked before the body and the query.
      const valid = (name: string) => {
        const s = op.parameters?.find((p) => p.in === 'path' && p.name === name)?.schema;
        if (s?.enum) return String(s.enum[0]);
        if (hasType(s ?? {}, 'integer')) return '1';
        if (s?.pattern === '^\\d{6}$') return '110000';
        // A calendar day (/api/calendar-days/:date).
        if ((s as { format?: string } | undefined)?.format === 'date') return '2026-10-01';
        if (s?.pattern?.startsWith('^[A-Z]')) return 'CODE';
        return '01900000-0000-7000-8000-000000000000';
      };
      const filled = (except?: string) =>
        path.replace(/\{([^}]+)\}/g, (_, name: string) =>
          name === except ? encodeURIComponent(NUL) : valid(name),
        );
      for (const p of op.parameters ?? []) {
        if (p.in === 'path')
          cases.push({ method, url: filled(p.name), field: p.name, location: 'params' });
        if (p.in === 'query')
          cases.push({
            method,
            url: `${filled()}?${p.name}=${encodeURIComponent(NUL)}`,
            field: p.name,
            location: 'querystring',
          });
      }
      const schema = op.requestBody?.content?.['application/json']?.schema;
      if (schema)
        for (const [p, body] of stringLeaves(schema))
          cases.push({ method, url: filled(), body, field: p.join('.'), location: 'body' });
    }
  return cases;
}

describe.each(DIALECTS)('input hygiene on %s', (dialect) => {
  let env: TestEnv;
  let admin: Agent;
  let unit: { id: string };

  beforeAll(async () => {
    env = await createTestEnv(dialect, { KEPU_PUBLIC_URL: 'https://kepu.example.gov.cn' });
    admin = (await buildPlatformAdmin(env)).agent;
    unit = await buildOrganisation(admin, env.rootId, { name: '输入检查单位' });
  });
  afterAll(() => env.close());

  it('refuses a NUL in every string field of every route with 400 naming the field, never a 5xx', async () => {
    const doc = (
      await admin.get<{ paths: Record<string, Record<string, Operation>> }>('/api/openapi.json')
    ).body;
    const cases = casesOf(doc.paths);
    const anon = new Agent(env.app);
    const wrong: string[] = [];
    for (const c of cases) {
      const res = await anon.request<ErrorBody>(c.method as 'GET', c.url, c.body);
      const named = res.body?.error?.details?.fields?.find(
        (f) => f.field === c.field && f.location === c.location,
      );
      if (res.status !== 400 || res.body.error.code !== 'VALIDATION_FAILED' || !named)
        wrong.push(`${c.method} ${c.url} ${c.location}.${c.field} → ${res.status}`);
      else if (!named.message.includes('U+0000'))
        wrong.push(`${c.method} ${c.url}: ${named.message}`);
    }
    expect(wrong).toEqual([]);
    // Every route with a schema was reached, login and register among them.
    expect(new Set(cases.map((c) => `${c.method} ${c.url.split('?')[0]}`)).size).toBeGreaterThan(
      80,
    );
    expect(cases.filter((c) => c.url === '/api/auth/login').map((c) => c.field)).toEqual(
      expect.arrayContaining(['username', 'password']),
    );
    expect(cases.length).toBeGreaterThan(400);
  });

  it('refuses other control characters, DEL and lone surrogates; names the field in both languages', async () => {
    const anon = new Agent(env.app);
    for (const bad of [
      '\u0000',
      '\u0001',
      '\u0008',
      '\u000B',
      '\u001B',
      '\u001F',
      '\u007F',
      '\uD800',
      '\uDFFF',
    ]) {
      const res = await anon.post<ErrorBody>('/api/auth/register', {
        username: 'hygiene1',
        password: 'Kepu-Test-Passw0rd!',
        displayName: `张${bad}三`,
      });
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.body.error.details.fields).toEqual([
        {
          field: 'displayName',
          location: 'body',
          message: `displayName：包含不允许的控制字符（U+${bad.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}）`,
        },
      ]);
    }
    const en = await anon.post<ErrorBody>(
      '/api/auth/login',
      { username: 'ad\u0000min', password: 'x' },
      { 'accept-language': 'en-US' },
    );
    expect(en.status).toBe(400);
    expect(en.body.error.details.fields[0]!.message).toBe(
      'username contains a control character that is not allowed (U+0000)',
    );
    // A key with a control character is refused too, and query strings alike.
    const key = await anon.post<ErrorBody>('/api/auth/login', { 'user\u0000': 'x' });
    expect(key.status).toBe(400);
    expect((await anon.get('/api/search?q=%E6%B5%B7%00')).status).toBe(400);
  });

  it('keeps tab, line feed and carriage return where text is multi-line, and emoji', async () => {
    const res = await admin.post<{ id: string; summary: string }>('/api/works', {
      organisationId: unit.id,
      type: 'BOOK',
      title: '多行摘要 😀',
      summary: '第一行\r\n第二行\t制表',
    });
    expect(res.status).toBe(201);
    expect(res.body.summary).toBe('第一行\r\n第二行\t制表');
  });

  it('refuses a title or name that is only invisible characters, or more than one line', async () => {
    const cases: [string, Record<string, unknown>, string][] = [
      [
        '/api/works',
        { organisationId: unit.id, type: 'BOOK', title: '\u200B\u200C\u200D' },
        'title',
      ],
      [
        '/api/works',
        { organisationId: unit.id, type: 'BOOK', title: '\u3000\uFEFF\u2060' },
        'title',
      ],
      ['/api/works', { organisationId: unit.id, type: 'BOOK', title: '\u3164\u00AD' }, 'title'],
      ['/api/collections', { organisationId: unit.id, kind: 'TOPIC', title: '\u200B' }, 'title'],
      ['/api/organisations', { parentId: env.rootId, type: 'OTHER', name: '\u2060\u200B' }, 'name'],
    ];
    for (const [url, body, field] of cases) {
      const res = await admin.post<ErrorBody>(url, body);
      expect(res.status, `${url} ${JSON.stringify(body)}`).toBe(400);
      expect(res.body.error.details.fields).toContainEqual({
        field,
        location: 'body',
        message: `${field}：不能只含空格或不可见字符`,
      });
    }
    const twoLines = await admin.post<ErrorBody>('/api/works', {
      organisationId: unit.id,
      type: 'BOOK',
      title: '第一行\n第二行',
    });
    expect(twoLines.status).toBe(400);
    expect(twoLines.body.error.details.fields[0]!.message).toBe('title：不能包含换行符或制表符');
    // Visible text with an invisible character inside is a title.
    const ok = await admin.post('/api/works', {
      organisationId: unit.id,
      type: 'BOOK',
      title: '\u200B零宽\u200D标题',
    });
    expect(ok.status).toBe(201);
  });

  it('keeps /feed.xml and /sitemap.xml well-formed whatever the database holds', async () => {
    const reviewer = (await buildUserWithRole(env, admin, 'REVIEWER', env.rootId)).agent;
    const w = await admin.post<{ id: string }>('/api/works', {
      organisationId: unit.id,
      type: 'VIDEO',
      title: '控制字符测试',
      summary: '摘要',
    });
    await admin.post(`/api/works/${w.body.id}/submit`);
    await reviewer.post(`/api/works/${w.body.id}/check`, { decision: 'PASSED' });
    expect((await admin.post(`/api/works/${w.body.id}/publish`)).status).toBe(200);
    // Written past the API, as an import or a hand-made fix would: PostgreSQL takes no NUL.
    const junk = `${dialect === 'sqlite' ? '\u0000' : ''}\u0001\u0008\u000B\u000C\u001B\u001F\uFFFE\uFFFF`;
    await env.handle.db
      .updateTable('works')
      .set({ title: `海洋${junk}<科普>`, summary: `摘${junk}要 & 说明` })
      .where('id', '=', w.body.id)
      .execute();
    const anon = new Agent(env.app);
    for (const url of ['/feed.xml', '/sitemap.xml']) {
      const res = await anon.get(url);
      expect(res.status).toBe(200);
      const xml = String(res.body);
      const texts: string[] = [];
      const parser = new SaxesParser({ xmlns: false });
      parser.on('text', (t) => texts.push(t));
      parser.on('error', (e) => {
        throw e;
      });
      expect(() => parser.write(xml).close(), url).not.toThrow();
      if (url === '/feed.xml') {
        expect(texts).toContain('海洋<科普>');
        expect(texts).toContain('摘要 & 说明');
      }
    }
  });
});
