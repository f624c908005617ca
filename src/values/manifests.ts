/** Reading rendered manifests (multi-document YAML) into objects, and writing YAML text. */
import { parseAllDocuments, stringify } from 'yaml';
import type { KubeObject } from '../kube/types.js';

export function parseManifests(text: string): KubeObject[] {
  const out: KubeObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    const o = doc.toJS({ maxAliasCount: 1000 }) as KubeObject | null;
    if (o && typeof o === 'object' && o.kind && o.metadata?.name) out.push(o);
  }
  return out;
}

export function toYaml(value: unknown): string {
  return stringify(value, { lineWidth: 0, aliasDuplicateObjects: false });
}

export { parse as parseYaml } from 'yaml';
