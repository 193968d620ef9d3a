export * from './training.format';
export * from './training.manifest';
export * from './training.mapper';
export * from './completions-csv';
export * from './training-completions.source';
export * from './training.sample';
export * from './simulator/training-export-simulator';
