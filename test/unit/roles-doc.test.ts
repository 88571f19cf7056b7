import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { rolesMarkdown, ROLES_DOC } from '../../scripts/roles-doc.ts';

describe('docs/roles.md', () => {
  it('matches the capability matrix in code (run npm run docs:roles after changing it)', () => {
    assert.equal(readFileSync(ROLES_DOC, 'utf8'), rolesMarkdown());
  });
});
