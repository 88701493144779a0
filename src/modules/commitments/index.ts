// What other modules (and the composition root) may use of commitments.
export { commitmentsMover } from './merge.js';
export { commitmentsOnNetworkPage } from './network-part.js';
export { commitmentNames, commitmentSignatureNames } from './queries.js';
export { commitmentsRoutes } from './routes.js';
export { seedCommitmentsDemo } from './seed.js';
export { createCommitment, signCommitment, updateCommitment, withdrawSignature } from './service.js';
