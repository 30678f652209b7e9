/**
 * Input classes validated once per distinct value: `@ValidatedOncePerValue()` on a class whose
 * constraints (its own and those of the classes nested in it) are pure functions of the value: no
 * clock (`MinDate(() => new Date())`), no database, no custom constraint with state. A value found
 * valid is remembered by an exact key of its contents, and the same value sent again passes without
 * class-validator walking its metadata and rules once more (the 25-row opportunities page sends the
 * same arguments thousands of times a second). A value refused is never remembered: every refusal
 * is worked out anew, with the same errors and codes.
 */
const MARKED = new WeakSet<object>();

/** Distinct valid values remembered per class (then forgotten all at once), and the longest key. */
const MAX_VALUES_PER_CLASS = 256;
const MAX_KEY_LENGTH = 2048;
const MAX_DEPTH = 8;

export function ValidatedOncePerValue(): ClassDecorator {
  return (target) => {
    MARKED.add(target);
  };
}

/** The key of `value` when its class is marked and its contents can be keyed exactly; else null. */
export function validationKey(value: object): string | null {
  const type: unknown = Object.getPrototypeOf(value)?.constructor;
  if (typeof type !== 'function' || !MARKED.has(type)) return null;
  const key = keyOf(value, 0);
  return key !== null && key.length <= MAX_KEY_LENGTH ? key : null;
}

/** The values found valid, per class: kept by one validation pipe (its options decide validity). */
export class KnownValidValues {
  private readonly byClass = new WeakMap<object, Set<string>>();

  has(value: object, key: string): boolean {
    return this.byClass.get(classOf(value))?.has(key) ?? false;
  }

  add(value: object, key: string): void {
    const type = classOf(value);
    let keys = this.byClass.get(type);
    if (!keys) this.byClass.set(type, (keys = new Set()));
    if (keys.size >= MAX_VALUES_PER_CLASS) keys.clear();
    keys.add(key);
  }
}

const classOf = (value: object): object =>
  (Object.getPrototypeOf(value) as { constructor: object }).constructor;

/**
 * An exact, typed encoding: two values with the same key hold the same types and values at the
 * same places (1 and "1", null and undefined, 0 and -0 differ). Anything but plain data (objects,
 * class instances as class-transformer makes them, dense arrays, strings, finite numbers,
 * booleans, null, undefined, valid Dates) gives null: such a value is validated every time.
 */
function keyOf(value: unknown, depth: number): string | null {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) return null;
      return Object.is(value, -0) ? 'n-0' : `n${value}`;
    case 'boolean':
      return value ? 'T' : 'F';
    case 'undefined':
      return 'U';
    case 'object':
      break;
    default:
      return null;
  }
  if (value === null) return 'N';
  if (depth >= MAX_DEPTH) return null;
  if (Array.isArray(value)) {
    const parts: string[] = [];
    for (let i = 0; i < value.length; i++) {
      if (!(i in value)) return null;
      const part = keyOf(value[i], depth + 1);
      if (part === null) return null;
      parts.push(part);
    }
    return `[${parts.join(',')}]`;
  }
  if (value instanceof Date) {
    const time = value.getTime();
    return Number.isNaN(time) ? null : `D${time}`;
  }
  // Plain objects and class instances; not Maps, Sets, buffers, typed arrays, regular expressions...
  if (Object.prototype.toString.call(value) !== '[object Object]') return null;
  const parts: string[] = [];
  for (const name of Object.keys(value)) {
    const part = keyOf((value as Record<string, unknown>)[name], depth + 1);
    if (part === null) return null;
    parts.push(`${JSON.stringify(name)}:${part}`);
  }
  return `{${parts.join(',')}}`;
}
