/**
 * HTTP over real sockets, for tests of a server running in another process: keep-alive
 * connections that can be cut mid-request (a crash shows as a rejected promise, never as a
 * half-read answer), and a newsroom session kept as a browser keeps it — a cookie jar, the
 * CSRF token read from each page, and the Origin header on form posts.
 */
import http from 'node:http';
import * as cheerio from 'cheerio';

export interface HttpResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

const REQUEST_TIMEOUT_MS = 30_000;

export class HttpClient {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

  constructor(readonly origin: string) {}

  /** Resolves only with a whole answer; a reset, a cut body or a timeout rejects. */
  request(method: string, path: string, opts: { headers?: Record<string, string>; body?: string } = {}): Promise<HttpResponse> {
    return new Promise((resolve, reject) => {
      const headers = { ...opts.headers, ...(opts.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(opts.body)) }) };
      const req = http.request(new URL(path, this.origin), { method, headers, agent: this.agent, timeout: REQUEST_TIMEOUT_MS }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => (res.complete ? resolve({ status: res.statusCode ?? 0, headers: res.headers, body }) : reject(new Error('answer cut short'))));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
      req.on('error', reject);
      req.end(opts.body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** The named fields of a form as a browser would submit them (checked boxes only, selected options). */
export function formFields(html: string, selector: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const { name, value } of cheerio.load(html)(selector).serializeArray()) fields[name] = value;
  return fields;
}

export class HttpSession {
  private readonly cookies = new Map<string, string>();
  csrf = '';

  constructor(readonly client: HttpClient) {}

  private remember(res: HttpResponse): HttpResponse {
    for (const line of res.headers['set-cookie'] ?? []) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /;\s*max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const token = cheerio.load(res.body)('input[name="_csrf"]').first().attr('value');
    if (token) this.csrf = token;
    return res;
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(path: string): Promise<HttpResponse> {
    return this.remember(await this.client.request('GET', path, { headers: { cookie: this.cookieHeader() } }));
  }

  /** A form post with this session's CSRF token, from the site's own origin. */
  async post(path: string, form: Record<string, string>): Promise<HttpResponse> {
    const body = new URLSearchParams({ _csrf: this.csrf, ...form }).toString();
    const headers = { 'content-type': 'application/x-www-form-urlencoded', origin: this.client.origin, cookie: this.cookieHeader() };
    return this.remember(await this.client.request('POST', path, { headers, body }));
  }

  async signIn(email: string, password: string): Promise<void> {
    const page = await this.get('/newsroom/login');
    if (page.status !== 200) throw new Error(`sign-in page answered ${page.status}`);
    const res = await this.post('/newsroom/login', { email, password });
    if (res.status !== 303) throw new Error(`sign-in of ${email} answered ${res.status}: ${res.body.slice(0, 300)}`);
    // The session has its own CSRF token, printed on every newsroom page.
    await this.get('/newsroom');
  }
}
