export * from './payroll.format';
export * from './payroll.manifest';
export * from './payroll.mapper';
export * from './payroll.connector';
export * from './simulator/payroll-simulator';
