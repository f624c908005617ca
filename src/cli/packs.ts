/**
 * The composition root's one link to the packs: the CLI ships every pack registered in
 * migrations/index.ts. Nothing below the CLI imports a pack; it is given this registry.
 */
import { packs } from '../../migrations/index.js';
import { PackRegistry } from '../core/pack-registry.js';

export const registry = new PackRegistry(packs);
