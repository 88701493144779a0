// What other modules may use from join.
export { seedJoinDemo } from './demo.js';
export { joinRoutes } from './routes.js';
export { type JoinSection, listJoinSections, updateJoinSection } from './service.js';
export { PlainText, parsePlainText } from './text.js';
