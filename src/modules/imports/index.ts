// What other modules (and the command line) may use of imports.
export { bufferStream, ImportFileError } from './csv-read.js';
export { guessMapping, type Mapping, ORGANIZATION_FIELDS, type RowProblem } from './organization-rows.js';
export { reportCsv } from './report.js';
export { importsRoutes } from './routes.js';
export { ImportMappingError, ImportRejected, type ImportResult, importOrganizations, MAX_REPORTED } from './service.js';
