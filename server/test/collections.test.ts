import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Agent,
  buildOrganisation,
  buildPlatformAdmin,
  buildPublishedWork,
  buildUserWithRole,
  createTestEnv,
  DIALECTS,
  type TestEnv,
} from './helpers.ts';
import { png } from './media-fixtures.ts';

interface Collection {
  id: string;
  status: string;
  kind: string;
  featured: boolean;
  cover: { id: string; thumbUrl: string } | null;
  items: { id: string; title: string; status: string; note: string | null }[];
}
type ErrorBody = {
  error: { code: string; message: string; details?: { fields?: { field: string }[] } };
};
const err = (r: { body: unknown }) => (r.body as ErrorBody).error;

describe.each(DIALECTS)('collections and the science channel on %s', (dialect) => {
  let env: TestEnv;
  let admin: Agent;
  let unit: { id: string };
  let editor: Agent;
  let member: Agent;
  let outsider: Agent;
  let reviewer: Agent;
  const anonymous = () => new Agent(env.app);

  async function publishedWork(title: string, withCover = false) {
    const cover = withCover
      ? (
          await editor.upload<{ id: string }>(
            `/api/media?organisationId=${unit.id}&name=c.png&alt=${encodeURIComponent(title)}`,
            await png(120, 80),
          )
        ).body.id
      : null;
    return buildPublishedWork(editor, reviewer, unit.id, title, { coverId: cover });
  }

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    admin = (await buildPlatformAdmin(env)).agent;
    unit = await buildOrganisation(admin, env.rootId, { name: '专题策划中心' });
    const other = await buildOrganisation(admin, env.rootId, { name: '专题其他单位' });
    editor = (await buildUserWithRole(env, admin, 'EDITOR', unit.id)).agent;
    member = (await buildUserWithRole(env, admin, 'MEMBER', unit.id)).agent;
    outsider = (await buildUserWithRole(env, admin, 'EDITOR', other.id)).agent;
    reviewer = (await buildUserWithRole(env, admin, 'REVIEWER', other.id)).agent;
  });
  afterAll(() => env.close());

  it('curates an ordered collection of published works, publishes it, and shows it on the portal', async () => {
    const a = await publishedWork('海洋里的塑料去哪了', true);
    const b = await publishedWork('红树林：海岸的卫士');
    const draft = await editor.post<{ id: string }>('/api/works', {
      organisationId: unit.id,
      type: 'PERIODICAL_ARTICLE',
      title: '未发布的草稿',
    });
    const cover = await editor.upload<{ id: string }>(
      `/api/media?organisationId=${unit.id}&name=collection.png&alt=蓝色海洋`,
      await png(300, 200),
    );
    const created = await editor.post<Collection>('/api/collections', {
      organisationId: unit.id,
      kind: 'TOPIC',
      title: '世界海洋日专题',
      intro: '<p>认识海洋、保护海洋。</p><script>x()</script>',
      coverId: cover.body.id,
      featured: true,
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(created.body).toMatchObject({ status: 'DRAFT', featured: true });
    expect((created.body as unknown as { intro: string }).intro).not.toContain('script');

    // Not published yet: nothing public, and publishing an empty collection is refused.
    expect((await anonymous().get(`/api/public/collections/${id}`)).status).toBe(404);
    const empty = await editor.post(`/api/collections/${id}/publish`);
    expect(empty.status).toBe(422);

    const withDraft = await editor.request('PUT', `/api/collections/${id}/items`, {
      items: [{ workId: a }, { workId: draft.body.id }],
    });
    expect(withDraft.status).toBe(400);
    expect(err(withDraft).details?.fields?.[0]?.field).toBe('items');
    const dup = await editor.request('PUT', `/api/collections/${id}/items`, {
      items: [{ workId: a }, { workId: a }],
    });
    expect(dup.status).toBe(400);

    const set = await editor.request<Collection>('PUT', `/api/collections/${id}/items`, {
      items: [{ workId: b, note: '先读这篇' }, { workId: a }],
    });
    expect(set.status).toBe(200);
    expect(set.body.items.map((i) => i.id)).toEqual([b, a]);
    expect(set.body.items[0]!.note).toBe('先读这篇');

    expect((await member.post(`/api/collections/${id}/publish`)).status).toBe(403);
    expect((await outsider.post(`/api/collections/${id}/publish`)).status).toBe(404);
    const pub = await editor.post<Collection>(`/api/collections/${id}/publish`);
    expect(pub.body.status).toBe('PUBLISHED');
    expect((await editor.post(`/api/collections/${id}/publish`)).status).toBe(409);

    const page = await anonymous().get<{
      items: { id: string; cover: { thumbUrl: string } | null }[];
      title: string;
      cover: { thumbUrl: string };
    }>(`/api/public/collections/${id}`);
    expect(page.status).toBe(200);
    expect(page.body.items.map((i) => i.id)).toEqual([b, a]);
    expect(page.body.items[1]!.cover?.thumbUrl).toBeTruthy();
    // The collection's cover is public now.
    expect((await anonymous().get(page.body.cover.thumbUrl)).status).toBe(200);

    const list = await anonymous().get<{ items: { id: string; works: number }[] }>(
      '/api/public/collections?featured=true',
    );
    expect(list.body.items.find((t) => t.id === id)?.works).toBe(2);

    const channel = await anonymous().get<{
      featured: { id: string }[];
      latestWorks: { id: string; cover: unknown }[];
    }>('/api/public/channel');
    expect(channel.status).toBe(200);
    expect(channel.body.featured.map((t) => t.id)).toContain(id);
    expect(channel.body.latestWorks.map((w) => w.id)).toEqual(expect.arrayContaining([a, b]));

    const found = await anonymous().get<{ items: { type: string; id: string }[] }>(
      `/api/search?q=${encodeURIComponent('海洋日')}&type=collection`,
    );
    expect(found.body.items.map((i) => i.id)).toContain(id);

    // A withdrawn work leaves the public collection; the console still lists it.
    await editor.post(`/api/works/${a}/withdraw`);
    const after = await anonymous().get<{ items: { id: string }[] }>(
      `/api/public/collections/${id}`,
    );
    expect(after.body.items.map((i) => i.id)).toEqual([b]);
    const consoleView = await member.get<Collection>(`/api/collections/${id}`);
    expect(consoleView.body.items.map((i) => i.status)).toEqual(['PUBLISHED', 'WITHDRAWN']);

    // Unpublished: gone from the portal and search; its cover is private again.
    await editor.post(`/api/collections/${id}/unpublish`);
    expect((await anonymous().get(`/api/public/collections/${id}`)).status).toBe(404);
    expect((await anonymous().get(page.body.cover.thumbUrl)).status).toBe(401);
    const gone = await anonymous().get<{ items: { id: string }[] }>(
      `/api/search?q=${encodeURIComponent('海洋日')}&type=collection`,
    );
    expect(gone.body.items.map((i) => i.id)).not.toContain(id);
  });

  it('lists and exports the console view within the caller’s units; archives for good', async () => {
    const t = await editor.post<Collection>('/api/collections', {
      organisationId: unit.id,
      kind: 'SERIES',
      title: '跟着地质学家去旅行',
    });
    expect(t.status).toBe(201);
    const list = await member.get<{ items: { id: string; kind: string }[] }>(
      '/api/collections?kind=SERIES',
    );
    expect(list.body.items.map((i) => i.id)).toContain(t.body.id);
    const foreign = await outsider.get<{ items: { id: string }[] }>('/api/collections');
    expect(foreign.body.items.map((i) => i.id)).not.toContain(t.body.id);
    const xlsx = await member.get('/api/collections/export');
    expect(xlsx.status).toBe(200);
    expect((await editor.post(`/api/collections/${t.body.id}/archive`)).status).toBe(200);
    const edit = await editor.patch(`/api/collections/${t.body.id}`, { title: '改标题' });
    expect(edit.status).toBe(409);
    expect(err(edit).message).toContain('已归档');
  });
});
