import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createPlatformAdmin, issueSetupToken } from '#modules/accounts/service.ts';
import { issueDemoLogins, NoDemoWorldError } from '#modules/accounts/sign-in-links.ts';
import { ReplayError, replayQueries } from '#modules/hotspots/replay.ts';
import { importWorks } from '#modules/works/import.ts';
import {
  type AuditProblem,
  auditHead,
  checkAuditAnchor,
  setAuditKey,
  verifyAuditChain,
} from '#platform/audit.ts';
import { loadAuditKey } from '#platform/audit-key.ts';
import { takeBackup } from '#platform/backup/backup.ts';
import { BackupError } from '#platform/backup/manifest.ts';
import { restoreBackup } from '#platform/backup/restore.ts';
import { type Config, ConfigError, loadConfig } from '#platform/config.ts';
import { type DbHandle, databaseOptions, openDatabase } from '#platform/db/connect.ts';
import { migrateToLatest } from '#platform/db/migrate.ts';
import { AppError, errorMessage } from '#platform/errors.ts';
import { readJsonlLines } from '#platform/import/jsonl.ts';
import { fromRoot } from '#platform/paths.ts';
import { searchEngineFor } from '#platform/search/engine.ts';
import { openStorage } from '#platform/storage/open.ts';
import { buildApp } from './app.ts';
import { seedBase, seedDemo } from './seed.ts';

const WEB_DIST = fromRoot('web/dist');
/** How long a fatal error may spend closing the app and the database before the exit. */
const FATAL_EXIT_MS = 5_000;

const USAGE = `用法 / usage: npm run kepu -- <command>
  start                                   启动平台 / start the platform
  migrate                                 升级数据库结构 / migrate the database
  seed [--demo]                           写入基础数据（--demo 含演示数据）/ seed reference (and demo) data
  demo logins                             打印演示各角色的一次性登录链接（1 小时有效）/ one-time sign-in links for the demo's roles
  admin create --username U --password P  创建平台管理员 / create a platform administrator
  audit verify [--anchor] [--anchor-check SEQ:HASH]
                                          校验审计日志链（--anchor 打印链头供另行记录；--anchor-check 核对记录的链头）
                                          / verify the audit chain (--anchor prints the head to record elsewhere)
  backup DIR [--with-audit-key]           在线备份数据库与文件到空目录（审计密钥默认不含）/ online backup into an empty folder
  restore DIR                             从备份恢复到空数据目录与空数据库并校验 / restore into an empty target and verify
  search reindex [--type T]               重建搜索索引 / rebuild the search index
  hotspots replay FILE                    以空的内存信号库回放查询流（JSONL：{ at, query, division? }），逐行输出预警
                                          / replay a JSONL query stream through the detector, print alerts as JSONL
  import works FILE --as USER [--organisation ID]
                                          导入作品（.jsonl / .xlsx，全部成功或全部不写）/ import works`;

/** Loads the audit key for this process (created at first start); says so when it was created. */
function loadConfiguredAuditKey(config: Config, create = true) {
  const k = loadAuditKey(config, { create });
  setAuditKey(k.key);
  if (k.created)
    console.log(
      `已创建审计密钥 / audit key created: ${k.file}\n  请与数据库备份分开另行保存 / keep a copy apart from database backups`,
    );
  if (k.looseMode)
    console.warn(`审计密钥文件权限过宽，应为 0600 / audit key file should be mode 0600: ${k.file}`);
}

/** A mistake on the command line: printed as it is, without a stack trace. */
class CliError extends Error {}

/**
 * `hotspots replay FILE`: the stream through the detector on an empty in-memory signal store (no
 * database); each alert raised is one JSON line on stdout, the summary goes to stderr.
 */
async function replayHotspots(file: string) {
  if (!fs.existsSync(file)) throw new CliError(`文件不存在 / no such file: ${file}`);
  const lines = (async function* () {
    for await (const [, text] of readJsonlLines(file, REPLAY_LIMITS)) yield text;
  })();
  try {
    const r = await replayQueries(lines, (a) => {
      process.stdout.write(
        `${JSON.stringify({
          hour: a.hour,
          kind: a.kind,
          term: a.term,
          related: a.related,
          division: a.division,
          observed: a.observed,
          expected: a.expected,
          score: a.score,
          themeDay: a.themeDay,
          series: a.series.map((p) => ({ date: p.date, count: p.count, baseline: p.baseline })),
          topQueries: a.topQueries,
          regions: a.regions,
        })}\n`,
      );
    });
    console.error(
      `已回放 / replayed: ${r.events} queries, ${r.rows} hourly rows, ${r.alerts} alerts`,
    );
  } catch (err) {
    if (err instanceof ReplayError) throw new CliError(err.message);
    throw err;
  }
}

/** A replayed stream may be long (a month of a busy site); each line stays small. */
const REPLAY_LIMITS = { maxBytes: 4 * 1024 ** 3, maxLines: 50_000_000, maxLineBytes: 64 * 1024 };

/**
 * Opens the database and closes it: migrated first (unless the command is `migrate` itself) and,
 * for commands that need them (`base`), with the base data seeded — reference data and the
 * ministry root — so that they work on a fresh database.
 */
async function withDb<T>(
  config: Config,
  fn: (h: DbHandle) => Promise<T>,
  prepare: 'none' | 'migrate' | 'base' = 'migrate',
): Promise<T> {
  // Before migrating: migration 0012 re-chains existing audit rows under the key.
  loadConfiguredAuditKey(config);
  const handle = openDatabase(config.database, databaseOptions(config));
  try {
    if (prepare !== 'none') await migrateToLatest(handle);
    if (prepare === 'base') await seedBase(handle);
    return await fn(handle);
  } finally {
    await handle.close();
  }
}

async function start(config: Config) {
  const startedAt = Date.now();
  loadConfiguredAuditKey(config);
  const handle = openDatabase(config.database, databaseOptions(config));
  await migrateToLatest(handle);
  const orgs = await handle.db.selectFrom('organisations').select('id').limit(1).execute();
  if (orgs.length === 0) await seedDemo(handle, openStorage(config));
  else await seedBase(handle);
  const app = await buildApp({ ...config, webDist: WEB_DIST }, handle, {
    runJobs: config.jobsEnabled,
  });
  // Stopped on purpose (the supervisor's SIGTERM, Ctrl-C) at any moment from here, also while
  // still starting: a clean stop, exit code 0.
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
  const token = await issueSetupToken(handle.db);
  await app.listen({ port: config.port, host: config.host });
  app.log.info({ ms: Date.now() - startedAt, database: handle.dialect }, 'Kepu 已启动 / started');
  if (token) {
    const link = `${config.publicUrl}/admin/setup?token=${token}`;
    console.log(
      `\n  首次使用：请打开以下一次性链接创建平台管理员\n  First run: open this one-time link to create the platform administrator\n\n  ${link}\n`,
    );
  }
  // A fault nobody caught leaves the process in an unknown state: log it, close what closes
  // within a few seconds, and exit non-zero so that the supervisor (systemd) starts a fresh one.
  // Never hang: the timer exits even when closing does not finish (a stuck request, a dead pool).
  const fatal = (kind: string, err: unknown) => {
    process.exitCode = 1;
    app.log.fatal({ err, kind }, '致命错误，进程退出 / fatal error, exiting');
    if (closing) return;
    closing = true;
    setTimeout(() => process.exit(1), FATAL_EXIT_MS);
    void (async () => {
      await app.close().catch(() => undefined);
      await handle.close().catch(() => undefined);
      process.exit(1);
    })();
  };
  process.on('uncaughtException', (err) => fatal('uncaughtException', err));
  process.on('unhandledRejection', (err) => fatal('unhandledRejection', err));
  // Tests make the running process hit a fatal error (only under NODE_ENV=test).
  const fatalAfter = Number(process.env.KEPU_TEST_FATAL_AFTER_MS);
  if (process.env.NODE_ENV === 'test' && fatalAfter > 0)
    setTimeout(() => {
      if (process.env.KEPU_TEST_FATAL_KIND === 'rejection')
        void Promise.reject(new Error('KEPU_TEST_FATAL_AFTER_MS: an unhandled rejection'));
      else throw new Error('KEPU_TEST_FATAL_AFTER_MS: an uncaught exception');
    }, fatalAfter);
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
      anchor: { type: 'boolean', default: false },
      'anchor-check': { type: 'string' },
      'with-audit-key': { type: 'boolean', default: false },
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
        'none',
      );
    case 'seed':
      return withDb(config, async (h) => {
        const r = values.demo ? await seedDemo(h, openStorage(config)) : await seedBase(h);
        console.log('完成 / done', r);
      });
    case 'demo':
      if (sub !== 'logins') break;
      return withDb(config, (h) => printDemoLogins(h, config));
    case 'admin':
      if (sub !== 'create' || !values.username || !values.password) break;
      return withDb(
        config,
        async (h) => {
          const user = await createPlatformAdmin(h.db, h.dialect, config, {
            username: values.username!,
            password: values.password!,
            displayName: values['display-name'],
          });
          console.log(
            `已创建平台管理员 / created platform administrator: ${user.username}（首次登录须绑定动态口令 / TOTP enrolment at first login）`,
          );
        },
        'base',
      );
    case 'import':
      if (sub !== 'works' || !file || !values.as) break;
      return withDb(
        config,
        async (h) => {
          const user = await h.db
            .selectFrom('users')
            .select('id')
            .where('username', '=', values.as!.toLowerCase())
            .executeTakeFirst();
          if (!user) throw new CliError(`用户不存在 / no such user: ${values.as}`);
          if (!fs.existsSync(file)) throw new CliError(`文件不存在 / no such file: ${file}`);
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
              console.error(`  第 ${e.row} 行 / row ${e.row} · ${e.column}: ${e.message}`);
            if (report.errors.length > 50) console.error(`  … ${report.errors.length - 50} more`);
            process.exitCode = 1;
          } else {
            console.log(`已导入 / imported: ${report.imported} works in ${report.ms} ms`);
          }
        },
        'base',
      );
    case 'search':
      if (sub !== 'reindex') break;
      return withDb(config, async (h) => {
        const started = Date.now();
        const indexed = await searchEngineFor(h.db, h.dialect).reindex(values.type);
        console.log(
          `已重建搜索索引 / reindexed: ${indexed} documents in ${Date.now() - started} ms`,
        );
      });
    case 'hotspots':
      if (sub !== 'replay' || !file) break;
      return replayHotspots(file);
    case 'audit':
      if (sub !== 'verify') break;
      return auditVerify(config, values.anchor, values['anchor-check']);
    case 'backup':
      if (!sub) break;
      return backup(config, sub, values['with-audit-key']);
    case 'restore':
      if (!sub) break;
      return restore(config, sub);
  }
  console.error(USAGE);
  process.exitCode = 2;
}

async function auditVerify(config: Config, printAnchor: boolean, anchorText?: string) {
  let anchor: { seq: number; hash: string } | null = null;
  if (anchorText !== undefined) {
    const m = /^(\d+):([0-9a-fA-F]{64})$/.exec(anchorText.trim());
    if (!m) {
      console.error('锚点格式应为 SEQ:HASH / the anchor is SEQ:HASH (64 hex characters)');
      process.exitCode = 2;
      return;
    }
    anchor = { seq: Number(m[1]), hash: m[2]! };
  }
  // A missing key is an error here: a new one would only make every row look tampered.
  const key = loadAuditKey(config, { create: false });
  setAuditKey(key.key);
  return withDb(config, async (h) => {
    const r = await verifyAuditChain(h.db, key.key);
    const problems: { seq: number | null; problem: AuditProblem }[] = [...r.problems];
    if (anchor) {
      const p = await checkAuditAnchor(h.db, anchor);
      if (p) problems.push({ seq: anchor.seq, problem: p });
    }
    if (problems.length === 0) {
      console.log(`审计日志完整 / audit log intact: ${r.rows} rows`);
      if (anchor)
        console.log(`锚点仍在链上 / anchor still on the chain: ${anchor.seq}:${anchor.hash}`);
    } else {
      console.error(`审计日志被篡改或删除 / audit log TAMPERED: ${r.rows} rows checked`);
      for (const p of problems) console.error(`  seq ${p.seq ?? '?'}: ${p.problem}`);
      process.exitCode = 1;
    }
    if (printAnchor) {
      const head = await auditHead(h.db);
      console.log(
        head
          ? `链头锚点（请另行记录，日后用 --anchor-check 核对）/ anchor (record it elsewhere; check later with --anchor-check):\n${head.seq}:${head.hash}`
          : '审计日志为空 / the audit log is empty',
      );
    }
  });
}

const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;

async function backup(config: Config, dir: string, withAuditKey: boolean) {
  const r = await takeBackup(config, dir, { withAuditKey });
  const m = r.manifest;
  const rows = Object.values(m.tables).reduce((a, b) => a + b, 0);
  console.log(
    `备份完成 / backup done: ${r.dir}\n  ${m.dialect}, ${Object.keys(m.tables).length} tables, ${rows} rows, ${m.files.filter((f) => f.path.startsWith('files/')).length} files, ${mb(r.bytes)}, ${r.ms} ms`,
  );
  console.log(
    `  审计链头 / audit head: ${m.auditHead ? `${m.auditHead.seq}:${m.auditHead.hash}` : '—'}`,
  );
  if (m.vanished.length)
    console.log(
      `  备份期间被删除的文件（未复制）/ files deleted during the backup (not copied): ${m.vanished.length}`,
    );
  const where = r.key?.source === 'env' ? '环境变量 KEPU_AUDIT_KEY / KEPU_AUDIT_KEY' : r.key?.file;
  if (withAuditKey)
    console.warn(
      `警告：审计密钥已复制到备份目录（${path.join(r.dir, 'audit.key')}）。持有备份者可据此重算审计链：请将该文件与备份分开存放\nWARNING: the audit key is in the backup folder; whoever holds both can recompute the chain. Store that file apart from the backup.`,
    );
  else
    console.log(
      `  审计密钥不在备份中，请另行保存 / the audit key is not in the backup; keep it separately: ${where ?? '（未找到 / not found）'}`,
    );
}

async function restore(config: Config, dir: string) {
  const r = await restoreBackup(config, dir);
  const m = r.manifest;
  console.log(
    `已恢复 / restored: ${m.dialect} backup of ${m.createdAt} (Kepu ${m.kepuVersion})\n  ${r.tables} tables, ${r.rows} rows, ${r.files} files, ${mb(r.bytes)}, ${r.ms} ms`,
  );
  if (r.keyInstalled)
    console.log(`  已安装备份中的审计密钥 / installed the backup's audit key: ${r.keyInstalled}`);
  for (const c of r.countMismatches)
    console.error(
      `  行数不符 / row count differs: ${c.table} expected ${c.expected ?? '—'}, found ${c.found ?? '—'}`,
    );
  if (!r.headMatches) console.error('  审计链头与清单不符 / audit head differs from the manifest');
  if (!r.audit)
    console.error(
      `  找不到审计密钥，未校验审计日志：请把原密钥放到 ${config.auditKeyFile}（或设置 KEPU_AUDIT_KEY）后运行 audit verify\n  no audit key: put the original key at ${config.auditKeyFile} (or set KEPU_AUDIT_KEY), then run audit verify`,
    );
  else if (r.audit.ok) console.log(`  审计日志完整 / audit log intact: ${r.audit.rows} rows`);
  else {
    console.error(`  审计日志校验失败 / audit log TAMPERED: ${r.audit.problems.length} problems`);
    for (const p of r.audit.problems.slice(0, 20))
      console.error(`    seq ${p.seq ?? '?'}: ${p.problem}`);
  }
  if (r.ok) console.log('恢复校验通过 / restore verified: row counts, audit head and chain match');
  else process.exitCode = 1;
}

const ROLE_LABELS: Record<string, string> = {
  public: '公众 / member of the public',
  baseStaff: '基地工作人员 / base staff',
  province: '省级自然资源主管部门 / provincial department',
  expert: '评审专家 / expert',
  office: '部科普工作办公室 / ministry office',
};

/** `demo logins`: one link per role, or a refusal on a database without the demo world. */
async function printDemoLogins(h: DbHandle, config: Config) {
  try {
    const links = await issueDemoLogins(
      h.db,
      { actorId: null, ip: null, dialect: h.dialect },
      config.publicUrl,
    );
    console.log(
      `演示账号一次性登录链接（1 小时内有效，每个链接只能使用一次）\nOne-time sign-in links for the demo (valid for an hour, once each):\n`,
    );
    for (const l of links) {
      const unit = l.unitName ? ` · ${l.unitName}` : '';
      console.log(
        `  ${ROLE_LABELS[l.role] ?? l.role}\n    ${l.displayName}（${l.username}）${unit}\n    ${l.url}\n`,
      );
    }
    const until = links[0]
      ? new Date(Date.parse(links[0].expiresAt) + 8 * 3_600_000).toISOString().slice(0, 16)
      : '';
    console.log(`有效期至 / valid until ${until.replace('T', ' ')}（北京时间 / Beijing time）`);
  } catch (e) {
    if (!(e instanceof NoDemoWorldError)) throw e;
    console.error(
      '这个数据库没有演示数据，不生成登录链接（演示数据只写入空数据库：首次 npm start 或 seed --demo）\nThis database has no demo data: no sign-in links (the demo is seeded into an empty database only).',
    );
    process.exitCode = 1;
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof BackupError || err instanceof CliError)
    console.error(err.message);
  else if (err instanceof AppError) {
    console.error(
      errorMessage(err.code, 'zh-CN', err.params),
      '/',
      errorMessage(err.code, 'en-US', err.params),
    );
    // Which fields, in words (a validation error's details), never a stack trace.
    if (err.details) console.error(JSON.stringify(err.details, null, 2));
  } else console.error(err);
  process.exit(1);
});
