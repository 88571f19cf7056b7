/**
 * `masthead user create`: the first admin (or any user) from the command line. The
 * password is read from standard input (piped) or asked for without echo on a terminal;
 * it is never an argument, so it stays out of shell history and process lists.
 */
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import type { Db } from '../db/schema.ts';
import { audit } from '../features/audit/audit.service.ts';
import type { Role } from '../features/users/roles.ts';
import type { User } from '../features/users/user.ts';
import { createUser } from '../features/users/users.service.ts';
import type { Clock } from '../shared/clock.ts';

async function readPiped(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

function askHidden(question: string): Promise<string> {
  const muted = new Writable({ write: (_chunk, _enc, done) => done() });
  const rl = createInterface({ input: process.stdin, output: muted, terminal: true });
  process.stderr.write(question);
  return new Promise((resolve) =>
    rl.question('', (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    }),
  );
}

export async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) return readPiped();
  const first = await askHidden('Password: ');
  const second = await askHidden('Repeat password: ');
  if (first !== second) throw new Error('the two passwords differ');
  return first;
}

export async function createUserFromCli(db: Db, clock: Clock, input: { email: string; name: string; role: Role; password: string }): Promise<User> {
  return db.transaction().execute(async (trx) => {
    const user = await createUser(trx, clock, { email: input.email, displayName: input.name, password: input.password, role: input.role });
    await audit(trx, clock, { actorId: null, action: 'user.create_cli', subjectType: 'user', subjectId: user.id, detail: { role: input.role } });
    return user;
  });
}
