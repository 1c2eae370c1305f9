// The registry of field readers: one small module per field, run in this order over the
// same document. The assembler (extract-record.ts) combines their results.
export { readAuthorizationId } from './authorization-id.js';
export { readRecipient } from './recipient.js';
export { readDate } from './date.js';
export { readTimes } from './time.js';
export { readDuration } from './duration.js';
export { readLocation } from './location.js';
export { readMileage } from './mileage.js';
export { readClient } from './client.js';
export { readService } from './service.js';
export type { Found } from './common.js';
