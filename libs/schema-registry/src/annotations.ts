import type Ajv from 'ajv';

/** Classes of personal data a schema field may carry; `special-category` is health and similar (UK GDPR art. 9). */
export const PII_CLASSES = ['personal', 'special-category'] as const;
export type PiiClass = (typeof PII_CLASSES)[number];

/**
 * Annotation keywords of the canonical model. Registered with a meta-schema so that a typo
 * (`x-pi`, `"x-pii": "yes"`) fails when the registry compiles, not silently at run time.
 */
export function addHubKeywords(ajv: Ajv): void {
  ajv.addKeyword({ keyword: 'x-pii', schemaType: 'string', metaSchema: { enum: [...PII_CLASSES] } });
  ajv.addKeyword({ keyword: 'x-producer', schemaType: 'string', metaSchema: { type: 'string', minLength: 1 } });
  ajv.addKeyword({ keyword: 'x-consumers', schemaType: 'array', metaSchema: { type: 'array', items: { type: 'string' } } });
}
