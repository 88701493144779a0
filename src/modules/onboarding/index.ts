// What other modules (and the composition root) may use of onboarding.
export { onboardingRoutes } from './routes.js';
export { getStartedSection, personGetStarted } from './sections.js';
