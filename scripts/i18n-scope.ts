import fs from 'node:fs';
import path from 'node:path';

/**
 * Which dictionaries are loaded wherever each web file can be shown, read from the source: the
 * first load has the core dictionary; a dynamic `import()` whose statement names a `*_MESSAGES`
 * part (`lazyPage(..., WORKS_MESSAGES)`) adds that part; a file reached several ways has only the
 * parts common to all of them. `i18n-scope.test.ts` checks every key a file uses against this.
 */

export const WEB_SRC = path.resolve(import.meta.dirname, '../web/src');
const ENTRY = 'main.tsx';
export const CORE = 'core';

export interface Part {
  /** The `defineMessages` name, or `core`. */
  name: string;
  /** The zh-CN dictionary file, relative to web/src. */
  zhFile: string;
  enFile: string;
  /** The part's constant (`WORKS_MESSAGES`), or null for core. */
  constant: string | null;
}

/** A dictionary file's keys in order, read from `'key': value` lines. */
export function readKeys(file: string): string[] {
  const text = fs.readFileSync(path.join(WEB_SRC, file), 'utf8');
  return [...text.matchAll(/^ {2}'([^']+)':/gm)].map((m) => m[1] as string);
}

function sourceFiles(): string[] {
  return (fs.readdirSync(WEB_SRC, { recursive: true }) as string[])
    .map((f) => f.split(path.sep).join('/'))
    .filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.d.ts'));
}

/** The core dictionary and every `defineMessages` part. */
export function findParts(): Part[] {
  const parts: Part[] = [
    { name: CORE, zhFile: 'i18n/zh-CN.ts', enFile: 'i18n/en-US.ts', constant: null },
  ];
  for (const file of sourceFiles()) {
    const text = fs.readFileSync(path.join(WEB_SRC, file), 'utf8');
    const re =
      /export const (\w+_MESSAGES) = defineMessages\('([\w-]+)', \{\s*'zh-CN': \(\) => import\('([^']+)'\),\s*'en-US': \(\) => import\('([^']+)'\)/g;
    for (const m of text.matchAll(re)) {
      const dir = path.posix.dirname(file);
      parts.push({
        constant: m[1] as string,
        name: m[2] as string,
        zhFile: path.posix.join(dir, m[3] as string),
        enFile: path.posix.join(dir, m[4] as string),
      });
    }
  }
  return parts;
}

function isDictionary(file: string, parts: Part[]): boolean {
  return parts.some((p) => p.zhFile === file || p.enFile === file);
}

interface Edge {
  to: string;
  /** The part this import loads beside the file (a lazy page's dictionary), if any. */
  part: string | null;
}

function importsOf(file: string, parts: Part[]): Edge[] {
  const text = fs.readFileSync(path.join(WEB_SRC, file), 'utf8');
  const dir = path.posix.dirname(file);
  const resolve = (spec: string) => path.posix.normalize(path.posix.join(dir, spec));
  const edges: Edge[] = [];
  // Static imports that load code (`import type` loads nothing).
  for (const m of text.matchAll(/^(?:import|export)(?! type )[^;]*? from '(\.[^']+)';/gms)) {
    edges.push({ to: resolve(m[1] as string), part: null });
  }
  for (const m of text.matchAll(/import\('(\.[^']+)'\)/g)) {
    const statement = text.slice(m.index, text.indexOf(';', m.index));
    const constant = /\b(\w+_MESSAGES)\b/.exec(statement)?.[1];
    const part = parts.find((p) => p.constant === constant)?.name ?? null;
    edges.push({ to: resolve(m[1] as string), part });
  }
  return edges.filter((e) => !isDictionary(e.to, parts));
}

/** For each web file reachable from the entry: the parts loaded wherever it may be shown. */
export function availableParts(parts: Part[]): Map<string, Set<string>> {
  const available = new Map<string, Set<string>>();
  const seen = new Set<string>();
  const queue: [string, Set<string>][] = [[ENTRY, new Set([CORE])]];
  while (queue.length > 0) {
    const [file, loaded] = queue.shift() as [string, Set<string>];
    const id = `${file}|${[...loaded].sort().join(',')}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const before = available.get(file);
    available.set(file, before ? new Set([...before].filter((p) => loaded.has(p))) : loaded);
    for (const edge of importsOf(file, parts)) {
      queue.push([edge.to, edge.part ? new Set([...loaded, edge.part]) : loaded]);
    }
  }
  return available;
}

/** Template literals that start like a key (`base.status.${s}`), nested ones included. */
function keyTemplates(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/`(?=[A-Za-z]\w*\.)/g)) {
    let i = m.index + 1;
    let shape = '';
    while (i < text.length && text[i] !== '`') {
      if (text.startsWith('${', i)) {
        let depth = 0;
        i++; // past the $
        do {
          if (text[i] === '{') depth++;
          if (text[i] === '}') depth--;
          i++;
        } while (depth > 0 && i < text.length);
        shape += '\0';
      } else {
        shape += text[i];
        i++;
      }
    }
    if (shape.includes('\0') && /^[A-Za-z]\w*\.[\w.\0-]*$/.test(shape)) found.push(shape);
  }
  return found;
}

export interface KeyUse {
  /** Keys written out in full. */
  literal: Set<string>;
  /** For each key template, the keys it can make (`${…}` is one segment, or several if none fit). */
  templates: Map<string, string[]>;
}

/** The keys a file uses: quoted keys, and the keys each template such as `base.status.${s}` can make (named `base.status.*`). */
export function keysUsed(file: string, allKeys: readonly string[]): KeyUse {
  const text = fs.readFileSync(path.join(WEB_SRC, file), 'utf8');
  const known = new Set(allKeys);
  const literal = new Set<string>();
  for (const m of text.matchAll(/['"`]([\w.-]+\.[\w.-]+)['"`]/g)) {
    if (known.has(m[1] as string)) literal.add(m[1] as string);
  }
  const templates = new Map<string, string[]>();
  for (const shape of keyTemplates(text)) {
    const escaped = shape.replace(/\./g, '\\.');
    const match = (hole: string) => {
      const re = new RegExp(`^${escaped.replace(/\0/g, hole)}$`);
      return allKeys.filter((key) => re.test(key));
    };
    const one = match('[^.]+');
    templates.set(shape.replace(/\0/g, '*'), one.length > 0 ? one : match('.+'));
  }
  return { literal, templates };
}
