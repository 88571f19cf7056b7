/**
 * Cursor text for property tests: any string at all, and base64 of near-misses (look-alike
 * dates, huge, negative, fractional and oddly written ids), so decoders meet what they almost
 * accept and not only noise. Also the oracle every decoded position must satisfy.
 */
import fc from 'fast-check';

const FIRST_STORABLE_MS = Date.parse('0001-01-01T00:00:00.000Z');
const LAST_STORABLE_MS = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * An instant in the one spelling the app writes (toISOString) that both databases store:
 * PostgreSQL has no year 0 and reads no five-digit or signed years.
 */
export function isStorableInstant(text: string): boolean {
  const ms = Date.parse(text);
  return ms >= FIRST_STORABLE_MS && ms <= LAST_STORABLE_MS && new Date(ms).toISOString() === text;
}

export function isPositiveSafeId(id: unknown): boolean {
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 1;
}

/** Every instant a position may hold, millisecond precise, years 0001–9999. */
export const storableInstant = fc
  .date({ min: new Date(FIRST_STORABLE_MS), max: new Date(LAST_STORABLE_MS), noInvalidDate: true })
  .map((d) => d.toISOString());

export const positiveSafeId = fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER });

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** A field's value: any in its width, or one at or just past an edge. */
const field = (max: number, edges: readonly number[]) => fc.oneof(fc.integer({ min: 0, max }), fc.constantFrom(...edges));

/** ISO-shaped text with any digits in each field: 2026-02-31T…, 0000-…, 24:60. */
const anyFieldsInstant = fc
  .tuple(
    field(9999, [0, 1, 1969, 1970, 2026, 9999]),
    field(99, [0, 1, 2, 12, 13]),
    field(99, [0, 1, 28, 29, 30, 31, 32]),
    field(99, [0, 23, 24]),
    field(99, [0, 59, 60]),
    field(99, [0, 59, 60]),
    field(999, [0, 999]),
  )
  .map(([y, mo, d, h, mi, s, ms]) => `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}.${pad(ms, 3)}Z`);

/** A real instant written in a way Date.parse accepts but the app never writes. */
const respelledInstant = fc
  .tuple(
    fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true }),
    fc.constantFrom<(iso: string) => string>(
      (iso) => iso,
      (iso) => iso.replace('Z', '+00:00'),
      (iso) => iso.replace(/\.\d{3}Z$/, 'Z'),
      (iso) => iso.replace('T', ' '),
      (iso) => iso.toLowerCase(),
      (iso) => iso.slice(0, 10),
      (iso) => ` ${iso}`,
      (iso) => new Date(iso).toUTCString(),
      (iso) => String(Date.parse(iso)),
    ),
  )
  .map(([d, respell]) => respell(d.toISOString()));

/** Real instants on either side of the first and last storable year. */
const edgeInstant = fc
  .oneof(
    fc.date({ min: new Date('0000-01-01T00:00:00.000Z'), max: new Date('0001-12-31T23:59:59.999Z'), noInvalidDate: true }),
    fc.date({ min: new Date('9999-01-01T00:00:00.000Z'), max: new Date('+010000-12-31T23:59:59.999Z'), noInvalidDate: true }),
  )
  .map((d) => d.toISOString());

export const lookAlikeInstant = fc.oneof(
  storableInstant,
  edgeInstant,
  anyFieldsInstant,
  respelledInstant,
  fc.constantFrom(
    '0000-01-01T00:00:00.000Z',
    '0000-12-31T23:59:59.999Z',
    '+010000-01-01T00:00:00.000Z',
    '+275760-09-13T00:00:00.000Z',
    '-000001-01-01T00:00:00.000Z',
    '-271821-04-20T00:00:00.000Z',
    '2026-02-31T00:00:00.000Z',
    '2026-01-06T24:00:00.000Z',
    '1',
    '0',
    'Tuesday 5',
    'Invalid Date',
    '',
  ),
  fc.string(),
);

export const lookAlikeId = fc.oneof(
  { weight: 3, arbitrary: positiveSafeId.map(String) },
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
  fc.double().map(String),
  fc.constantFrom('0', '-0', '-1', '007', '1e3', '1.0', '0x10', '0b1', '+5', ' 5', '5 ', '5\n', '５', 'Infinity', 'NaN', '', '9007199254740992', '9007199254740993'),
  fc.string(),
);

/** How a client might wrap a payload: as the app does, as standard base64, raw, or damaged. */
function wrappings(payload: string): fc.Arbitrary<string> {
  const b64url = Buffer.from(payload, 'utf8').toString('base64url');
  return fc.oneof(
    fc.constant(b64url),
    fc.constant(Buffer.from(payload, 'utf8').toString('base64')),
    fc.constant(payload),
    fc.nat({ max: Math.max(0, b64url.length) }).map((n) => b64url.slice(0, n)),
    fc.tuple(fc.nat({ max: Math.max(0, b64url.length) }), fc.constantFrom('A', '_', '-', '=', '+', '/', '%', '.', ' ')).map(([n, c]) => b64url.slice(0, n) + c + b64url.slice(n + 1)),
  );
}

/** A payload made from parts, wrapped any way. */
export function cursorText(payload: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: payload.chain(wrappings) },
    { weight: 1, arbitrary: fc.string() },
    { weight: 1, arbitrary: fc.string({ unit: 'binary' }) },
    { weight: 1, arbitrary: fc.base64String() },
    { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...'ABCxyz019_-=|'), minLength: 40, maxLength: 400 }) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 120 }).map((b) => Buffer.from(b).toString('base64url')) },
  );
}

/** `instant|id` near-misses, the shape of the keyset cursors, with stray separators too. */
export const keysetPayload = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(lookAlikeInstant, lookAlikeId).map(([at, id]) => `${at}|${id}`) },
  fc.tuple(lookAlikeInstant, lookAlikeId, fc.string()).map(([at, id, more]) => `${at}|${id}|${more}`),
  fc.tuple(lookAlikeInstant, lookAlikeId).map(([at, id]) => `${id}|${at}`),
  lookAlikeInstant,
);
