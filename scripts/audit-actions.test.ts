import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '../server/src/platform/audit-actions.ts';
import { AUDIT_ACTION_LABELS, AUDIT_ENTITY_LABELS } from '../server/src/platform/audit-labels.ts';
import { readKeys } from './i18n-scope.ts';

/**
 * The audit log shows what happened as a sentence, never the code `work.publish`: every action
 * the server can record (the registry `recordAudit` is typed with) and every kind of thing it
 * records them on needs words in both languages.
 */
const SERVER_SRC = path.join(import.meta.dirname, '../server/src');
const sources = (fs.readdirSync(SERVER_SRC, { recursive: true }) as string[])
  .filter((f) => f.endsWith('.ts'))
  .map((f) => fs.readFileSync(path.join(SERVER_SRC, f), 'utf8'));
const catalogues = Object.fromEntries(
  ['zh-CN', 'en-US'].map((lang) => [lang, new Set(readKeys(`admin/system-messages.${lang}.ts`))]),
);

describe('audit log sentences', () => {
  it('exist in zh-CN and en-US for every action the server records', () => {
    const missing = Object.entries(catalogues).flatMap(([lang, m]) =>
      AUDIT_ACTIONS.filter((a) => !AUDIT_ACTION_LABELS[a]?.[lang as 'zh-CN']?.trim()).map(
        (a) => `${lang}: ${a}`,
      ),
    );
    expect(missing).toEqual([]);
  });

  it('list every action written literally in the server', () => {
    // The type already refuses an unlisted action; this also catches a cast around it.
    const written = new Set(
      sources.flatMap((s) =>
        [...s.matchAll(/recordAudit\([^)]*?action:\s*'([\w.]+)'/gs)].map((m) => m[1] as string),
      ),
    );
    expect(written.size).toBeGreaterThan(40);
    const listed = new Set<string>(AUDIT_ACTIONS);
    expect([...written].filter((a) => !listed.has(a))).toEqual([]);
  });

  it('name every kind of entity the server records actions on', () => {
    const types = new Set(
      sources.flatMap((s) =>
        [...s.matchAll(/recordAudit\([^)]*?entityType:\s*'(\w+)'/gs)].map((m) => m[1] as string),
      ),
    );
    expect(types.has('work')).toBe(true);
    const missing = Object.entries(catalogues).flatMap(([lang, m]) =>
      [...types]
        .filter((t) => !m.has(`auditEntity.${t}`) || !AUDIT_ENTITY_LABELS[t]?.[lang as 'zh-CN'])
        .map((t) => `${lang}: ${t}`),
    );
    expect(missing).toEqual([]);
    // The console's filter offers them all.
    const web = fs.readFileSync(
      path.join(import.meta.dirname, '../web/src/admin/auditTargets.ts'),
      'utf8',
    );
    expect([...types].filter((t) => !web.includes(`'${t}'`))).toEqual([]);
  });
});

describe('audit kinds in the console filter', () => {
  it('read as the server calls them', () => {
    // The entries are one line each: `'auditEntity.work': '作品',`.
    const differ = (['zh-CN', 'en-US'] as const).flatMap((lang) => {
      const text = fs.readFileSync(
        path.join(import.meta.dirname, `../web/src/admin/system-messages.${lang}.ts`),
        'utf8',
      );
      return Object.entries(AUDIT_ENTITY_LABELS)
        .filter(
          ([type, label]) =>
            !text.includes(
              `'auditEntity.${type}': ${JSON.stringify(label[lang]).replace(/"/g, "'")}`,
            ),
        )
        .map(([type]) => `${lang}: ${type}`);
    });
    expect(differ).toEqual([]);
  });
});
