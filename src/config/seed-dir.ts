import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The reference captures live outside the repository, in a `shared/seed` folder beside
 * the checkout (they are third-party pages, so we read them rather than copy them in).
 * Walk up from the working directory so any clone location next to `shared/` works.
 */
export function findSeedDir(start: string): string | null {
  let dir = path.resolve(start);
  for (;;) {
    const candidate = path.join(dir, 'shared', 'seed');
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}
