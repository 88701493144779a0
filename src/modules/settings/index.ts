// What other modules may use of settings.
export { seedAssociation } from './seed.js';
