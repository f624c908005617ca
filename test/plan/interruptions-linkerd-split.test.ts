/** The interruption matrix (interruption-matrix.ts) on scenario linkerd-split. */
import { interruptedAtEveryStep, scenarios } from './interruption-matrix.js';

interruptedAtEveryStep(scenarios['linkerd-split']);
