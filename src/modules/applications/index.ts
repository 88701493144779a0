// What other modules may use of applications.
export { seedApplicationsDemo } from './seed.js';
