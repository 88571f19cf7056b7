/**
 * The `masthead` command: serve, migrate, import, user, demo, search, backup, restore. Every
 * failure ends with a readable message naming the problem and a non-zero exit; stacks only
 * with LOG_LEVEL=debug.
 */
import { Command, InvalidArgumentError } from 'commander';
import { isPrimaryProcess, runCluster } from '../app/cluster.ts';
import { closeOnSignals, startServer } from '../app/server.ts';
import { ConfigError, ENV_VARS, loadConfig, type Config } from '../config/config.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { loadDemo, readSeedCaptures } from '../demo/load-demo.ts';
import { articlePath } from '../features/articles/article-path.ts';
import { LocalMediaStorage } from '../features/media/storage.ts';
import { countAllArticles } from '../features/articles/articles.service.ts';
import { findImportedCaptureArticle } from '../importers/capture/import-capture.ts';
import { systemClock } from '../shared/clock.ts';
import { isRole, ROLES } from '../features/users/roles.ts';
import { isSetupNeeded } from '../features/users/users.service.ts';
import { AppError, userMessage } from '../platform/errors.ts';
import { runBackup, runRestore } from './backup-command.ts';
import { runImport } from './import-command.ts';
import { createUserFromCli, readPassword } from './user-command.ts';
import { progressBar } from './progress.ts';
import { rebuildSearchIndex } from '../search/search-index.ts';
import { DatasetMismatchError, generateDataset } from '../demo/dataset/generate-dataset.ts';

const CAPTURE_TIME_ZONE = 'Asia/Shanghai';
const DEMO_PER_CHANNEL = 12;
const DEMO_ROOT_NAME = '首页';
/** Problems listed before the rest are only counted: a wrecked backup can have thousands. */
const PROBLEMS_SHOWN = 20;

class CliError extends Error {}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number of at least 1');
  return n;
}

async function withDatabase<T>(config: Config, fn: (database: Database) => Promise<T>): Promise<T> {
  const database = openDatabase(config.database);
  try {
    await migrateToLatest(database);
    return await fn(database);
  } finally {
    await database.close();
  }
}

function describeDatabase(config: Config): string {
  return config.database.dialect === 'sqlite' ? `SQLite ${config.database.file}` : 'PostgreSQL';
}

async function demo(config: Config, database: Database, perChannel: number): Promise<void> {
  const bar = progressBar('Loading demo content');
  const result = await loadDemo(database.db, systemClock, {
    storage: new LocalMediaStorage(config.mediaDir),
    timeZone: config.site.timeZone,
    seedDir: config.seedDir,
    perChannel,
    captureTimeZone: CAPTURE_TIME_ZONE,
    onProgress: (done, total) => bar.update(done, total),
  });
  bar.stop();
  for (const w of result.warnings) console.warn(`warning: ${w}`);
  const g = result.generated;
  console.log(`Demo: ${result.captures.length} capture(s) imported; generated articles: ${g.created} created, ${g.updated} updated, ${g.unchanged} unchanged.`);
}

async function dataset(config: Config, database: Database, opts: { articles: number; years: number; workers?: number }): Promise<void> {
  const bar = progressBar('Generating articles');
  const started = Date.now();
  try {
    const r = await generateDataset(database.db, database.dialect, systemClock, {
      ...opts,
      rootName: DEMO_ROOT_NAME,
      timeZone: config.site.timeZone,
      onProgress: (done, total) => bar.update(done, total),
    });
    bar.stop();
    const seconds = (Date.now() - started) / 1000;
    const rate = r.created > 0 ? ` (${Math.round(r.created / seconds)} per second)` : '';
    console.log(`Dataset: ${r.total} articles; ${r.created} generated in ${seconds.toFixed(1)} s${rate}, ${r.existing} already there.`);
  } catch (error) {
    bar.stop();
    if (error instanceof DatasetMismatchError) throw new CliError(`Nothing was generated: ${error.message}.`);
    throw error;
  }
}

/** Where to go: the site, the seed article, the newsroom (or its one-time setup). */
async function announce(config: Config, database: Database, processes: string): Promise<void> {
  console.log(`Masthead is serving ${describeDatabase(config)} at ${config.publicUrl}/ (${processes})`);
  const seedUrl = await seedArticleUrl(config, database);
  if (seedUrl) console.log(`Seed article: ${seedUrl}`);
  const setup = await isSetupNeeded(database.db);
  console.log(`Newsroom: ${config.publicUrl}/newsroom${setup ? '/setup (no users yet: the first visit creates the admin)' : ''}`);
}

/** The URL of the reference article, if the seed capture has been imported here. */
async function seedArticleUrl(config: Config, database: Database): Promise<string | null> {
  if (!config.seedDir) return null;
  const [first] = await readSeedCaptures(config.seedDir, CAPTURE_TIME_ZONE);
  if (!first) return null;
  const found = await findImportedCaptureArticle(database.db, first.capture);
  return found ? `${config.publicUrl}${articlePath(found.id, found.publishedAt, config.site.timeZone)}` : null;
}

export function buildCli(): Command {
  const program = new Command('masthead')
    .description('Masthead: a newsroom CMS and fast server-rendered news site.')
    .showHelpAfterError()
    .addHelpText('after', `\nEnvironment variables:\n${ENV_VARS.map(([n, m]) => `  ${n.padEnd(18)} ${m}`).join('\n')}\n`);

  program
    .command('serve')
    .description('migrate the database and serve the site')
    .option('--demo', 'load the demo content when the database has no articles yet')
    .option('--no-migrate', 'do not apply pending migrations at start')
    .option('--workers <n>', 'server processes sharing the port (default: WORKERS, or one per core in production)', positiveInt)
    .action(async (opts: { demo?: boolean; migrate: boolean; workers?: number }) => {
      const config = loadConfig();
      const workers = opts.workers ?? config.workers;
      if (!isPrimaryProcess()) {
        // A cluster worker: the primary has migrated and loaded the demo.
        const server = await startServer(config, { migrate: false });
        closeOnSignals(server, (m) => server.app.log.info(m));
        return;
      }
      const prepare = async (database: Database) => {
        if (opts.demo && (await countAllArticles(database.db)) === 0) await demo(config, database, DEMO_PER_CHANNEL);
      };
      if (workers > 1) {
        const database = openDatabase(config.database);
        let cluster: { stopped: Promise<number> };
        try {
          if (opts.migrate) await migrateToLatest(database);
          await prepare(database);
          cluster = await runCluster(workers, (m) => console.error(`masthead: ${m}`));
          await announce(config, database, `${workers} processes`);
        } finally {
          await database.close();
        }
        process.exitCode = await cluster.stopped;
        return;
      }
      const server = await startServer(config, { migrate: opts.migrate, beforeListen: prepare });
      closeOnSignals(server, (m) => server.app.log.info(m));
      await announce(config, server.database, 'one process');
    });

  program
    .command('migrate')
    .description('apply pending database migrations')
    .action(async () => {
      const config = loadConfig();
      const database = openDatabase(config.database);
      try {
        const applied = await migrateToLatest(database);
        console.log(applied.length ? `Applied: ${applied.join(', ')}` : `${describeDatabase(config)} is up to date.`);
      } finally {
        await database.close();
      }
    });

  program
    .command('import')
    .description('import page captures (the format of shared/seed); all are checked before any is written')
    .argument('<files...>', 'capture files')
    .option('--encoding <name>', 'text encoding of the files: utf-8, gb18030, gbk…', 'utf-8')
    .option('--time-zone <zone>', 'time zone the captures print times in', CAPTURE_TIME_ZONE)
    .action(async (files: string[], opts: { encoding: string; timeZone: string }) => {
      const config = loadConfig();
      await withDatabase(config, async (database) => {
        const outcome = await runImport(database.db, systemClock, files, opts);
        if (!outcome.ok) {
          for (const p of outcome.problems) console.error(p);
          throw new CliError(`Nothing was imported: ${outcome.problems.length} problem(s) found.`);
        }
        for (const r of outcome.results) {
          const url = `${config.publicUrl}${articlePath(r.article.id, r.article.publishedAt, config.site.timeZone)}`;
          const b = r.briefs;
          console.log(`${r.file}: article ${r.article.outcome} ${url}; briefs ${b.created} created, ${b.updated} updated, ${b.unchanged} unchanged`);
        }
      });
    });

  const user = program.command('user').description('newsroom accounts');
  user
    .command('create')
    .description('create a user; the password is read from standard input or asked for')
    .requiredOption('--email <email>', 'sign-in email')
    .requiredOption('--name <name>', 'display name (also their byline name)')
    .option('--role <role>', `one of ${ROLES.join(', ')}`, 'admin')
    .action(async (opts: { email: string; name: string; role: string }) => {
      if (!isRole(opts.role)) throw new CliError(`--role must be one of ${ROLES.join(', ')} (got "${opts.role}")`);
      const role = opts.role;
      const config = loadConfig();
      const password = await readPassword();
      await withDatabase(config, async (database) => {
        try {
          const created = await createUserFromCli(database.db, systemClock, { email: opts.email, name: opts.name, role, password });
          console.log(`Created ${created.role} ${created.email} (id ${created.id}). Sign in at ${config.publicUrl}/newsroom/login`);
        } catch (error) {
          if (error instanceof AppError) throw new CliError(`Not created: ${userMessage(error.code, 'en')}${error.detail ? ` (${error.detail})` : ''}`);
          throw error;
        }
      });
    });

  program
    .command('demo')
    .description('load the demo site: the seed capture(s) and generated articles in every channel; with --articles, a large dataset for load tests')
    .option('--per-channel <n>', 'generated articles per channel', positiveInt, DEMO_PER_CHANNEL)
    .option('--articles <n>', 'also generate a dataset of this many articles (resumes an interrupted run of the same size)', positiveInt)
    .option('--years <n>', 'years the dataset\'s publication dates spread over', positiveInt, 5)
    .option('--workers <n>', 'worker threads making the dataset (default: one per core)', positiveInt)
    .action(async (opts: { perChannel: number; articles?: number; years: number; workers?: number }) => {
      const config = loadConfig();
      await withDatabase(config, async (database) => {
        if (opts.articles === undefined || (await countAllArticles(database.db)) === 0) await demo(config, database, opts.perChannel);
        if (opts.articles !== undefined) await dataset(config, database, { articles: opts.articles, years: opts.years, workers: opts.workers });
        const seedUrl = await seedArticleUrl(config, database);
        if (seedUrl) console.log(`Seed article: ${seedUrl}`);
      });
    });

  const search = program.command('search').description('the search index');
  search
    .command('rebuild')
    .description('rebuild the search index from the published articles (after changing the segmenter or restoring a backup)')
    .action(async () => {
      const config = loadConfig();
      await withDatabase(config, async (database) => {
        const bar = progressBar('Indexing articles');
        const started = Date.now();
        const done = await rebuildSearchIndex(database.db, (n, total) => bar.update(n, total));
        bar.stop();
        console.log(`Search index rebuilt: ${done} published article(s) in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
      });
    });

  program
    .command('backup')
    .description('copy the database (a consistent snapshot) and the media files into a new folder, while the server runs')
    .requiredOption('--out <dir>', 'folder to make the backup folder in (created if missing)')
    .addHelpText(
      'after',
      '\nWrites <dir>/masthead-<time>Z/ with the database, media/ and manifest.json (every file\'s size and SHA-256,\n' +
        'the migration, rows per table). It is built in a hidden .partial folder and renamed when complete.\n' +
        'PostgreSQL is copied with pg_dump, which must be installed (the server\'s major version or newer).\n',
    )
    .action(async (opts: { out: string }) => {
      console.log(await runBackup(loadConfig(), systemClock, opts.out));
    });

  program
    .command('restore')
    .description('restore a backup folder into the configured database and media folder; stop the server first')
    .argument('<dir>', 'a folder written by masthead backup')
    .option('--force', 'restore over a database that already has articles, replacing everything in it')
    .addHelpText(
      'after',
      '\nThe server must not be running (with SQLite the database file is replaced, and an open one is refused).\n' +
        'Every file is checked against the manifest first; a missing or altered one means nothing is restored.\n' +
        'Afterwards the row counts are checked, and a backup from an older version is migrated.\n' +
        'PostgreSQL is restored into DATABASE_URL with pg_restore (from the PostgreSQL client programs).\n',
    )
    .action(async (dir: string, opts: { force?: boolean }) => {
      const outcome = await runRestore(loadConfig(), dir, opts.force === true);
      if (!outcome.ok) {
        for (const p of outcome.problems.slice(0, PROBLEMS_SHOWN)) console.error(p);
        if (outcome.problems.length > PROBLEMS_SHOWN) console.error(`…and ${outcome.problems.length - PROBLEMS_SHOWN} more`);
        throw new CliError(`Nothing was restored: ${outcome.problems.length} problem(s) found.`);
      }
      console.log(outcome.message);
    });

  return program;
}

/** A sentence an operator can act on, for the failures they meet most. */
function explain(error: unknown): string {
  const e = error as NodeJS.ErrnoException & { address?: string; port?: number };
  // A failure to connect surfaces wrapped (e.g. in the migration that tried); say what it was.
  if (e?.cause && typeof e.cause === 'object' && 'code' in e.cause) return explain(e.cause);
  switch (e?.code) {
    case 'EADDRINUSE':
      return `port ${e.port ?? ''} is already in use; stop the other server or set PORT`;
    case 'EACCES':
      return e.syscall === 'listen' ? `not allowed to listen on port ${e.port ?? ''}; use a port above 1023` : `permission denied: ${e.path ?? e.message}`;
    case 'ECONNREFUSED':
      return `cannot reach the database at ${e.address ?? ''}:${e.port ?? ''}; is PostgreSQL running, and is DATABASE_URL right?`;
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof CliError) {
      console.error(error.message);
    } else {
      console.error(`masthead: ${explain(error)}`);
    }
    process.exitCode = 1;
  }
}
