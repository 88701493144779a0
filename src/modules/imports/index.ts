// What other modules (and the command line) may use of imports.
export { bufferStream, ImportFileError } from './csv-read.js';
export { IMPORT_QUEUE, registerImportJobs } from './jobs.js';
export { guessMapping, IMPORT_KINDS, isImportKind, KIND_NAMES, type Mapping, type RowProblem } from './kinds/index.js';
export { ORGANIZATION_FIELDS } from './kinds/organizations.js';
export { reportCsv } from './report.js';
export { importsRoutes } from './routes.js';
export { ImportMappingError, ImportRejected, type ImportResult, importFile, importOrganizations, MAX_REPORTED } from './service.js';
export { counted, importedCounts, problemsInRows, rowsAre } from './words.js';
