// What other modules (and the composition root) may use of the business challenge.

export * as emails from './emails.js';
export { businessPlace, challengesSection } from './places.js';
export { challengeActionNames, challengeNames } from './queries.js';
export { challengesRoutes } from './routes.js';
export { seedChallengesDemo } from './seed.js';
export { addChallengeAction, addTemplateAction, createChallenge, joinChallenge, markActionDone, reviewCompletion } from './service.js';
