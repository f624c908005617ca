/** The trust anchor the control plane uses, and its fingerprint (plan pins it, post-checks compare). */
import { createHash } from 'node:crypto';
import type { Kube, ObjectRef } from '../kube/types.js';

export async function readTrustAnchor(kube: Kube, configMap: ObjectRef, key: string): Promise<string | undefined> {
  const cm = (await kube.get(configMap)) as { data?: Record<string, string> } | undefined;
  return cm?.data?.[key];
}

/** sha256 of the PEM bundle, ignoring surrounding whitespace. */
export function fingerprint(anchor: string): string {
  return createHash('sha256').update(anchor.trim()).digest('hex');
}
