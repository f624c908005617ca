/** Every request the server answered, and counts by verb and resource. */
export interface LoggedRequest {
  method: string;
  path: string;
  query: string;
  verb: string;
  group?: string;
  resource?: string;
  namespace?: string;
  name?: string;
  status: number;
  contentType?: string;
  userAgent?: string;
  user?: string;
  fault?: string;
}

export class RequestLog {
  readonly entries: LoggedRequest[] = [];

  add(e: LoggedRequest): void {
    this.entries.push(e);
  }

  clear(): void {
    this.entries.length = 0;
  }

  /** `{ 'list secrets': 3, 'patch configmaps': 1, … }` (discovery and /version under `get discovery`). */
  counts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const e of this.entries) {
      const k = `${e.verb} ${e.resource ?? 'discovery'}`;
      out[k] = (out[k] ?? 0) + 1;
    }
    return out;
  }

  count(verb: string, resource?: string): number {
    return this.entries.filter((e) => e.verb === verb && (resource === undefined || e.resource === resource)).length;
  }
}
