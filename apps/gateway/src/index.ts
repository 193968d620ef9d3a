export * from './gateway.app';
export * from './ingest.client';
export * from './file-drops/file-drop.processor';
export * from './file-drops/file-drops.service';
export * from './webhooks/webhook-signature';
export * from './webhooks/webhook-verifiers';
export { DROP_LOCK_NAME } from './file-drops/drop-directory-lock';
