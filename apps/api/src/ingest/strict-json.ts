import { DANGEROUS_NAMES } from '@hub/events';

/** Deeper than any canonical schema by far; bounds every recursive walk of a parsed body (ours, ajv's, JSON.stringify's). */
export const MAX_JSON_DEPTH = 32;
/** A body with thousands of duplicates is answered with the first few. */
const MAX_PROBLEMS = 20;

/** A key JSON.parse accepts but the hub refuses; `at` is the key's JSON Pointer, as segments. */
export interface JsonKeyProblem {
  at: (string | number)[];
  message: string;
}

export interface StrictJson {
  value: unknown;
  /** Empty when the text holds no duplicate key, no dangerous name and nothing nested too deep. */
  problems: JsonKeyProblem[];
  /**
   * False when the text proves that no value in it breaks @hub/events dataProblems' rules: it has no
   * \u escape (the only way a NUL or a lone surrogate gets into a string of UTF-8 JSON text: raw
   * control characters are not JSON, raw surrogates not UTF-8), no exponent and no run of 16 digits
   * (so every number is below 10^15 < 2^53 in magnitude). Then dataProblems would find nothing and
   * ingest need not walk the data again. A new rule in dataProblems needs its screen here.
   */
  mayHoldUncarriable: boolean;
}

/**
 * JSON.parse, and proof that the value it answers is all the text said. RFC 8259 §4 only says the
 * names within an object SHOULD be unique; JSON.parse keeps the last of a duplicate without a word,
 * so `{"tenant":"fen","tenant":"moor"}` would be checked, scoped and routed as moor while a log or a
 * proxy that keeps the first reads fen. Also refused: names that reach Object.prototype
 * (`__proto__`, `constructor`, `prototype`) at any depth, and nesting deeper than MAX_JSON_DEPTH.
 *
 * The fast path is one tight pass over the bytes (`scan`: members, \u escapes, long numbers) and one
 * over the parsed value (`keysIn`): the text's member count must equal the keys the value holds.
 * They differ only when a key repeated, and only then is the text walked again (`locate`) to name
 * each duplicate by its pointer. `bytes` must be valid UTF-8 and `text` their decoding. Throws
 * JSON.parse's SyntaxError for text that is not JSON.
 */
export function parseStrictJson(bytes: Uint8Array, text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8')): StrictJson {
  const value: unknown = JSON.parse(text);
  const facts = scan(bytes);
  const keys = typeof value === 'object' && value !== null ? keysIn(value, 1) : 0;
  if (keys >= 0 && keys === facts.members) return { value, problems: [], mayHoldUncarriable: facts.mayHoldUncarriable };
  // The slow path's answer is the authority: the counts can also differ for a text it finds nothing wrong with.
  return { value, problems: locate(text), mayHoldUncarriable: facts.mayHoldUncarriable };
}

/** Keys of every object within `v`, or −1 at a dangerous name or too deep a nesting. */
function keysIn(v: object, depth: number): number {
  if (depth > MAX_JSON_DEPTH) return -1;
  let n = 0;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      if (typeof x === 'object' && x !== null) {
        const k = keysIn(x, depth + 1);
        if (k < 0) return -1;
        n += k;
      }
    }
    return n;
  }
  // for…in over a JSON.parse result: own keys only (its prototype is Object.prototype), in one enum-cache walk.
  for (const key in v) {
    // __proto__ and prototype are 9 characters, constructor 11: most keys are ruled out by length.
    if ((key.length === 9 || key.length === 11) && DANGEROUS_NAMES.has(key)) return -1;
    n++;
    const x: unknown = (v as Record<string, unknown>)[key];
    if (typeof x === 'object' && x !== null) {
      const k = keysIn(x, depth + 1);
      if (k < 0) return -1;
      n += k;
    }
  }
  return n;
}

const QUOTE = 34;
const BACKSLASH = 92;

/**
 * One pass over the bytes of a valid JSON text (bytes, not UTF-16 code units: a typed-array loop is
 * the cheapest pass V8 offers, and every structural character is ASCII, never part of a multi-byte
 * sequence). Counts colons outside strings (one per object member) and notes any \u escape, any
 * exponent and any run of 16 or more digits.
 */
function scan(b: Uint8Array): { members: number; mayHoldUncarriable: boolean } {
  let members = 0;
  let escapeU = false;
  let longNumber = false;
  let digits = 0;
  const length = b.length;
  for (let i = 0; i < length; i++) {
    const c = b[i];
    if (c === QUOTE) {
      digits = 0;
      for (i++; ; i++) {
        const d = b[i];
        if (d === QUOTE) break;
        if (d === BACKSLASH && b[++i] === 117) escapeU = true;
      }
    } else if (c >= 48 && c <= 57) {
      if (++digits >= 16) longNumber = true;
    } else {
      // Outside strings a letter is an exponent, or part of true, false, null (never after a digit).
      if ((c === 101 || c === 69) && digits > 0) longNumber = true;
      else if (c === 58) members++;
      digits = 0;
    }
  }
  return { members, mayHoldUncarriable: escapeU || longNumber };
}

/** The slow path, for a text known to be JSON: every duplicate and dangerous key with its pointer. */
function locate(text: string): JsonKeyProblem[] {
  const problems: JsonKeyProblem[] = [];
  const path: (string | number)[] = [];
  let i = 0;
  const ws = () => {
    for (let c = text.charCodeAt(i); c === 32 || c === 10 || c === 13 || c === 9; c = text.charCodeAt(++i));
  };
  const string = (): string => {
    const start = i++;
    let escaped = false;
    for (let c = text.charCodeAt(i); c !== QUOTE; c = text.charCodeAt(i)) {
      if (c === BACKSLASH) {
        escaped = true;
        i += 2;
      } else i++;
    }
    i++;
    return escaped ? (JSON.parse(text.slice(start, i)) as string) : text.slice(start + 1, i - 1);
  };
  /** Reads one value; false once reading should stop (too deep, or enough problems). */
  const value = (depth: number): boolean => {
    ws();
    const c = text.charCodeAt(i);
    if (c === 123 || c === 91) {
      if (depth > MAX_JSON_DEPTH) {
        problems.push({ at: [...path], message: `is nested deeper than ${MAX_JSON_DEPTH} levels` });
        return false;
      }
      const object = c === 123;
      const seen = new Set<string>();
      i++;
      ws();
      if (text.charCodeAt(i) === (object ? 125 : 93)) {
        i++;
        return true;
      }
      for (let index = 0; ; index++) {
        ws();
        if (object) {
          const key = string();
          ws();
          i++; // the colon
          path.push(key);
          if (seen.has(key)) problems.push({ at: [...path], message: `is a duplicate key: a name may appear once in an object (JSON.parse would keep only the last "${key}")` });
          else if (DANGEROUS_NAMES.has(key)) problems.push({ at: [...path], message: `"${key}" is not allowed as a property name` });
          seen.add(key);
        } else path.push(index);
        if (!value(depth + 1) || problems.length >= MAX_PROBLEMS) return false;
        path.pop();
        ws();
        if (text.charCodeAt(i++) !== 44) return true; // not a comma: the closing bracket
      }
    }
    if (c === QUOTE) string();
    else while (i < text.length && !',]} \n\r\t'.includes(text[i])) i++;
    return true;
  };
  value(1);
  return problems;
}
