/** The interruption matrix (interruption-matrix.ts) on scenario traefik-crds-retired. */
import { interruptedAtEveryStep, scenarios } from './interruption-matrix.js';

interruptedAtEveryStep(scenarios['traefik-crds-retired']);
