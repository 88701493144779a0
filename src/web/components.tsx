// Accessible building blocks, imported from here by every page: form fields tied to their
// errors, an error summary, forms that carry their CSRF token, and tables with sorting and
// paging by query string. Each group lives in src/web/components/; this file is the one path.
export { ConfirmForm, DangerLink, RowActions, SubNav } from './components/actions.js';
export { UsAddressFields } from './components/address.js';
export { ErrorSummary, FieldError } from './components/errors.js';
export { Checkbox, Field, FileField, fieldId, RadioGroup, Select, TextArea } from './components/fields.js';
export { FilterInput, FilterPageInput, FilterSelect, Honeypot, PostForm } from './components/forms.js';
export { type Column, DataTable, PageLinks, SimpleTable } from './components/tables.js';
export { BackLink, PhoneNumber, SummaryList, telHref } from './components/text.js';
