// What other modules (and the composition root) may use of news and stories (issue 18, C7).

export { storiesOnNetworkPage } from './network-part.js';
export { newsPostNames } from './queries.js';
export { newsRoutes } from './routes.js';
export { seedNewsDemo } from './seed.js';
export { newsMover, savePost } from './service.js';
