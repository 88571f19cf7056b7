/**
 * PostgreSQL's own dump and restore programs, pointed at the app's DATABASE_URL. Their
 * --verbose lines name each table as its rows go by, which is the progress shown.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * The URL without its password, and the password in PGPASSWORD: a command line can be read
 * by every user of the machine (ps), a process's environment cannot.
 */
function libpqTarget(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return { dbname: u.toString(), env: password ? { ...process.env, PGPASSWORD: password } : process.env };
}

function run(program: string, args: readonly string[], url: string, tableLine: RegExp, onTable: () => void): Promise<void> {
  const { dbname, env } = libpqTarget(url);
  return new Promise((resolve, reject) => {
    const child = spawn(program, [`--dbname=${dbname}`, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    const errors: string[] = [];
    createInterface({ input: child.stderr }).on('line', (line) => {
      if (tableLine.test(line)) onTable();
      else if (/\b(error|fatal)\b/i.test(line)) errors.push(line);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'ENOENT' ? new Error(`${program} was not found: install the PostgreSQL client programs (the server's major version or newer)`) : error);
    });
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${program} failed (exit ${code})${errors.length ? `: ${errors.slice(0, 5).join('; ')}` : ''}`));
    });
  });
}

/** Dumps the database as it is in an exported snapshot (pg_export_snapshot) to `file`. */
export function pgDump(url: string, snapshot: string, file: string, onTable: () => void): Promise<void> {
  return run('pg_dump', ['--format=custom', '--verbose', `--snapshot=${snapshot}`, `--file=${file}`], url, /dumping contents of table/, onTable);
}

/**
 * Replaces the database's objects with the dump's, in one transaction: a failure leaves the
 * database as it was. Owners are not restored, so any role may restore into its own database.
 */
export function pgRestore(url: string, file: string, onTable: () => void): Promise<void> {
  return run('pg_restore', ['--clean', '--if-exists', '--no-owner', '--single-transaction', '--exit-on-error', '--verbose', file], url, /processing data for table/, onTable);
}
