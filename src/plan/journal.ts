/**
 * The apply journal: one JSON line per event, appended and flushed before and after each step,
 * so an apply killed at any moment (SIGKILL included) knows on resume what finished.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { HelmMigrateError } from '../core/errors.js';
import { writeFilesAtomic } from '../io/files.js';

/** A helm process a step started: which one, and the release's newest revision before it. */
export interface HelmRun {
  event: 'helm';
  step: string;
  at: string;
  pid: number;
  host: string;
  revisionBefore: number;
}

export type JournalEvent =
  | { event: 'started' | 'done'; step: string; at: string; detail?: Record<string, unknown> }
  | HelmRun
  | { event: 'applied' | 'rolled-back'; at: string };

export class Journal {
  readonly path: string;
  private events: JournalEvent[] = [];

  /** The file ends in a line cut short by a kill: the next record first removes it. */
  private torn = false;

  constructor(sidecar: string) {
    this.path = join(sidecar, 'journal.jsonl');
    if (!existsSync(this.path)) return;
    const text = readFileSync(this.path, 'utf8');
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      if (!line.trim()) return;
      try {
        this.events.push(JSON.parse(line));
      } catch (err) {
        // Only the last line, unterminated, can be cut short by a kill mid-write; everything
        // before it stands. Anything else is a damaged journal, and guessing would be unsafe.
        if (i === lines.length - 1 && !text.endsWith('\n')) {
          this.torn = true;
          return;
        }
        throw new HelmMigrateError('plan-invalid', `${this.path}: line ${i + 1} is damaged (${(err as Error).message}); the journal cannot say what ran: inspect the cluster, then make a new plan`);
      }
    });
  }

  all(): JournalEvent[] {
    return [...this.events];
  }

  /** What a finished step recorded (a backup's files and digests). */
  doneDetail(step: string): Record<string, unknown> | undefined {
    const e = this.events.find((x) => x.event === 'done' && 'step' in x && x.step === step);
    return e && 'detail' in e ? e.detail : undefined;
  }

  /** Every helm process the step started, oldest first. */
  helmRuns(step: string): HelmRun[] {
    return this.events.filter((e): e is HelmRun => e.event === 'helm' && e.step === step);
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
    // First drop the torn fragment (rewritten whole, atomically), so it never sits mid-journal.
    if (this.torn) {
      writeFilesAtomic([{ path: this.path, content: this.events.map((x) => `${JSON.stringify(x)}\n`).join(''), mode: 0o600 }]);
      this.torn = false;
    }
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
