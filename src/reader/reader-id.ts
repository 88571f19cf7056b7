/**
 * The anonymous reader: a random id in a signed cookie, set the first time a reader
 * votes. It is what "one vote per reader" counts; it carries nothing about the person.
 * Addresses are only ever stored as a keyed hash.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const READER_COOKIE = 'mh_reader';
const ID = /^[A-Za-z0-9_-]{22}$/;

export function readerIdOf(req: FastifyRequest): string | null {
  const raw = req.cookies[READER_COOKIE];
  if (!raw) return null;
  const unsigned = req.unsignCookie(raw);
  return unsigned.valid && unsigned.value && ID.test(unsigned.value) ? unsigned.value : null;
}

export function ensureReaderId(req: FastifyRequest, reply: FastifyReply, secure: boolean): string {
  const existing = readerIdOf(req);
  if (existing) return existing;
  const id = randomBytes(16).toString('base64url');
  reply.setCookie(READER_COOKIE, id, { path: '/', httpOnly: true, sameSite: 'lax', secure, signed: true, maxAge: 365 * 24 * 3600 });
  return id;
}

export function hashAddress(ip: string, secret: string): string {
  return createHmac('sha256', secret).update(`ip:${ip}`).digest('base64url').slice(0, 22);
}
