export * from './cloud-erp.format';
export * from './cloud-erp.manifest';
export * from './cloud-erp.mapper';
export * from './cloud-erp-changes.mapper';
export * from './cloud-erp.canonical-fields';
export * from './cloud-erp.connector';
export * from './simulator/grade-catalogue';
export * from './simulator/cloud-erp-simulator';
