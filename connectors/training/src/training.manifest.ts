import type { ConnectorManifest } from '@hub/connector-sdk';

export const trainingManifest: ConnectorManifest = {
  name: 'training',
  description: "Training administration system: its daily course-completions export files become course completions.",
  direction: 'source',
  transport: 'files',
  credential: 'none',
  consumes: [],
  produces: ['training.course.completed.v1'],
};

/** The CloudEvents `source` of events read from the training system's files. */
export const TRAINING_SOURCE = 'urn:erp-hub:source:training';
