import type { Db } from '#platform/db/connect.ts';
import { referenceNames } from '../reference/service.ts';
import * as repo from './repo.ts';

/**
 * Characters XML 1.0 does not allow at all (C0 controls but tab, LF, CR; U+FFFE/F; lone
 * surrogates): dropped, so a stray one cannot make the feed unreadable.
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

const FEED_SIZE = 50;
const TITLE = '自然资源科普服务平台 · 辟谣';
const VERDICT_ZH = { DEBUNKED: '不实', CONFIRMED: '属实', PARTIAL: '部分属实' } as const;
type Claim = { rumour: string; truth: string };

async function entries(db: Db, base: string) {
  const [rows, names] = await Promise.all([
    repo.latestPublished(db, FEED_SIZE),
    referenceNames(db, ['HAZARD_TYPE']),
  ]);
  return rows.map((d) => {
    const claims = JSON.parse(d.claims) as Claim[];
    const text = claims
      .map((c, i) => `谣言${claims.length > 1 ? i + 1 : ''}：${c.rumour}\n真相：${c.truth}`)
      .join('\n\n');
    return {
      d,
      url: `${base}/debunks/${d.id}`,
      hazard: d.hazard ? (names.get(`HAZARD_TYPE:${d.hazard}`) ?? null) : null,
      verdict: VERDICT_ZH[d.status as keyof typeof VERDICT_ZH] ?? '',
      text: [text, d.authority ? `核实单位：${d.authority}` : ''].filter(Boolean).join('\n\n'),
    };
  });
}

/** RSS 2.0 of the newest published debunks, for cross-posting to the national platforms. */
export async function rss(db: Db, base: string): Promise<string> {
  const items = (await entries(db, base)).map(
    (e) => `    <item>
      <title>${escapeXml(e.d.title)}</title>
      <link>${escapeXml(e.url)}</link>
      <guid isPermaLink="true">${escapeXml(e.url)}</guid>
      <description>${escapeXml(e.text)}</description>
      <category>${escapeXml(e.verdict)}</category>${e.hazard ? `\n      <category>${escapeXml(e.hazard)}</category>` : ''}
      <author>${escapeXml(`noreply@kepu.invalid (${e.d.organisationName})`)}</author>
      <pubDate>${new Date(e.d.publishedAt!).toUTCString()}</pubDate>
    </item>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>${TITLE}</title>
    <link>${escapeXml(`${base}/debunks`)}</link>
    <description>自然资源领域谣言的核查结论：谣言原文、真相与核实单位</description>
    <language>zh-cn</language>
${items.join('\n')}
  </channel>
</rss>
`;
}

/** JSON Feed 1.1 (https://jsonfeed.org/version/1.1) of the same entries, structured fields in `_kepu`. */
export async function jsonFeed(db: Db, base: string) {
  const list = await entries(db, base);
  return {
    version: 'https://jsonfeed.org/version/1.1',
    title: TITLE,
    home_page_url: `${base}/debunks`,
    feed_url: `${base}/api/public/debunks/feed.json`,
    language: 'zh-CN',
    items: list.map((e) => ({
      id: e.d.id,
      url: e.url,
      title: e.d.title,
      content_text: e.text,
      summary: e.d.summary || undefined,
      date_published: e.d.publishedAt!,
      date_modified: e.d.updatedAt,
      authors: [{ name: e.d.organisationName }],
      tags: [e.verdict, ...(e.hazard ? [e.hazard] : [])].filter(Boolean),
      _kepu: {
        kind: e.d.kind,
        verdict: e.d.status,
        hazard: e.d.hazard,
        divisionCode: e.d.divisionCode,
        date: e.d.date,
        claims: JSON.parse(e.d.claims) as Claim[],
        authority: e.d.authority,
        sources: JSON.parse(e.d.sources) as unknown[],
      },
    })),
  };
}
