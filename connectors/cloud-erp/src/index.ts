export * from './cloud-erp.format';
export * from './cloud-erp.manifest';
export * from './cloud-erp.mapper';
export * from './cloud-erp.connector';
export * from './simulator/cloud-erp-simulator';
