import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compileWriter, createResponseSerializerCompiler } from '../src/platform/serialize.ts';

/**
 * The compiled writers of response schemas (issue 15): the JSON zod's parse and JSON.stringify
 * would write, without the parse. The integration tests check every route's answers this way in
 * strict mode; here the shapes one by one, and what strict mode refuses.
 */
const Item = z.object({
  id: z.string(),
  title: z.string(),
  cover: z.object({ url: z.string(), width: z.number().int() }).nullable(),
  publishedAt: z.string().nullable(),
  note: z.string().optional(),
  tags: z.array(z.enum(['A', 'B'])),
  counts: z.record(z.string(), z.number()),
  kind: z.union([z.literal('work'), z.literal('base')]),
});

const sample = {
  id: '1',
  title: '“滑坡”知识\n第一讲 <b>',
  cover: null,
  publishedAt: '2026-12-07T00:00:00.000Z',
  tags: ['A'],
  counts: { 地质: 2, ocean: 0.5 },
  kind: 'work',
  secret: 'never written',
};

describe('compiled response writers', () => {
  it('write what zod writes: nullable objects, optional fields, records, unions, escapes', () => {
    const write = compileWriter(Item)!;
    expect(write).not.toBeNull();
    for (const data of [
      sample,
      {
        ...sample,
        cover: { url: '/m/1.webp', width: 640, extra: 1 },
        note: '注',
        publishedAt: null,
      },
    ]) {
      const plain = JSON.stringify(Item.parse(data));
      expect(JSON.parse(write(data))).toEqual(JSON.parse(plain));
      // The field zod drops is not written.
      expect(write(data)).not.toContain('never written');
    }
  });

  it('keeps zod for what JSON Schema cannot say', () => {
    expect(compileWriter(z.object({ at: z.date() }))).toBeNull();
    expect(compileWriter(z.string().transform((s) => s.length))).toBeNull();
  });

  it('in strict mode refuses an answer that does not match, and answers with the compiled bytes', () => {
    const strict = createResponseSerializerCompiler({ strict: true })({
      schema: Item,
      method: 'GET',
      url: '/x',
    });
    expect(strict(sample)).toBe(compileWriter(Item)!(sample));
    expect(() => strict({ ...sample, title: 3 })).toThrow();
    // Without strict mode: the compiled writer alone, the same JSON.
    const fast = createResponseSerializerCompiler({ strict: false })({
      schema: Item,
      method: 'GET',
      url: '/x',
    });
    expect(JSON.parse(fast(sample))).toEqual(JSON.parse(JSON.stringify(Item.parse(sample))));
  });
});
