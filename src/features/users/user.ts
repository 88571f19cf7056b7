import type { Role } from './roles.ts';

export interface User {
  readonly id: number;
  readonly email: string;
  readonly displayName: string;
  readonly role: Role;
  readonly locale: 'zh-CN' | 'en';
  readonly personId: number | null;
  readonly disabled: boolean;
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{1,63}$/;

/** Emails compare case-insensitively; they are stored lower-cased. */
export function normalizeEmail(email: string): string | null {
  const clean = email.trim().toLowerCase();
  return EMAIL.test(clean) ? clean : null;
}
