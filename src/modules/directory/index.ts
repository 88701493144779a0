// What other modules may use of the directory.
export { directoryRoutes } from './directory-routes.js';
export { directoryMover } from './merge.js';
export { memberProfileRoutes } from './profile-routes.js';
export { type ScalePerson, seedScaleDirectory } from './scale.js';
export { seedDirectoryDemo } from './seed.js';
export { type Audience, audienceOf, canSee, VISIBILITIES } from './visibility.js';
