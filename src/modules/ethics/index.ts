// What other modules (and the composition root) may use of ethics.
export { type CodeVersion, codeInForce, currentTenets, type Tenet } from './code.js';
