/** The machine's processes as /proc lists them (Linux): id, parent and command name. */
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessEntry {
  readonly pid: number;
  readonly ppid: number;
  readonly name: string;
}

export function processTable(): ProcessEntry[] {
  const out: ProcessEntry[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      // "pid (name) state ppid …": the name may hold spaces and parentheses, so cut at the last ')'.
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      out.push({ pid: Number(d), ppid, name });
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}
