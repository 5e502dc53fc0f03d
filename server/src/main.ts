import path from 'node:path';
import { parseArgs } from 'node:util';
import { createPlatformAdmin, issueSetupToken } from '#modules/accounts/service.ts';
import { importWorks } from '#modules/works/import.ts';
import { verifyAuditChain } from '#platform/audit.ts';
import { type Config, ConfigError, loadConfig } from '#platform/config.ts';
import { type DbHandle, openDatabase } from '#platform/db/connect.ts';
import { migrateToLatest } from '#platform/db/migrate.ts';
import { AppError, errorMessage } from '#platform/errors.ts';
import { searchEngineFor } from '#platform/search/engine.ts';
import { openStorage } from '#platform/storage/open.ts';
import { buildApp } from './app.ts';
import { seedBase, seedDemo } from './seed.ts';

const WEB_DIST = path.resolve(import.meta.dirname, '../../web/dist');

const USAGE = `用法 / usage: npm run kepu -- <command>
  start                                   启动平台 / start the platform
  migrate                                 升级数据库结构 / migrate the database
  seed [--demo]                           写入基础数据（--demo 含演示数据）/ seed reference (and demo) data
  admin create --username U --password P  创建平台管理员 / create a platform administrator
  audit verify                            校验审计日志哈希链 / verify the audit log chain
  search reindex [--type T]               重建搜索索引 / rebuild the search index
  import works FILE --as USER [--organisation ID]
                                          导入作品（.jsonl / .xlsx，全部成功或全部不写）/ import works`;

/** Opens the database (migrated first, unless the command is `migrate` itself) and closes it. */
async function withDb<T>(
  config: Config,
  fn: (h: DbHandle) => Promise<T>,
  migrateFirst = true,
): Promise<T> {
  const handle = openDatabase(config.database, { busyTimeoutMs: config.dbBusyTimeoutMs });
  try {
    if (migrateFirst) await migrateToLatest(handle);
    return await fn(handle);
  } finally {
    await handle.close();
  }
}

async function start(config: Config) {
  const startedAt = Date.now();
  const handle = openDatabase(config.database, { busyTimeoutMs: config.dbBusyTimeoutMs });
  await migrateToLatest(handle);
  const orgs = await handle.db.selectFrom('organisations').select('id').limit(1).execute();
  if (orgs.length === 0) await seedDemo(handle, openStorage(config));
  else await seedBase(handle);
  const app = await buildApp({ ...config, webDist: WEB_DIST }, handle);
  const token = await issueSetupToken(handle.db);
  await app.listen({ port: config.port, host: config.host });
  app.log.info({ ms: Date.now() - startedAt, database: handle.dialect }, 'Kepu 已启动 / started');
  if (token) {
    const link = `${config.publicUrl}/admin/setup?token=${token}`;
    console.log(
      `\n  首次使用：请打开以下一次性链接创建平台管理员\n  First run: open this one-time link to create the platform administrator\n\n  ${link}\n`,
    );
  }
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    await app.close();
    await handle.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

async function main(argv: string[]) {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      demo: { type: 'boolean', default: false },
      username: { type: 'string' },
      password: { type: 'string' },
      'display-name': { type: 'string' },
      type: { type: 'string' },
      organisation: { type: 'string' },
      as: { type: 'string' },
    },
  });
  const config = loadConfig();
  const [command, sub, file] = positionals;
  switch (command) {
    case 'start':
      return start(config);
    case 'migrate':
      return withDb(
        config,
        async (h) => {
          const applied = await migrateToLatest(h);
          console.log(
            applied.length
              ? `已应用迁移 / applied: ${applied.join(', ')}`
              : '数据库已是最新 / up to date',
          );
        },
        false,
      );
    case 'seed':
      return withDb(config, async (h) => {
        const r = values.demo ? await seedDemo(h, openStorage(config)) : await seedBase(h);
        console.log('完成 / done', r);
      });
    case 'admin':
      if (sub !== 'create' || !values.username || !values.password) break;
      return withDb(config, async (h) => {
        const user = await createPlatformAdmin(h.db, h.dialect, config, {
          username: values.username!,
          password: values.password!,
          displayName: values['display-name'],
        });
        console.log(
          `已创建平台管理员 / created platform administrator: ${user.username}（首次登录须绑定动态口令 / TOTP enrolment at first login）`,
        );
      });
    case 'import':
      if (sub !== 'works' || !file || !values.as) break;
      return withDb(config, async (h) => {
        const user = await h.db
          .selectFrom('users')
          .select('id')
          .where('username', '=', values.as!.toLowerCase())
          .executeTakeFirst();
        if (!user) throw new Error(`用户不存在 / no such user: ${values.as}`);
        const root = await h.db
          .selectFrom('organisations')
          .select('id')
          .where('parentId', 'is', null)
          .executeTakeFirstOrThrow();
        const report = await importWorks(
          h.db,
          { actorId: user.id, ip: null, dialect: h.dialect },
          file,
          {
            organisationId: values.organisation ?? root.id,
            userId: user.id,
          },
        );
        if (report.errors.length) {
          console.error(
            `导入被拒绝，未写入任何数据 / import rejected, nothing written: ${report.errors.length} errors in ${report.rows} rows`,
          );
          for (const e of report.errors.slice(0, 50))
            console.error(`  第 ${e.row} 行 / row ${e.row} · ${e.field}: ${e.message}`);
          if (report.errors.length > 50) console.error(`  … ${report.errors.length - 50} more`);
          process.exitCode = 1;
        } else {
          console.log(`已导入 / imported: ${report.imported} works in ${report.ms} ms`);
        }
      });
    case 'search':
      if (sub !== 'reindex') break;
      return withDb(config, async (h) => {
        const started = Date.now();
        const indexed = await searchEngineFor(h.db, h.dialect).reindex(values.type);
        console.log(
          `已重建搜索索引 / reindexed: ${indexed} documents in ${Date.now() - started} ms`,
        );
      });
    case 'audit':
      if (sub !== 'verify') break;
      return withDb(config, async (h) => {
        const r = await verifyAuditChain(h.db);
        if (r.ok) console.log(`审计日志完整 / audit log intact: ${r.rows} rows`);
        else {
          console.error(`审计日志被篡改或删除 / audit log TAMPERED: ${r.rows} rows checked`);
          for (const p of r.problems) console.error(`  seq ${p.seq ?? '?'}: ${p.problem}`);
          process.exitCode = 1;
        }
      });
  }
  console.error(USAGE);
  process.exitCode = 2;
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(err.message);
  else if (err instanceof AppError)
    console.error(
      errorMessage(err.code, 'zh-CN', err.params),
      '/',
      errorMessage(err.code, 'en-US', err.params),
    );
  else console.error(err);
  process.exit(1);
});
