/**
 * autocannon in its own process (the load must not share the harness's event loop): reads a
 * LoadSpec from argv, prints one JSON line of results.
 */
import autocannon from 'autocannon';
import type { LoadSpec } from './load.ts';

const spec = JSON.parse(process.argv[2] as string) as LoadSpec;
let n = 0;
const result = await autocannon({
  url: spec.origin,
  connections: spec.connections,
  duration: spec.seconds,
  requests: [
    {
      method: spec.method ?? 'GET',
      headers: spec.headers ? { ...spec.headers } : {},
      body: spec.body,
      setupRequest: (req) => {
        n++;
        const headers = { ...req.headers };
        if (spec.distinctClients) headers['x-forwarded-for'] = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
        return { ...req, path: spec.paths[n % spec.paths.length] as string, headers };
      },
    },
  ],
});
const bad = result.non2xx - (result['3xx'] ?? 0) + result.errors + result.timeouts;
console.log(JSON.stringify({ requests: result.requests.total, rps: result.requests.total / (result.duration || spec.seconds), p50Ms: result.latency.p50, p95Ms: result.latency.p97_5, p99Ms: result.latency.p99, errors: bad }));
