#!/usr/bin/env node
// Masthead runs its TypeScript directly through tsx (see docs/decisions/003-run-typescript-with-tsx.md).
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
const { main } = await import('../src/cli/main.ts');
await main(process.argv);
