/**
 * Two behaviours with no test before: the engine's conflict report when a moved value lands on
 * one the user already set, and atomic writes failing part-way (nothing written at all).
 */
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFilesAtomic } from '../../src/io/files.js';
import { parseValues } from '../../src/values/parse.js';
import { migrateText } from '../helpers/migrate.js';

describe('conflicts', () => {
  it('a value moved onto one already set: the moved one (what the old chart read) wins, and the report says which was replaced', () => {
    const input = 'policyController:\n  defaultAllowPolicy: deny\nproxy:\n  defaultInboundPolicy: all-unauthenticated\n';
    const r = migrateText(input, 'linkerd2', '2.11', '2.12');
    expect((parseValues(r.files.get('linkerd-control-plane')!, 'out').values.toPlain() as any).proxy.defaultInboundPolicy).toBe('deny');
    expect(r.of('conflict')).toEqual([expect.objectContaining({ chart: 'linkerd-control-plane', path: 'proxy.defaultInboundPolicy', kept: 'deny', replaced: 'all-unauthenticated' })]);
  });
});

describe('atomic writes', () => {
  it('a failure on the second file leaves neither file nor any temporary behind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hm-write-'));
    writeFileSync(join(dir, 'blocker'), 'a file where a folder is needed');
    expect(() =>
      writeFilesAtomic([
        { path: join(dir, 'first.yaml'), content: 'a: 1\n' },
        { path: join(dir, 'blocker', 'second.yaml'), content: 'b: 2\n' },
      ]),
    ).toThrow(/cannot write/);
    expect(existsSync(join(dir, 'first.yaml'))).toBe(false);
    expect(readdirSync(dir)).toEqual(['blocker']);
  });
});
