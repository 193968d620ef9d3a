export * from './source/training.format';
export * from './training.manifest';
export * from './source/training.mapper';
export * from './source/completions-csv';
export * from './source/training-completions.source';
export * from './testing/samples';
export * from './simulator/training-export-simulator';
