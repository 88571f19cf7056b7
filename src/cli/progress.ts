/**
 * A progress bar on stderr for long-running commands (cli-progress). On a terminal it
 * redraws in place; in logs it prints a line every two seconds while it moves.
 */
import { Writable } from 'node:stream';
import cliProgress from 'cli-progress';
import type { Progress } from '../platform/backup/progress.ts';

/**
 * Off a terminal cli-progress prints the bar every notTTYSchedule whether or not it moved,
 * and a blank line at stop, so a bar at 100% waiting for stop() repeated its line into the
 * log. This passes on a line only when the bar's value or total changed since the last
 * line printed; the final line still comes at stop if it has not been printed yet.
 */
class MovedLinesOnly extends Writable {
  #partial = '';
  #position = '';
  #printed: string | null = null;

  constructor(private readonly log: NodeJS.WritableStream) {
    super();
  }

  follow(bar: cliProgress.SingleBar): void {
    const moved = (total: number, value: number) => {
      this.#position = `${value}/${total}`;
    };
    bar.on('start', moved).on('update', moved);
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    const lines = (this.#partial + chunk.toString()).split('\n');
    this.#partial = lines.pop() ?? '';
    for (const line of lines) {
      if (line === '' || this.#position === this.#printed) continue;
      this.log.write(`${line}\n`);
      this.#printed = this.#position;
    }
    done();
  }
}

export function progressBar(label: string, stream: NodeJS.WritableStream & { isTTY?: boolean } = process.stderr): Progress {
  const log = stream.isTTY ? null : new MovedLinesOnly(stream);
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} | {eta_formatted} left`,
      stream: log ?? stream,
      noTTYOutput: true,
      notTTYSchedule: 2000,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  log?.follow(bar);
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.setTotal(total);
      bar.update(done);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
