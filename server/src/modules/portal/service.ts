import type { Db } from '#platform/db/connect.ts';
import { latestPublishedWorks } from '../works/service.ts';

const escapeXml = (s: string) =>
  s.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!,
  );

/** Static portal pages and every published work. */
export async function sitemap(db: Db, base: string): Promise<string> {
  const works = await latestPublishedWorks(db, 50_000);
  const urls = [
    `<url><loc>${escapeXml(`${base}/`)}</loc><changefreq>daily</changefreq></url>`,
    `<url><loc>${escapeXml(`${base}/search?type=work`)}</loc><changefreq>daily</changefreq></url>`,
    ...works.map(
      (w) =>
        `<url><loc>${escapeXml(`${base}/works/${w.id}`)}</loc><lastmod>${w.updatedAt.slice(0, 10)}</lastmod></url>`,
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
