/**
 * A shared page's title, description and picture in the web app's index.html, so a link pasted
 * into WeChat, Weibo or a search engine shows the work, not the platform's generic line (the app
 * itself sets them again in the browser).
 */
export interface PageMeta {
  title: string;
  description: string;
  /** The page's own address (canonical, og:url). */
  url: string;
  /** An absolute address of the picture shown with the link. */
  image?: string | null;
}

const SITE = '自然资源科普服务平台';

const escapeHtml = (s: string) =>
  s.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&#39;', '"': '&quot;' })[c]!,
  );

/** One line of at most `max` characters, for a description. */
export function oneLine(text: string, max = 120): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** index.html with the page's title, description, canonical address and Open Graph tags. */
export function withPageMeta(html: string, meta: PageMeta): string {
  const title = escapeHtml(`${meta.title} - ${SITE}`);
  const description = escapeHtml(meta.description);
  const tags = [
    `<link rel="canonical" href="${escapeHtml(meta.url)}" />`,
    `<meta property="og:site_name" content="${SITE}" />`,
    `<meta property="og:type" content="article" />`,
    `<meta property="og:title" content="${escapeHtml(meta.title)}" />`,
    `<meta property="og:description" content="${description}" />`,
    `<meta property="og:url" content="${escapeHtml(meta.url)}" />`,
    ...(meta.image ? [`<meta property="og:image" content="${escapeHtml(meta.image)}" />`] : []),
  ];
  return html
    .replace(/<title>[\s\S]*?<\/title>/, () => `<title>${title}</title>`)
    .replace(
      /<meta name="description" content="[^"]*"\s*\/?>/,
      () => `<meta name="description" content="${description}" />`,
    )
    .replace('</head>', () => `    ${tags.join('\n    ')}\n  </head>`);
}
