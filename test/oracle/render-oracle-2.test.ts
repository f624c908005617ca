/** The render oracle, part 2 of 2 (see oracle-suite.ts). */
import { oracleSuite } from './oracle-suite.js';

oracleSuite(1, 2);
