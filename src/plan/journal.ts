/**
 * The apply journal: one JSON line per event, appended and flushed before and after each step,
 * so an apply killed at any moment (SIGKILL included) knows on resume what finished.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export type JournalEvent =
  | { event: 'started' | 'done'; step: string; at: string; detail?: Record<string, unknown> }
  | { event: 'applied' | 'rolled-back'; at: string };

export class Journal {
  readonly path: string;
  private events: JournalEvent[] = [];

  constructor(sidecar: string) {
    this.path = join(sidecar, 'journal.jsonl');
    if (existsSync(this.path)) {
      for (const line of readFileSync(this.path, 'utf8').split('\n')) {
        if (!line.trim()) continue;
        try {
          this.events.push(JSON.parse(line));
        } catch {
          // A line cut short by a kill mid-write: everything before it stands.
        }
      }
    }
  }

  all(): JournalEvent[] {
    return [...this.events];
  }

  isDone(step: string): boolean {
    return this.events.some((e) => e.event === 'done' && 'step' in e && e.step === step);
  }

  wasStarted(step: string): boolean {
    return this.events.some((e) => 'step' in e && e.step === step);
  }

  finished(): boolean {
    return this.events.some((e) => e.event === 'applied');
  }

  rolledBack(): boolean {
    return this.events.some((e) => e.event === 'rolled-back');
  }

  isEmpty(): boolean {
    return this.events.length === 0;
  }

  record(e: JournalEvent): void {
    const fd = openSync(this.path, 'a', 0o600);
    try {
      writeSync(fd, `${JSON.stringify(e)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    this.events.push(e);
  }
}
