// What other modules (and the composition root) may use of publishing: the safe Markdown of items'
// text, the publish workflow, revision history and uploaded images (issue 18).

export { ImageUploadForm, MARKDOWN_HINT, MarkdownField, PublishFields, RenderedMarkdown, RevisionHistory } from './editor-views.js';
export { imageById, MAX_IMAGE_BYTES, storeImage } from './images.js';
export { IMAGE_PATH, imageIdsIn, MAX_MARKDOWN, markdownForEmail, markdownProblems, markdownText, renderMarkdown } from './markdown.js';
export { changedFields, type Revision, recordRevision, revisionsOf } from './revisions.js';
export { publishingRoutes } from './routes.js';
export {
  AUDIENCE_LABELS,
  AUDIENCES,
  type Audience,
  isLive,
  liveWhere,
  MOVES,
  moveRefusal,
  newPreviewToken,
  PUBLISH_STATES,
  type Publishable,
  type PublishState,
  parsePublishAt,
  previewMatches,
  publishAtValue,
  STATE_LABELS,
} from './workflow.js';
