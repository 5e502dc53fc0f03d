import DOMPurify from 'dompurify';

/** The server already sanitizes rich text; the browser sanitizes again before inserting it. */
export function safeHtml(html: string): string {
  return DOMPurify.sanitize(html, { USE_PROFILES: { html: true } });
}

function escapeHtml(s: string): string {
  return s
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

/** Plain paragraphs (separated by blank lines; single newlines become <br>) to HTML. */
export function paragraphsToHtml(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .map((p) => `<p>${escapeHtml(p).replaceAll('\n', '<br>')}</p>`)
    .join('\n');
}

const BLOCKS = new Set(['P', 'DIV', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'LI', 'BLOCKQUOTE', 'PRE']);

/** Stored HTML back to paragraphs for the plain editor (formatting beyond paragraphs is lost). */
export function htmlToParagraphs(html: string): string {
  if (!html.trim()) return '';
  const doc = new DOMParser().parseFromString(safeHtml(html), 'text/html');
  const out: string[] = [];
  let current = '';
  const flush = () => {
    if (current.trim()) out.push(current.trim());
    current = '';
  };
  const walk = (node: Node) => {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === Node.TEXT_NODE) current += child.textContent ?? '';
      else if (child instanceof HTMLElement) {
        if (child.tagName === 'BR') current += '\n';
        else if (BLOCKS.has(child.tagName)) {
          flush();
          walk(child);
          flush();
        } else walk(child);
      }
    }
  };
  walk(doc.body);
  flush();
  return out.join('\n\n');
}

/** Text with [start, end) ranges marked (UTF-16 offsets, as the search API gives them). */
export function markRanges(text: string, ranges: readonly (readonly number[])[]) {
  const sorted = [...ranges].sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));
  const parts: { text: string; mark: boolean }[] = [];
  let at = 0;
  for (const [s = 0, e = 0] of sorted) {
    const start = Math.max(s, at);
    const end = Math.min(e, text.length);
    if (end <= start) continue;
    if (start > at) parts.push({ text: text.slice(at, start), mark: false });
    parts.push({ text: text.slice(start, end), mark: true });
    at = end;
  }
  if (at < text.length) parts.push({ text: text.slice(at), mark: false });
  return parts;
}
