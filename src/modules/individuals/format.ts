// Formatting for people: the shared day formatter, under the name this module's files use.
export { formatDay } from '../../lib/format.js';
