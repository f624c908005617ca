/** The render oracle, part 1 of 2 (see oracle-suite.ts). */
import { oracleSuite } from './oracle-suite.js';

oracleSuite(0, 2);
