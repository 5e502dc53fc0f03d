import fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import ExcelJS from 'exceljs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildXlsx } from '../src/platform/export/xlsx.ts';
import {
  type Agent,
  buildOrganisation,
  buildPlatformAdmin,
  buildUserWithRole,
  createTestEnv,
  DIALECTS,
  type TestEnv,
} from './helpers.ts';

type Schema = {
  type?: string | string[];
  $ref?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  prefixItems?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  maxItems?: number;
  maxLength?: number;
  maxProperties?: number;
  maximum?: number;
  pattern?: string;
};
type Operation = {
  parameters?: { name: string; in: string; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
};
type OpenApi = {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
};

/** Formats whose validation bounds the length by itself. */
const BOUNDED_FORMATS = new Set(['uuid', 'date', 'date-time', 'time']);

/**
 * A pattern bounds the length when it is anchored at both ends and every repetition in it has an
 * upper bound (`^\\d{6}$`, `^[A-Z][A-Z0-9_]{1,39}$`); `+`, `*` and `{n,}` outside a class do not.
 */
function patternBoundsLength(pattern: string): boolean {
  if (!pattern.startsWith('^') || !pattern.endsWith('$')) return false;
  const bare = pattern.replace(/\\./g, 'x').replace(/\[[^\]]*\]/g, 'x');
  return !/[*+]|\{\d+,\}/.test(bare);
}

/**
 * Every place in a request schema where a client could send more than we mean to take: a string
 * without `maxLength`, an array without `maxItems`, an object of free keys without
 * `maxProperties`. Each problem is named by its path (`POST /api/works body.tags[]`).
 */
function unbounded(doc: OpenApi): string[] {
  const problems: string[] = [];
  const resolve = (s: Schema): Schema =>
    s.$ref ? resolve(doc.components!.schemas![s.$ref.split('/').pop()!]!) : s;
  const walk = (raw: Schema | undefined, at: string, seen: Set<Schema>) => {
    if (!raw) return;
    const s = resolve(raw);
    if (seen.has(s)) return;
    const next = new Set(seen).add(s);
    for (const alt of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])])
      walk(alt, at, next);
    const types = [s.type ?? []].flat();
    if (s.enum || s.const !== undefined) return;
    if (
      types.includes('string') &&
      s.maxLength === undefined &&
      !BOUNDED_FORMATS.has(s.format!) &&
      !(s.pattern && patternBoundsLength(s.pattern))
    )
      problems.push(`${at}: string without maxLength`);
    if (types.includes('array')) {
      if (s.maxItems === undefined && !s.prefixItems)
        problems.push(`${at}: array without maxItems`);
      walk(s.items, `${at}[]`, next);
      for (const [i, p] of (s.prefixItems ?? []).entries()) walk(p, `${at}[${i}]`, next);
    }
    for (const [k, p] of Object.entries(s.properties ?? {})) walk(p, `${at}.${k}`, next);
    if (s.additionalProperties && typeof s.additionalProperties === 'object') {
      if (s.maxProperties === undefined)
        problems.push(`${at}: object of free keys without maxProperties`);
      walk(s.additionalProperties, `${at}.*`, next);
    }
  };
  for (const [url, ops] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(ops)) {
      const name = `${method.toUpperCase()} ${url}`;
      for (const p of op.parameters ?? [])
        if (p.in === 'query') {
          walk(p.schema, `${name} query.${p.name}`, new Set());
          if (
            /^(pageSize|limit|size)$/.test(p.name) &&
            resolve(p.schema ?? {}).maximum === undefined
          )
            problems.push(`${name} query.${p.name}: page size without maximum`);
        }
      for (const [type, c] of Object.entries(op.requestBody?.content ?? {}))
        if (type.includes('json')) walk(c.schema, `${name} body`, new Set());
    }
  return problems;
}

describe('the bounded-input walker', () => {
  it('finds an unbounded string, array, free-keyed object and page size, and passes bounded ones', () => {
    const doc: OpenApi = {
      paths: {
        '/x': {
          post: {
            parameters: [
              { name: 'pageSize', in: 'query', schema: { type: 'integer' } },
              { name: 'q', in: 'query', schema: { type: 'string', maxLength: 50 } },
              { name: 'code', in: 'query', schema: { type: 'string', pattern: '^[A-Z]{1,9}$' } },
              { name: 'loose', in: 'query', schema: { type: 'string', pattern: '^[A-Z]+$' } },
            ],
            requestBody: {
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      id: { type: 'string', format: 'uuid' },
                      tags: { type: 'array', items: { type: 'string', maxLength: 9 } },
                      data: {
                        type: 'object',
                        additionalProperties: { $ref: '#/components/schemas/N' },
                      },
                      kind: { type: 'string', enum: ['A', 'B'] },
                    },
                  },
                },
              },
            },
          },
        },
      },
      components: { schemas: { N: { anyOf: [{ type: 'string' }, { type: 'number' }] } } },
    };
    expect(unbounded(doc)).toEqual([
      'POST /x query.pageSize: page size without maximum',
      'POST /x query.loose: string without maxLength',
      'POST /x body.tags: array without maxItems',
      'POST /x body.data: object of free keys without maxProperties',
      'POST /x body.data.*: string without maxLength',
    ]);
  });
});

describe('list exports', () => {
  it('write 100,000 rows in bounded memory without holding the event loop', async () => {
    const rows = Array.from({ length: 100_000 }, (_, i) => ({ seq: i + 1, who: `用户${i}` }));
    global.gc?.();
    const rss0 = process.memoryUsage().rss;
    let peak = rss0;
    const sample = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 5);
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const bytes = await buildXlsx(
      '审计日志',
      [
        { header: '序号', value: (r: (typeof rows)[number]) => r.seq },
        { header: '操作人', value: (r: (typeof rows)[number]) => r.who },
        { header: '操作', value: () => 'work.update' },
        { header: '时间', value: () => '2026-01-01T08:00:00Z' },
      ],
      rows,
    );
    delay.disable();
    clearInterval(sample);
    expect(peak - rss0).toBeLessThan(200 * 1024 * 1024);
    expect(delay.max / 1e6).toBeLessThan(1_000);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('审计日志');
    expect(ws.rowCount).toBe(100_001);
    expect(ws.getRow(1).font?.bold).toBe(true);
    expect(ws.getRow(100_001).values).toEqual([
      undefined,
      100_000,
      '用户99999',
      'work.update',
      // Instants are written in Beijing time.
      '2026-01-01 16:00:00',
    ]);
  }, 120_000);
});

describe.each(DIALECTS)('bounded input on %s', (dialect) => {
  let env: TestEnv;
  let doc: OpenApi;
  let admin: Agent;
  let member: Agent;
  let unitId: string;

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    admin = (await buildPlatformAdmin(env)).agent;
    doc = (await admin.get<OpenApi>('/api/openapi.json')).body;
    unitId = (await buildOrganisation(admin, env.rootId, { name: '上传单位' })).id;
    member = (await buildUserWithRole(env, admin, 'MEMBER', unitId)).agent;
  });
  afterAll(async () => {
    await env.close();
  });

  it('bounds every string, array and free-keyed object of every request body and query', () => {
    expect(Object.keys(doc.paths).length).toBeGreaterThan(100);
    expect(unbounded(doc)).toEqual([]);
  });

  it('refuses an object of too many keys, naming the field (400)', async () => {
    const data = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, i]));
    const res = await admin.post<{
      error: { details: { fields: { field: string; message: string }[] } };
    }>('/api/reference/SECTOR', {
      code: 'TOO_MANY_KEYS',
      nameZh: '键太多',
      nameEn: 'Too many keys',
      data,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields).toEqual([
      { field: 'data', location: 'body', message: 'data：字段数不能超过 20' },
    ]);
  });

  it('refuses a body nested deeper than the limit before parsing it (400), on any JSON route', async () => {
    const deep = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
    for (const [url, body] of [
      [
        '/api/reference/SECTOR',
        `{"code":"DEEP","nameZh":"深","nameEn":"Deep","data":${deep(10_000)}}`,
      ],
      ['/api/auth/login', `{"username":${deep(100)}}`],
    ] as const) {
      const res = await env.app.inject({
        method: 'POST',
        url,
        headers: {
          'content-type': 'application/json',
          cookie: admin.cookie!,
          'x-csrf-token': admin.csrf!,
        },
        payload: body,
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toEqual({
        code: 'JSON_TOO_DEEP',
        message: '请求体的嵌套层级过深，上限为 32 层',
        details: null,
      });
    }
    // Brackets inside strings are text, not nesting.
    const text = await admin.post('/api/reference/SECTOR', {
      code: 'BRACKETS',
      nameZh: '[[[[{{{{',
      nameEn: '\\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[',
      data: { note: '{'.repeat(100) },
    });
    expect(text.status).toBe(201);
  });

  it('refuses images over 50 megapixels and videos over 8K before decoding them whole (422)', async () => {
    const upload = (bytes: Buffer, name: string) =>
      member.upload<{ error: { message: string } }>(
        `/api/media?organisationId=${unitId}&name=${encodeURIComponent(name)}`,
        bytes,
      );
    const huge = await sharp({
      create: { width: 8000, height: 6300, channels: 3, background: '#3a7f5c' },
    })
      .png()
      .toBuffer();
    const image = await upload(huge, '巨幅.png');
    expect(image.status).toBe(422);
    expect(image.body.error.message).toBe('图片像素过多（上限 5000 万像素），请缩小后再上传');
    // A 7744×4400 frame: one second of VP8, 57 KB on the wire.
    const video = await upload(
      fs.readFileSync(new URL('./fixtures/huge-frame.webm', import.meta.url)),
      '巨幅.webm',
    );
    expect(video.status).toBe(422);
    expect(video.body.error.message).toBe(
      '视频画面过大（7744×4400，上限 7680×4320），请压缩后再上传',
    );
    const stored = await env.handle.db
      .selectFrom('media')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(0);
  });
});
