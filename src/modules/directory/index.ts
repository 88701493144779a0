// What other modules may use of the directory.

export { moveProfile } from './account-merge.js';
export { directoryRoutes } from './directory-routes.js';
export { directoryMover } from './merge.js';
export { BULK_LOAD_SETTING, bulkLoadWithoutDirectoryTriggers, directoryRebuildSteps, rebuildDirectoryNameIndex } from './name-index.js';
export { profileForStaff, type StaffProfileView } from './people-part.js';
export { memberProfileRoutes } from './profile-routes.js';
export { recordWorkplace } from './profiles.js';
export { type ScalePerson, seedScaleDirectory } from './scale.js';
export { seedDirectoryDemo } from './seed.js';
export { type Audience, audienceOf, canSee, VISIBILITIES } from './visibility.js';
