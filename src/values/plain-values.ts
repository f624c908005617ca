/**
 * A values document read from plain data (see plain-load.ts), for the case where the migration
 * changes nothing: reads answer from the data, the text is the input byte for byte, and any
 * edit throws `NeedsDocument`, on which the caller parses the file with the yaml package and
 * runs the (pure) migration again. It never holds a half-made edit.
 */
import type { Path } from '../core/paths.js';
import { deepFreeze, getPlain, isPlainMap, type Plain, type PlainMap } from '../core/plain.js';
import type { Detached, ValuesDoc } from '../core/types.js';

/** The migration wants to edit: parse the file as a YAML document and run it again. */
export class NeedsDocument extends Error {
  constructor() {
    super('this values document is read-only plain data');
  }
}

const edit = (): never => {
  throw new NeedsDocument();
};

export class PlainValues implements ValuesDoc {
  readonly dirty = false;

  constructor(
    private readonly data: PlainMap,
    private readonly source: string,
  ) {
    // Shared with whoever reads it, as a YAML document's data is: nobody may edit it.
    if (process.env.HELM_MIGRATE_CHECK_MIRROR === '1') deepFreeze(data);
  }

  has(path: Path): boolean {
    return getPlain(this.data, path) !== undefined;
  }

  get(path: Path): Plain | undefined {
    return getPlain(this.data, path);
  }

  isMap(path: Path): boolean {
    return isPlainMap(getPlain(this.data, path));
  }

  keys(path: Path): string[] {
    const v = getPlain(this.data, path);
    return isPlainMap(v) ? Object.keys(v) : [];
  }

  indexOf(path: Path): number {
    const parent = path.length > 1 ? getPlain(this.data, path.slice(0, -1)) : this.data;
    return isPlainMap(parent) ? Object.keys(parent).indexOf(path[path.length - 1]) : -1;
  }

  detach(): Detached | undefined {
    return edit();
  }

  attach(): void {
    edit();
  }

  moveComments(): void {
    edit();
  }

  set(): void {
    edit();
  }

  delete(): boolean {
    return edit();
  }

  settle(): void {}

  toPlain(): PlainMap {
    return this.data;
  }

  isEmpty(): boolean {
    return Object.keys(this.data).length === 0;
  }

  toString(): string {
    return this.source;
  }

  textParts(): readonly string[] {
    return [this.source];
  }
}
