import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { availableParts, findParts, keysUsed, readKeys, WEB_SRC } from './i18n-scope.ts';

/**
 * The web's dictionaries are split by feature and each loads with its pages (the core one with
 * the first page). A key used where its dictionary is not loaded would show as the key itself,
 * and a type cannot see that, so this reads the source: every key a file uses must be in a
 * dictionary loaded wherever that file can be shown (see `i18n-scope.ts`). To fix a failure,
 * move the key to the dictionary the message names, or load that dictionary with the page.
 */
const parts = findParts();
const keysOf = new Map(parts.map((p) => [p.name, readKeys(p.zhFile)]));
const allKeys = [...keysOf.values()].flat();
const partOf = new Map<string, string>();
for (const [name, keys] of keysOf) for (const key of keys) partOf.set(key, name);
const dictionaries = new Set(parts.flatMap((p) => [p.zhFile, p.enFile]));
const files = (fs.readdirSync(WEB_SRC, { recursive: true }) as string[])
  .map((f) => f.split(path.sep).join('/'))
  .filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.d.ts') && !dictionaries.has(f));

describe('web dictionaries', () => {
  it('are each declared once and part of MessageKey', () => {
    const onDisk = (fs.readdirSync(WEB_SRC, { recursive: true }) as string[])
      .map((f) => f.split(path.sep).join('/'))
      .filter((f) => /(^|\/)[\w-]*messages\.(zh-CN|en-US)\.ts$|^i18n\/(zh-CN|en-US)\.ts$/.test(f));
    expect([...dictionaries].sort()).toEqual(onDisk.sort());
    expect(parts.length).toBeGreaterThan(1);
    const index = fs.readFileSync(path.join(WEB_SRC, 'i18n/index.tsx'), 'utf8');
    for (const p of parts.slice(1)) {
      const file = path.posix.relative('i18n', p.zhFile);
      expect(index, `${p.zhFile} in the MessageKey union`).toContain(`from '${file}'`);
    }
  });

  it('have each key in one dictionary only', () => {
    const twice = allKeys.filter((key, i) => allKeys.indexOf(key) !== i);
    expect(twice).toEqual([]);
  });

  it('have the same keys in en-US as in zh-CN', () => {
    for (const p of parts) expect(readKeys(p.enFile), p.enFile).toEqual(readKeys(p.zhFile));
  });

  it('are loaded wherever their keys are used', () => {
    const available = availableParts(parts);
    const problems: string[] = [];
    for (const file of files) {
      const { literal, templates } = keysUsed(file, allKeys);
      if (literal.size === 0 && templates.size === 0) continue;
      const loaded = available.get(file);
      if (!loaded) {
        problems.push(`${file}: uses keys but is not reached from main.tsx`);
        continue;
      }
      for (const key of literal) {
        const part = partOf.get(key) as string;
        if (!loaded.has(part)) {
          problems.push(`${file}: '${key}' is in ${part}, loaded here: ${[...loaded].join(', ')}`);
        }
      }
      // A template may make any key of its shape: all of them must be here.
      for (const [template, keys] of templates) {
        if (keys.length === 0) problems.push(`${file}: \`${template}\` makes no key`);
        for (const key of keys) {
          const part = partOf.get(key) as string;
          if (!loaded.has(part)) {
            problems.push(
              `${file}: \`${template}\` can make '${key}', in ${part}, not loaded here`,
            );
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('keep the portal out of the console and feature dictionaries', () => {
    const available = availableParts(parts);
    expect([...(available.get('portal/Home.tsx') ?? [])]).toEqual(['core']);
    expect([...(available.get('admin/AdminApp.tsx') ?? [])].sort()).toEqual(['console', 'core']);
    expect([...(available.get('works/WorkForm.tsx') ?? [])].sort()).toEqual([
      'console',
      'core',
      'works',
    ]);
  });
});
