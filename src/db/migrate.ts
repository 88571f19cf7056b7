/**
 * Runs the migrations in order through Kysely's Migrator, which records them in its own
 * table and takes a lock so two nodes starting together do not both migrate.
 */
import { Migrator, type Migration, type MigrationResult } from 'kysely';
import type { Database } from './database.ts';
import { migrations } from './migrations/index.ts';

export class MigrationFailedError extends Error {
  constructor(
    readonly migration: string | undefined,
    override readonly cause: unknown,
  ) {
    super(`Migration ${migration ?? '(unknown)'} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'MigrationFailedError';
  }
}

function migrator({ db, dialect }: Database): Migrator {
  return new Migrator({
    db,
    provider: {
      async getMigrations() {
        const all: Record<string, Migration> = {};
        for (const [name, module] of migrations) {
          all[name] = { up: (conn) => module.up(conn, { dialect }) };
        }
        return all;
      },
    },
  });
}

/** Applies every pending migration; returns the names applied, throws on the first failure. */
export async function migrateToLatest(database: Database): Promise<string[]> {
  const { error, results } = await migrator(database).migrateToLatest();
  const applied = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  if (error) {
    const failed = (results ?? []).find((r: MigrationResult) => r.status === 'Error');
    throw new MigrationFailedError(failed?.migrationName, error);
  }
  return applied;
}

export async function pendingMigrations(database: Database): Promise<string[]> {
  const all = await migrator(database).getMigrations();
  return all.filter((m) => m.executedAt === undefined).map((m) => m.name);
}
