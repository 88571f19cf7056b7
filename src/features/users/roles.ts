/** The newsroom's roles, from least to most trusted. */
import type { Role } from '../../db/schema.ts';

export type { Role };

export const ROLES: readonly Role[] = ['reporter', 'editor', 'chief_editor', 'admin'];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function roleAtLeast(role: Role, minimum: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(minimum);
}
