// What other modules (and the composition root) may use of ethics.
// the Code of Ethics' pages and editor (issue 17: code)
export { type CodeVersion, codeInForce, currentTenets, type PublishedVersionSummary, publishedVersion, publishedVersions, type Tenet } from './code.js';
export { ethicsCodeRoutes } from './code-routes.js';
export { seedEthicsCodeDemo } from './code-seed.js';
