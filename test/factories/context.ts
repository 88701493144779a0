// What a factory needs of a test: the app's dependencies (database, clock, mail, config). A unit
// test's `TestContext` and a browser test's `RunningApp` both have them.
import type { Deps } from '../../src/deps.js';

export interface FactoryContext {
  deps: Deps;
}
