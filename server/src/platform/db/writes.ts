import type {
  KyselyPlugin,
  OperationNode,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';

/**
 * Writes of this process to what the public can read, counted: the public answers kept in memory
 * (`platform/public-answers.ts`) are thrown away when the count moves. Every statement but a
 * read moves it, before it runs and again when it has run (an answer read meanwhile is not
 * kept), except writes to bookkeeping tables no public answer reads (sessions, logs, queues,
 * throttles): a signed-in person's every request touches their session, and that must not empty
 * the public answers. A write it cannot place moves it too.
 */
const UNSEEN = new Set([
  'sessions',
  'search_queries',
  'hotspot_signals',
  'jobs',
  'login_throttles',
  'audit_log',
  'audit_personal',
  'notifications',
  'notification_prefs',
  'password_resets',
  'sign_in_links',
  'recovery_codes',
  'kepu_migrations_lock',
]);

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

type Node = OperationNode & Record<string, unknown>;

/** The table a table reference (maybe aliased) names. */
function tableOf(ref: unknown): string | null {
  const n = ref as Node | undefined;
  if (!n) return null;
  if (n.kind === 'AliasNode') return tableOf(n.node);
  if (n.kind === 'TableNode') {
    const id = (n.table as { identifier?: { name?: string } } | undefined)?.identifier?.name;
    return id ? snake(id) : null;
  }
  return null;
}

/** Whether the statement may change what a public answer reads. */
function movesPublicData(node: RootOperationNode): boolean {
  const n = node as unknown as Node;
  switch (n.kind) {
    case 'SelectQueryNode':
      return false;
    case 'RawNode': {
      const text = ((n.sqlFragments as string[] | undefined) ?? []).join('?').trimStart();
      return !/^(select|pragma|explain|show)\b/i.test(text);
    }
    case 'InsertQueryNode': {
      const t = tableOf(n.into);
      return t === null || !UNSEEN.has(t);
    }
    case 'UpdateQueryNode': {
      const t = tableOf(n.table);
      return t === null || !UNSEEN.has(t);
    }
    case 'DeleteQueryNode': {
      const froms = ((n.from as Node | undefined)?.froms as unknown[] | undefined) ?? [];
      const t = froms.length === 1 ? tableOf(froms[0]) : null;
      return t === null || !UNSEEN.has(t);
    }
    default:
      return true;
  }
}

export class WriteCount implements KyselyPlugin {
  /** Moves on every write of this process that a public answer may read. */
  generation = 0;
  private readonly running = new WeakSet<object>();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (movesPublicData(args.node)) {
      this.generation++;
      this.running.add(args.queryId);
    }
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    if (this.running.has(args.queryId)) {
      this.running.delete(args.queryId);
      this.generation++;
    }
    return args.result;
  }
}
