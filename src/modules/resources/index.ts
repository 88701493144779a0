// What other modules (and the composition root) may use of resources.

export { resourceNames, resourceTopicNames } from './queries.js';
export { resourcesRoutes } from './routes.js';
export { type BulkResource, bulkLoadResources, seedResourcesDemo } from './seed.js';
export { type Actor, type ResourceInput, saveResource, saveTopic, type TopicInput } from './service.js';
