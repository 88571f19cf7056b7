/**
 * What a migration is told besides the connection. Kysely cannot report its dialect by
 * design, so the migrator passes it in from config.
 */
export interface MigrationContext {
  readonly dialect: 'sqlite' | 'postgres';
}
