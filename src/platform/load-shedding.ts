/**
 * Load shedding: under more load than a process can carry, it answers 503 with Retry-After
 * at once rather than queueing work until memory runs out and every reader waits.
 *
 * Three signals: requests in flight (bounds memory and the wait for database connections;
 * the one that fires when PostgreSQL is the bottleneck and the event loop is idle), event-loop
 * lag sustained over several windows (event-loop-lag.ts: the CPU is the bottleneck), and
 * @fastify/under-pressure's heap size. Registered after the page cache, so cached pages are served whatever the
 * load: they cost microseconds and are what most readers ask for. The 503 itself is a
 * constant: rendering the usual error page would read the database it is protecting.
 */
import underPressure from '@fastify/under-pressure';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Config, Locale } from '../config/config.ts';
import { sendBareError } from './error-handler.ts';
import { EventLoopLag } from './event-loop-lag.ts';

/** Seconds a shed client is asked to wait: long enough for a burst to pass, short for a reader. */
export const RETRY_AFTER_SECONDS = 5;

const ARM_AFTER_LISTEN_MS = 1_000;

export interface LoadSheddingOptions {
  readonly limits: Config['shedding'];
  readonly locale: Locale;
}

declare module 'fastify' {
  interface FastifyRequest {
    countedInFlight: boolean;
  }
}

/** Health checks must answer under load; assets are tiny and finish pages already sent. */
function exempt(req: FastifyRequest): boolean {
  return req.url === '/healthz' || req.url.startsWith('/assets/');
}

export const loadSheddingPlugin = fp<LoadSheddingOptions>(
  async (app: FastifyInstance, opts) => {
    const { limits, locale } = opts;
    let inFlight = 0;

    const refuse = (req: FastifyRequest, reply: FastifyReply): FastifyReply => {
      reply.header('retry-after', String(RETRY_AFTER_SECONDS));
      return sendBareError(req, reply, 'OVERLOADED', locale);
    };

    if (limits.maxEventLoopDelayMs > 0) {
      // Start-up (bundling, migrating, loading the demo) blocks the event loop, and so does a
      // test's own code when the app runs in its process: lag means load only once the server
      // has listened for a moment. Apps driven by inject() never listen, so never shed by it.
      const lag = new EventLoopLag(limits.maxEventLoopDelayMs);
      let arming: NodeJS.Timeout | undefined;
      app.addHook('onListen', async () => {
        arming = setTimeout(() => lag.start(), ARM_AFTER_LISTEN_MS).unref();
      });
      app.addHook('onClose', async () => {
        clearTimeout(arming);
        lag.stop();
      });
      app.addHook('onRequest', async (req, reply) => {
        if (lag.overloaded && !exempt(req)) return refuse(req, reply);
      });
    }
    if (limits.maxHeapBytes > 0) {
      await app.register(underPressure, {
        maxHeapUsedBytes: limits.maxHeapBytes,
        sampleInterval: 250,
        // Returns nothing: under-pressure would send any value returned; an exempt request goes on.
        pressureHandler: (req, reply) => {
          if (!exempt(req)) refuse(req, reply);
        },
      });
    }

    if (limits.maxInFlight > 0) {
      app.decorateRequest('countedInFlight', false);
      app.addHook('onRequest', async (req, reply) => {
        if (exempt(req)) return;
        if (inFlight >= limits.maxInFlight) return refuse(req, reply);
        inFlight += 1;
        req.countedInFlight = true;
      });
      const release = async (req: FastifyRequest) => {
        if (!req.countedInFlight) return;
        req.countedInFlight = false;
        inFlight -= 1;
      };
      app.addHook('onResponse', release);
      app.addHook('onRequestAbort', release);
    }
  },
  { name: 'masthead-load-shedding' },
);
