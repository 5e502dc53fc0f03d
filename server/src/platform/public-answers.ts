import type { FastifyReply, FastifyRequest } from 'fastify';
import type { WriteCount } from './db/writes.ts';

/**
 * Public answers kept in memory (issue 15): the portal's lists (activities, bases, the channel)
 * are asked thousands of times between two changes. A route marks itself `publicAnswer: true`
 * (only public routes may: checked when routes are built). A visitor who is not signed in, asking
 * the same URL in the same language, gets the same bytes while this process has written nothing a
 * public answer reads (`WriteCount`: its writes move the count, bookkeeping tables excepted) and
 * for at most MAX_AGE_MS (what another process or node wrote, and answers that depend on the
 * clock, such as "sessions not ended", are at most that late). A signed-in person's requests are
 * answered afresh and never kept. Only whole 200 answers are kept, never one that sets a cookie.
 * A route whose answer has a side effect (a work page counts a hotspot signal per view) marks
 * itself `publicAnswer: { replay }` and hands what the effect needs to `notePublicAnswer`: the
 * note is kept with the answer and `replay` runs with it on every request answered from memory.
 * A side effect that must see the database (a count written row by row) has no place here.
 */
const MAX_AGE_MS = 2_000;
const KEPT = 1_000;
/** Longer URLs (many filters) are answered afresh. */
const MAX_KEY = 512;

interface Kept {
  payload: string;
  generation: number;
  at: number;
  note: unknown;
}

/** A kept answer's side effect, run again for each request it answers. */
export interface Replay {
  replay(req: FastifyRequest, note: unknown): void;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Anonymous answers of this public route may be kept in memory (public-answers.ts). */
    publicAnswer?: boolean | Replay;
  }
}

const NOTES = new WeakMap<FastifyRequest, unknown>();

/** What a kept answer's side effect needs (see `Replay`): kept with the answer of `req`. */
export function notePublicAnswer(req: FastifyRequest, note: unknown): void {
  NOTES.set(req, note);
}

export interface PublicAnswers {
  /** onRequest, after the session is read: answers from memory when it may. */
  answer(req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined>;
  /** onSend, before compression: keeps an answer that may be kept. */
  keep(req: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown>;
}

export function publicAnswers(writes: WriteCount): PublicAnswers {
  const kept = new Map<string, Kept>();
  /** The key and the write count when the request began (an answer read meanwhile is stale). */
  const asked = new WeakMap<FastifyRequest, { key: string; generation: number; at: number }>();

  const keyOf = (req: FastifyRequest) =>
    req.method === 'GET' && req.routeOptions.config?.publicAnswer && !req.auth
      ? `${req.locale} ${req.url}`
      : null;

  return {
    async answer(req, reply) {
      const key = keyOf(req);
      if (key === null || key.length > MAX_KEY) return undefined;
      const now = Date.now();
      const hit = kept.get(key);
      if (hit && hit.generation === writes.generation && now - hit.at < MAX_AGE_MS) {
        const kind = req.routeOptions.config.publicAnswer;
        if (typeof kind === 'object') kind.replay(req, hit.note);
        reply.header('content-type', 'application/json; charset=utf-8');
        return reply.send(hit.payload);
      }
      asked.set(req, { key, generation: writes.generation, at: now });
      return undefined;
    },
    async keep(req, reply, payload) {
      const q = asked.get(req);
      if (
        q &&
        reply.statusCode === 200 &&
        typeof payload === 'string' &&
        !reply.hasHeader('set-cookie') &&
        q.generation === writes.generation
      ) {
        kept.delete(q.key);
        kept.set(q.key, { payload, generation: q.generation, at: q.at, note: NOTES.get(req) });
        if (kept.size > KEPT) kept.delete(kept.keys().next().value as string);
      }
      return payload;
    },
  };
}
