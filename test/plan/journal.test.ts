/** The apply journal across kills: a torn last line is dropped and the next record still lands; a damaged middle is refused. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal } from '../../src/plan/journal.js';

const dir = () => mkdtempSync(join(tmpdir(), 'hm-journal-'));
const at = '2026-11-28T00:00:00.000Z';

describe('journal', () => {
  it('a line torn by a kill is dropped, and the next record is read back after it', () => {
    const d = dir();
    writeFileSync(join(d, 'journal.jsonl'), `${JSON.stringify({ event: 'done', step: 'a', at })}\n{"event":"star`);
    const j = new Journal(d);
    expect(j.all()).toHaveLength(1);
    j.record({ event: 'started', step: 'b', at });
    const again = new Journal(d);
    expect(again.all().map((e) => ('step' in e ? e.step : e.event))).toEqual(['a', 'b']);
    expect(again.wasStarted('b')).toBe(true);
    expect(readFileSync(join(d, 'journal.jsonl'), 'utf8')).toBe(`${JSON.stringify({ event: 'done', step: 'a', at })}\n${JSON.stringify({ event: 'started', step: 'b', at })}\n`);
  });
  it('a damaged line before others is refused, naming the line', () => {
    const d = dir();
    writeFileSync(join(d, 'journal.jsonl'), `{"event":"started","st\n${JSON.stringify({ event: 'done', step: 'a', at })}\n`);
    expect(() => new Journal(d)).toThrow(/journal\.jsonl: line 1 is damaged/);
  });
});
