/**
 * In-memory object storage keyed by group/resource/namespace/name, with a global
 * resourceVersion counter and watch subscribers, like etcd behind a real API server.
 */
import { randomUUID } from 'node:crypto';
import type { ResourceType } from './resources.js';

export type Obj = Record<string, any>;

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';
  object: Obj;
}

interface Watcher {
  group: string;
  resource: string;
  namespace?: string;
  send(ev: WatchEvent): void;
}

export interface StoreSnapshot {
  rv: number;
  objects: [string, Obj][];
  applied: [string, Map<string, Obj>][];
}

export class Store {
  private rv = 1000;
  private readonly objects = new Map<string, Obj>();
  /** Last configuration each field manager applied (server-side apply), by object key. */
  readonly applied = new Map<string, Map<string, Obj>>();
  private readonly watchers = new Set<Watcher>();

  key(ty: Pick<ResourceType, 'group' | 'resource'>, namespace: string | undefined, name: string): string {
    return `${ty.group}/${ty.resource}/${namespace ?? ''}/${name}`;
  }

  currentVersion(): string {
    return String(this.rv);
  }

  nextVersion(): string {
    return String(++this.rv);
  }

  get(ty: ResourceType, namespace: string | undefined, name: string): Obj | undefined {
    const o = this.objects.get(this.key(ty, ty.namespaced ? namespace : undefined, name));
    return o && structuredClone(o);
  }

  /** Objects of a type, sorted by namespace and name (stable pages for `limit`/`continue`). */
  list(ty: ResourceType, namespace?: string): Obj[] {
    const prefix = `${ty.group}/${ty.resource}/`;
    const out: Obj[] = [];
    for (const [k, o] of this.objects) {
      if (!k.startsWith(prefix)) continue;
      if (ty.namespaced && namespace && o.metadata?.namespace !== namespace) continue;
      out.push(structuredClone(o));
    }
    return out.sort((a, b) => `${a.metadata.namespace ?? ''}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace ?? ''}/${b.metadata.name}`));
  }

  /** Stores an object (metadata already filled in) and tells watchers. */
  put(ty: ResourceType, obj: Obj, event: 'ADDED' | 'MODIFIED'): Obj {
    obj.metadata.resourceVersion = this.nextVersion();
    const key = this.key(ty, ty.namespaced ? obj.metadata.namespace : undefined, obj.metadata.name);
    this.objects.set(key, structuredClone(obj));
    this.emit(ty, { type: event, object: obj });
    return structuredClone(obj);
  }

  remove(ty: ResourceType, namespace: string | undefined, name: string): Obj | undefined {
    const key = this.key(ty, ty.namespaced ? namespace : undefined, name);
    const obj = this.objects.get(key);
    if (!obj) return undefined;
    this.objects.delete(key);
    this.applied.delete(key);
    obj.metadata.resourceVersion = this.nextVersion();
    this.emit(ty, { type: 'DELETED', object: obj });
    return obj;
  }

  /** Removes every object of a type (its CRD went) or every namespaced object in a namespace. */
  purge(match: (key: string, obj: Obj) => boolean, typeOf: (key: string) => ResourceType | undefined): void {
    for (const [k, o] of [...this.objects]) {
      if (!match(k, o)) continue;
      const ty = typeOf(k);
      if (ty) this.remove(ty, o.metadata?.namespace, o.metadata.name);
      else this.objects.delete(k);
    }
  }

  entries(): [string, Obj][] {
    return [...this.objects];
  }

  /** Everything stored, with the resourceVersion counter: a state to come back to. */
  snapshot(): StoreSnapshot {
    return structuredClone({ rv: this.rv, objects: [...this.objects], applied: [...this.applied] });
  }

  /**
   * Back to a snapshot, resourceVersions included, so a plan made before the snapshot finds the
   * objects it pinned. Watchers are not told: a test restores between processes, not under one.
   */
  restore(s: StoreSnapshot): void {
    const copy = structuredClone(s);
    this.rv = copy.rv;
    this.objects.clear();
    for (const [k, o] of copy.objects) this.objects.set(k, o);
    this.applied.clear();
    for (const [k, m] of copy.applied) this.applied.set(k, m);
    for (const fn of this.changed) fn();
  }

  newUid(): string {
    return randomUUID();
  }

  private readonly changed = new Set<() => void>();

  /** Calls `fn` after every change to any object (for tests that wait on state, not on time). */
  onChange(fn: () => void): () => void {
    this.changed.add(fn);
    return () => this.changed.delete(fn);
  }

  watch(w: Watcher): () => void {
    this.watchers.add(w);
    return () => this.watchers.delete(w);
  }

  private emit(ty: ResourceType, ev: WatchEvent): void {
    for (const fn of this.changed) fn();
    for (const w of this.watchers) {
      if (w.group !== ty.group || w.resource !== ty.resource) continue;
      if (w.namespace && ev.object.metadata?.namespace !== w.namespace) continue;
      w.send(structuredClone(ev));
    }
  }
}
