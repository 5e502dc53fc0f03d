import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from './config.ts';
import type { Db, DialectName } from './db/connect.ts';
import type { Storage } from './storage/storage.ts';

/** The Fastify instance modules register routes on: zod schemas type the handlers. */
export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** What every module's routes receive. */
export interface AppDeps {
  db: Db;
  dialect: DialectName;
  config: Config;
  version: string;
  /** Uploaded files (local folder by default). */
  storage: Storage;
}
