import fs from 'node:fs';
import { linkMedia, storeBytes } from '#modules/media/service.ts';
import * as worksRepo from '#modules/works/repo.ts';
import { versionOf } from '#modules/works/service.ts';
import type { RequestContext } from '#platform/audit.ts';
import type { DbHandle } from '#platform/db/connect.ts';
import { newId } from '#platform/ids.ts';
import { loadSharp } from '#platform/on-demand.ts';
import { fromRoot } from '#platform/paths.ts';
import { searchEngineFor } from '#platform/search/engine.ts';
import type { Storage } from '#platform/storage/storage.ts';
import { demoGlb, demoPdf, demoVideo } from './assets.ts';
import { coverSvg } from './covers.ts';

/**
 * The demo library: the labelled corpus of the search-quality benchmark (realistic Chinese works)
 * published by the demo units, checked by the demo experts, with generated covers for the newest
 * and three collections on the science channel. One corpus serves both, so the demo portal finds
 * what the benchmark measures.
 */
const CORPUS = fromRoot('bench/search-quality/corpus.jsonl');
const COVERS = 24;

interface CorpusDoc {
  subtype: string;
  title: string;
  excerpt: string;
  body: string;
  sectors: string[];
  topics: string[];
  audiences: string[];
  region: string | null;
  publishedAt: string;
  names: string[];
}

const pick = <T>(known: Set<string>, codes: T[]) => codes.filter((c) => known.has(String(c)));

export async function seedDemoWorks(
  handle: DbHandle,
  storage: Storage | undefined,
  people: Record<string, { id: string; orgId: string }>,
  now = Date.now(),
): Promise<number> {
  if (!fs.existsSync(CORPUS)) return 0;
  const sharp = await loadSharp();
  const { db, dialect } = handle;
  const ctx: RequestContext = { actorId: null, ip: null, dialect };
  const refs = await db.selectFrom('referenceItems').select(['kind', 'code']).execute();
  const known = (kind: string) => new Set(refs.filter((r) => r.kind === kind).map((r) => r.code));
  const sectors = known('SECTOR');
  const topics = known('TOPIC');
  const audiences = known('AUDIENCE');
  const types = known('WORK_TYPE');
  const docs = fs
    .readFileSync(CORPUS, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as CorpusDoc);
  // The corpus's dates move with today: its newest work came out two days ago.
  const newestDate = Math.max(...docs.map((d) => Date.parse(d.publishedAt)));
  const shift = now - 2 * 86_400_000 - newestDate;
  for (const d of docs) d.publishedAt = new Date(Date.parse(d.publishedAt) + shift).toISOString();

  // Who publishes what: ocean and surveying works come from their institutes, geology from the
  // museums, the rest from the publicity centre; experts check in their fields.
  const creatorOf = (d: CorpusDoc, i: number) => {
    if (d.sectors.includes('OCEAN')) return people['xu.fang']!;
    if (d.sectors.includes('GEOLOGY') || d.sectors.includes('MINERAL'))
      return i % 2 ? people['sun.li']! : people['li.na']!;
    return people['xu.fang']!;
  };
  const reviewerOf = (d: CorpusDoc) =>
    d.sectors.includes('OCEAN') ? people['zhao.lei']! : people['wang.qiang']!;

  const rows: (worksRepo.WorkRow & { reviewer: string; sector: string })[] = docs.map((d, i) => {
    const creator = creatorOf(d, i);
    const body = d.body
      .split(/\n+/)
      .map((p) => `<p>${p.replaceAll('&', '&amp;').replaceAll('<', '&lt;')}</p>`)
      .join('');
    return {
      ...worksRepo.newWorkRow({
        type: types.has(d.subtype) ? d.subtype : 'OTHER',
        status: 'PUBLISHED',
        title: d.title,
        summary: d.excerpt,
        body,
        authors: JSON.stringify(d.names.map((name) => ({ name, role: 'AUTHOR' }))),
        organisationId: creator.orgId,
        createdBy: creator.id,
        sectors: JSON.stringify(pick(sectors, d.sectors)),
        topics: JSON.stringify(pick(topics, d.topics)),
        audiences: JSON.stringify(pick(audiences, d.audiences)),
        regions: JSON.stringify(d.region ? [d.region] : []),
        checkedVersion: 1,
        publishedVersion: 1,
        publishedAt: d.publishedAt,
        createdAt: d.publishedAt,
      }),
      reviewer: reviewerOf(d).id,
      sector: d.sectors[0] ?? '',
    };
  });

  // Covers for the newest works (what the science channel shows first).
  const newest = [...rows].sort((a, b) => b.publishedAt!.localeCompare(a.publishedAt!));
  if (storage) {
    // Rendered side by side (sharp works on libuv's threads), stored one by one.
    const covered = newest.slice(0, COVERS);
    const pngs = await Promise.all(
      covered.map((w, i) =>
        sharp(Buffer.from(coverSvg(w.sector, i * 37 + 11)))
          .png()
          .toBuffer(),
      ),
    );
    for (const [i, w] of covered.entries()) {
      const png = pngs[i]!;
      const cover = await storeBytes(db, storage, ctx, png, {
        name: `封面-${i + 1}.png`,
        alt: '',
        organisationId: w.organisationId,
        uploadedBy: w.createdBy,
        log: () => {},
      });
      w.coverId = cover.id;
    }
  }

  // A PDF, a video and a 3D model on the newest book, video and exhibit.
  if (storage) {
    const attach = async (type: string, bytes: Buffer, name: string) => {
      const w = newest.find((r) => r.type === type);
      if (!w) return;
      const m = await storeBytes(db, storage, ctx, bytes, {
        name,
        alt: w.title,
        organisationId: w.organisationId,
        uploadedBy: w.createdBy,
        log: () => {},
      });
      w.mediaIds = JSON.stringify([m.id]);
    };
    await attach('BOOK', demoPdf(), '地质剖面图.pdf');
    await attach('VIDEO', demoVideo(), '野外巡护短片.mp4');
    await attach('EXHIBIT', demoGlb(), '地形模型.glb');
  }

  const engine = searchEngineFor(db, dialect);
  await db.transaction().execute(async (tx) => {
    for (let i = 0; i < rows.length; i += 200) {
      const batch = rows.slice(i, i + 200);
      await worksRepo.insertWorks(
        tx,
        batch.map(({ reviewer: _r, sector: _s, ...w }) => w),
      );
      await worksRepo.insertVersions(
        tx,
        batch.map((w) => versionOf(w, 1, w.createdBy, null, w.createdAt)),
      );
      for (const w of batch) {
        await worksRepo.insertCheck(tx, {
          id: newId(),
          workId: w.id,
          version: 1,
          reviewerId: w.reviewer,
          decision: 'PASSED',
          comments: '内容科学准确。',
          createdAt: w.publishedAt!,
        });
        const mediaIds = JSON.parse(w.mediaIds) as string[];
        if (w.coverId || mediaIds.length)
          await linkMedia(tx, { type: 'work', id: w.id }, { coverId: w.coverId, mediaIds }, true);
      }
      await engine.index(
        tx,
        'work',
        batch.map((w) => w.id),
      );
    }
  });

  // Three collections on the science channel.
  const by = (test: (d: CorpusDoc, w: worksRepo.WorkRow) => boolean) =>
    docs
      .map((d, i) => [d, rows[i]!] as const)
      .filter(([d, w]) => test(d, w))
      .slice(0, 8)
      .map(([, w]) => w);
  const collections = [
    {
      kind: 'TOPIC' as const,
      title: '地质灾害防治：识别前兆，科学避险',
      intro:
        '<p>滑坡、崩塌、泥石流多发生在雨季。本专题汇集前兆识别、避险撤离和群测群防的科普作品，帮助山区群众和学生掌握保命知识。</p>',
      works: by((d) => d.topics.includes('GEOHAZARD_PREVENTION')),
      sector: 'GEOLOGY',
      owner: people['xu.fang']!,
    },
    {
      kind: 'TOPIC' as const,
      title: '走向深蓝：海洋与极地',
      intro: '<p>从红树林到深海热液，从海平面上升到极地科考，带你认识我们的蓝色国土。</p>',
      works: by((d) => d.sectors.includes('OCEAN')),
      sector: 'OCEAN',
      owner: people['xu.fang']!,
    },
    {
      kind: 'SERIES' as const,
      title: '辟谣课堂：自然资源里的那些传言',
      intro:
        '<p>“地震云能预测地震吗？”“可燃冰一点就着，很危险？”每期一个传言，专家用证据说话。</p>',
      works: by((d) => d.subtype === 'DEBUNK'),
      sector: 'MINERAL',
      owner: people['xu.fang']!,
    },
  ];
  for (const [i, c] of collections.entries()) {
    if (c.works.length === 0) continue;
    const id = newId();
    const at = new Date(Date.now() - i * 86_400_000).toISOString();
    let coverId: string | null = null;
    if (storage) {
      const png = await sharp(Buffer.from(coverSvg(c.sector, 500 + i * 91)))
        .png()
        .toBuffer();
      coverId = (
        await storeBytes(db, storage, ctx, png, {
          name: `专题封面-${i + 1}.png`,
          alt: '',
          organisationId: c.owner.orgId,
          uploadedBy: c.owner.id,
          log: () => {},
        })
      ).id;
    }
    await db.transaction().execute(async (tx) => {
      await tx
        .insertInto('collections')
        .values({
          id,
          kind: c.kind,
          title: c.title,
          intro: c.intro,
          coverId,
          organisationId: c.owner.orgId,
          status: 'PUBLISHED',
          featured: i < 2 ? 1 : 0,
          createdBy: c.owner.id,
          publishedAt: at,
          createdAt: at,
          updatedAt: at,
        })
        .execute();
      await tx
        .insertInto('collectionItems')
        .values(
          c.works.map((w, position) => ({ collectionId: id, workId: w.id, position, note: null })),
        )
        .execute();
      if (coverId) await linkMedia(tx, { type: 'collection', id }, { coverId, mediaIds: [] }, true);
      await engine.index(tx, 'collection', [id]);
    });
  }
  return rows.length;
}
