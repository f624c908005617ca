/** The published schemas from docs/schemas/, checked with the same validator the CLI uses on plans. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Schema } from '../../src/core/json-schema.js';
import { repoRoot } from './shared.js';

export { validate } from '../../src/core/json-schema.js';

export const schema = (name: string): Schema => JSON.parse(readFileSync(join(repoRoot, 'docs', 'schemas', name), 'utf8'));
