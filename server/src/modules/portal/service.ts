import type { Db } from '#platform/db/connect.ts';
import { oneLine, type PageMeta } from '#platform/page-meta.ts';
import { richTextToPlain } from '#platform/richtext.ts';
import { publicActivity } from '../activities/service.ts';
import { getPublicBase, listPublicBases } from '../bases/service.ts';
import { getPublicCollection, listPublicCollections } from '../collections/service.ts';
import { publicFacility, publicFacilityIds } from '../facilities/service.ts';
import { getPublicWork, latestPublishedWorks } from '../works/service.ts';

/**
 * Characters XML 1.0 does not allow at all, even escaped: C0 controls but tab, LF and CR, U+FFFE,
 * U+FFFF and lone surrogates. Input refuses them, but a title written into the database some
 * other way must not make the whole feed unreadable.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|\p{Cs}/gu;

const escapeXml = (s: string) =>
  s
    .replace(NOT_XML, '')
    .replace(
      /[<>&'"]/g,
      (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!,
    );

/**
 * The portal's own pages, every published work and collection, every public base and every
 * published open-day facility.
 */
export async function sitemap(db: Db, base: string): Promise<string> {
  const works = await latestPublishedWorks(db, 50_000);
  const collections = await listPublicCollections(db, { page: 1, pageSize: 10_000 });
  const bases = await listPublicBases(db, { page: 1, pageSize: 10_000 });
  const facilities = await publicFacilityIds(db);
  const loc = (p: string) => `<loc>${escapeXml(`${base}${p}`)}</loc>`;
  const urls = [
    ...['/', '/channel', '/search?type=work', '/bases', '/facilities', '/notices'].map(
      (p) => `<url>${loc(p)}<changefreq>daily</changefreq></url>`,
    ),
    ...works.map(
      (w) => `<url>${loc(`/works/${w.id}`)}<lastmod>${w.updatedAt.slice(0, 10)}</lastmod></url>`,
    ),
    ...collections.items.map((c) => `<url>${loc(`/collections/${c.id}`)}</url>`),
    ...bases.items.map((b) => `<url>${loc(`/bases/${b.id}`)}</url>`),
    ...facilities.map((id) => `<url>${loc(`/facilities/${id}`)}</url>`),
    ...['/notices?tab=past', '/contact', '/site-map', '/privacy', '/terms'].map(
      (p) => `<url>${loc(p)}</url>`,
    ),
  ];
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>\n`;
}

/** RSS 2.0 of the 50 newest published works. */
export async function rssFeed(db: Db, base: string): Promise<string> {
  const works = await latestPublishedWorks(db, 50);
  const items = works.map(
    (w) => `    <item>
      <title>${escapeXml(w.title)}</title>
      <link>${escapeXml(`${base}/works/${w.id}`)}</link>
      <guid isPermaLink="true">${escapeXml(`${base}/works/${w.id}`)}</guid>
      <description>${escapeXml(w.summary)}</description>
      <pubDate>${new Date(w.publishedAt).toUTCString()}</pubDate>
    </item>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>自然资源科普服务平台 · 最新科普作品</title>
    <link>${escapeXml(`${base}/`)}</link>
    <description>自然资源部科普工作办公室发布的最新科普作品</description>
    <language>zh-cn</language>
${items.join('\n')}
  </channel>
</rss>
`;
}

/**
 * The title, description and picture of a shared portal page (works, collections, bases,
 * activities, facilities), for the index.html the server sends; null for any other page or one
 * not public.
 */
export async function pageMeta(db: Db, pathname: string, base: string): Promise<PageMeta | null> {
  const [, section, id, extra] = pathname.split('/');
  if (!id || extra !== undefined) return null;
  const url = `${base}/${section}/${id}`;
  const image = (m: { displayUrl?: string | null; url: string } | null | undefined) =>
    m ? `${base}${m.displayUrl ?? m.url}` : null;
  switch (section) {
    case 'works': {
      const w = await getPublicWork(db, id);
      const text = w.summary || richTextToPlain(w.body);
      return { title: w.title, description: oneLine(text), url, image: image(w.cover) };
    }
    case 'collections': {
      const c = await getPublicCollection(db, id);
      return { title: c.title, description: oneLine(c.introText), url, image: image(c.cover) };
    }
    case 'bases': {
      const b = await getPublicBase(db, id);
      return { title: b.name, description: oneLine(richTextToPlain(b.intro)), url };
    }
    case 'activities': {
      const a = await publicActivity(db, id);
      const text = a.summary || richTextToPlain(a.body);
      return { title: a.title, description: oneLine(text), url };
    }
    case 'facilities': {
      const f = await publicFacility(db, id, 'zh-CN');
      return { title: f.name, description: oneLine(f.summary || f.description), url };
    }
    default:
      return null;
  }
}
