/**
 * Load from a process of its own (a test's event loop must not be the bottleneck it
 * measures): autocannon with the spec in argv; prints one JSON line, the count per status.
 *
 *   node --import tsx test/helpers/load-child.ts '{"url":…,"connections":300,"seconds":4,"paths":[…]}'
 */
import autocannon from 'autocannon';

const spec = JSON.parse(process.argv[2] as string) as { url: string; connections: number; seconds: number; paths: string[] };
let n = 0;
const result = await autocannon({
  url: spec.url,
  connections: spec.connections,
  duration: spec.seconds,
  headers: { accept: 'text/html' },
  requests: [{ setupRequest: (req) => ({ ...req, path: spec.paths[n++ % spec.paths.length] as string }) }],
});
const statuses = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, (s as { count: number }).count]));
console.log(JSON.stringify({ statuses, errors: result.errors, timeouts: result.timeouts, resets: result.resets ?? 0 }));
