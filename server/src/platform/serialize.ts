import { isDeepStrictEqual } from 'node:util';
import fastJson from 'fast-json-stringify';
import { ResponseSerializationError } from 'fastify-type-provider-zod';
import { type ZodType, z } from 'zod';

/**
 * Responses, written out. Each route's response schema (zod) is turned into JSON Schema once and
 * compiled by fast-json-stringify, Fastify's own serializer: it writes the fields the schema
 * names, in its order, and drops the rest, as zod's parse would, without parsing the answer
 * first — an answer is our own data, checked by the types when it was built. A schema that JSON
 * Schema cannot say (a transform, a date object) keeps zod's parse and JSON.stringify.
 *
 * `strict` (KEPU_STRICT_RESPONSES=1, set by the tests and the browser journeys) parses every
 * answer with its zod schema as well, refuses one that does not match (as before: 500, logged),
 * and checks that the compiled writer wrote the same JSON value as JSON.stringify writes of the
 * parsed answer (fields may come in another order) — so every test that reads an answer also
 * proves the fast path equal to the strict one, and reads the bytes production sends.
 */

type Writer = (data: unknown) => string;

interface CompileInput {
  schema: unknown;
  method: string;
  url: string;
  httpStatus?: string;
}

function zodOf(maybe: unknown): ZodType {
  if (maybe instanceof z.ZodType) return maybe;
  const props = (maybe as { properties?: unknown } | null)?.properties;
  if (props instanceof z.ZodType) return props;
  throw new Error(`not a zod schema: ${JSON.stringify(maybe)}`);
}

/**
 * `anyOf: [X, { type: 'null' }]` (zod's nullable) as `type: [T, 'null']` where X is a plain
 * typed schema: fast-json-stringify writes that directly, where anyOf means trying each branch
 * with a validator at run time.
 */
function simplify(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(simplify);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = simplify(v);
  const anyOf = out.anyOf as Record<string, unknown>[] | undefined;
  if (Array.isArray(anyOf) && anyOf.length === 2) {
    const nullAt = anyOf.findIndex((b) => b.type === 'null' && Object.keys(b).length === 1);
    const other = anyOf[1 - nullAt];
    if (nullAt >= 0 && other && typeof other.type === 'string' && !('$ref' in other)) {
      const { anyOf: _drop, ...rest } = out;
      return { ...rest, ...other, type: [other.type, 'null'] };
    }
  }
  return out;
}

/** The compiled writer of a zod schema, or null when JSON Schema cannot say the schema. */
export function compileWriter(schema: ZodType): Writer | null {
  let json: unknown;
  try {
    json = z.toJSONSchema(schema, {
      target: 'draft-7',
      io: 'output',
      unrepresentable: 'throw',
      cycles: 'ref',
      reused: 'inline',
    });
  } catch {
    return null;
  }
  try {
    return fastJson(simplify(json) as Parameters<typeof fastJson>[0]) as Writer;
  } catch {
    return null;
  }
}

/**
 * Routes and statuses whose answers zod writes (JSON Schema cannot say their schema), as
 * `GET /api/x 200`. Strict mode compiles every writer when the routes are built, so after
 * `ready()` this lists them all (a test keeps it empty).
 */
export const zodWrittenAnswers = new Set<string>();

/** Fastify's serializer compiler for zod response schemas (see the top of this file). */
export function createResponseSerializerCompiler(opts: { strict: boolean }) {
  return ({ schema: maybe, method, url, httpStatus }: CompileInput): Writer => {
    const schema = zodOf(maybe);
    // Compiled on first use: a route never answered costs no compile and no memory. Strict
    // mode compiles at once, to list the answers zod writes.
    let writer: Writer | null | undefined;
    const compiled = () => {
      if (writer === undefined) {
        writer = compileWriter(schema);
        if (!writer) zodWrittenAnswers.add(`${method} ${url} ${httpStatus ?? ''}`.trim());
      }
      return writer;
    };
    if (opts.strict) compiled();
    return (data) => {
      const write = compiled();
      if (!opts.strict && write) return write(data);
      const parsed = schema.safeParse(data);
      if (!parsed.success)
        throw new ResponseSerializationError(method, url, { cause: parsed.error });
      const plain = JSON.stringify(parsed.data);
      if (!write) return plain;
      // The same answer (fields may come in another order); the tests then read what
      // production sends.
      const fast = write(data);
      if (!isDeepStrictEqual(JSON.parse(fast), JSON.parse(plain)))
        throw new Error(
          `the compiled response writer of ${method} ${url} differs from the zod schema:\n${fast.slice(0, 2000)}\n${plain.slice(0, 2000)}`,
        );
      return fast;
    };
  };
}
