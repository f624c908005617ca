/**
 * Fault injection: make the next N requests that match fail the way a real API server or
 * network fails. Usable from tests (`server.faults.add(...)`) and at run time through
 * `POST /__test/faults` (see the README).
 */
export interface FaultRule {
  /** Kubernetes verb: get, list, watch, create, update, patch, delete, deletecollection. */
  verb?: string;
  /** Plural resource name: secrets, customresourcedefinitions, … */
  resource?: string;
  name?: string;
  namespace?: string;
  /** Only requests whose User-Agent contains this text (helm-migrate's own, or helm's). */
  userAgent?: string;
  /** How many matching requests to affect (default 1). */
  count?: number;
  /** What happens: answer with `status`, cut the connection, or wait `delayMs` first. */
  action?: 'status' | 'drop' | 'delay';
  status?: number;
  /** Seconds, sent as Retry-After (with 429 and 503). */
  retryAfter?: number;
  message?: string;
  delayMs?: number;
}

export interface RequestFacts {
  verb: string;
  resource?: string;
  name?: string;
  namespace?: string;
  userAgent?: string;
}

export class Faults {
  private rules: (FaultRule & { left: number })[] = [];
  private listeners = new Set<() => void>();

  /** Called after a request trips a rule (tests wait on it: "helm-migrate is now held"). */
  onTake(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  add(rule: FaultRule): void {
    this.rules.push({ ...rule, left: rule.count ?? 1 });
  }

  clear(): void {
    this.rules = [];
  }

  pending(): FaultRule[] {
    return this.rules.map(({ left, ...r }) => ({ ...r, count: left }));
  }

  /** The rule this request trips, if any (its count goes down by one). */
  take(req: RequestFacts): FaultRule | undefined {
    const rule = this.rules.find(
      (r) =>
        r.left > 0 &&
        (!r.verb || r.verb === req.verb) &&
        (!r.resource || r.resource === req.resource) &&
        (!r.name || r.name === req.name) &&
        (!r.namespace || r.namespace === req.namespace) &&
        (!r.userAgent || (req.userAgent ?? '').includes(r.userAgent)),
    );
    if (!rule) return undefined;
    rule.left--;
    this.rules = this.rules.filter((r) => r.left > 0);
    for (const l of this.listeners) l();
    return rule;
  }
}
