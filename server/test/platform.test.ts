import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADULT, Agent, createTestEnv, DIALECTS, type TestEnv } from './helpers.ts';

describe.each(DIALECTS)('platform HTTP behaviour on %s', (dialect) => {
  let env: TestEnv;
  let anon: Agent;
  beforeAll(async () => {
    env = await createTestEnv(dialect, { KEPU_BODY_LIMIT_BYTES: '4096' });
    anon = new Agent(env.app);
  });
  afterAll(() => env.close());

  it('reports health with the database dialect and version', async () => {
    const res = await anon.get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'ok',
      database: { dialect, reachable: true, writable: true },
      storage: { writable: true },
      version: expect.any(String),
    });
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers an unknown route with a JSON 404 in Chinese, or English by Accept-Language', async () => {
    const zh = await anon.get('/api/does-not-exist');
    expect(zh.status).toBe(404);
    expect(zh.body).toEqual({
      error: {
        code: 'ROUTE_NOT_FOUND',
        message: '接口不存在：GET /api/does-not-exist',
        details: null,
      },
    });
    const en = await anon.get('/api/does-not-exist', {
      'accept-language': 'en-US,en;q=0.9,zh;q=0.5',
    });
    expect((en.body as { error: { message: string } }).error.message).toBe(
      'No such endpoint: GET /api/does-not-exist',
    );
  });

  it('names every bad field of a validation error', async () => {
    const res = await anon.post('/api/auth/register', { ...ADULT, username: 'x', displayName: '' });
    expect(res.status).toBe(400);
    const body = res.body as {
      error: { code: string; details: { fields: { field: string; message: string }[] } };
    };
    expect(body.error.code).toBe('VALIDATION_FAILED');
    const byField = Object.fromEntries(body.error.details.fields.map((f) => [f.field, f.message]));
    expect(byField.username).toBe('username：长度至少为 3 个字符');
    expect(byField.password).toBe('password：为必填项');
    expect(byField.displayName).toBe('displayName：长度至少为 1 个字符');
    const en = await anon.post(
      '/api/auth/register',
      { username: 'x' },
      { 'accept-language': 'en' },
    );
    const enFields = (en.body as typeof body).error.details.fields;
    expect(enFields.find((f) => f.field === 'username')?.message).toBe(
      'username must be at least 3 characters long',
    );
    expect(enFields.find((f) => f.field === 'password')?.message).toBe('password is required');
  });

  it('answers malformed JSON with 400, an oversized body with 413, a wrong type with 415', async () => {
    const bad = await env.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username":',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('MALFORMED_JSON');
    const big = await env.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ username: 'a'.repeat(10_000), password: 'x' }),
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().error).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      message: '请求内容过大，上限为 4 KiB',
    });
    const form = await env.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'username=a&password=b',
    });
    expect(form.statusCode).toBe(415);
    expect(form.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('publishes an OpenAPI 3.1 document listing every API route', async () => {
    const res = await anon.get<{ openapi: string; paths: Record<string, unknown> }>(
      '/api/openapi.json',
    );
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const apiRoutes = env.app
      .printRoutes({ commonPrefix: false })
      .split('\n')
      .filter((l) => l.includes('/api/') && !l.includes('/api/docs'));
    expect(apiRoutes.length).toBeGreaterThan(0);
    for (const p of [
      '/api/health',
      '/api/auth/login',
      '/api/organisations/{id}/move',
      '/api/audit/export',
    ]) {
      expect(Object.keys(res.body.paths)).toContain(p);
    }
    const docs = await anon.get('/api/docs/');
    expect(docs.status).toBe(200);
  });
});

describe('list exports', () => {
  it('write instants in Beijing time and leave calendar dates and other text alone', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const { buildXlsx } = await import('../src/platform/export/xlsx.ts');
    const buf = await buildXlsx<{ at: string; day: string; n: number }>(
      '测试',
      [
        { header: '时间', value: (r) => r.at },
        { header: '日期', value: (r) => r.day },
        { header: '数量', value: (r) => r.n },
      ],
      [{ at: '2026-01-01T16:30:00.000Z', day: '2026-01-01', n: 3 }],
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const row = wb.worksheets[0]!.getRow(2).values as unknown[];
    expect(row.slice(1)).toEqual(['2026-01-02 00:30:00', '2026-01-01', 3]);
  });
});
