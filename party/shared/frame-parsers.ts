// A few tiny parsers for JSON the browser receives, with zod's rules where the protocol uses
// them (numbers finite, ints safe, objects stripped of unknown keys, defaults for missing
// keys): what server-frames.ts is written in. A parser returns the value, or INVALID.

export const INVALID: unique symbol = Symbol("invalid");
export type Parser<T> = (value: unknown) => T | typeof INVALID;
export type Parsed<P> = P extends Parser<infer T> ? T : never;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

export const string =
  ({ min = 0, max = Number.POSITIVE_INFINITY, pattern }: { min?: number; max?: number; pattern?: RegExp } = {}): Parser<string> =>
  (value) =>
    typeof value === "string" && value.length >= min && value.length <= max && (!pattern || pattern.test(value)) ? value : INVALID;

export const number =
  (min: number, max: number): Parser<number> =>
  (value) =>
    typeof value === "number" && Number.isFinite(value) && value >= min && value <= max ? value : INVALID;

/** A safe integer of at least `min`. */
export const int =
  (min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): Parser<number> =>
  (value) =>
    Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max ? (value as number) : INVALID;

export const boolean: Parser<boolean> = (value) => (typeof value === "boolean" ? value : INVALID);

export const oneOf =
  <const T extends readonly string[]>(...values: T): Parser<T[number]> =>
  (value) =>
    values.includes(value as string) ? (value as T[number]) : INVALID;

export const nullable =
  <T>(parse: Parser<T>): Parser<T | null> =>
  (value) =>
    value === null ? null : parse(value);

export const optional =
  <T>(parse: Parser<T>): Parser<T | undefined> =>
  (value) =>
    value === undefined ? undefined : parse(value);

export const withDefault =
  <T>(parse: Parser<T>, fallback: T): Parser<T> =>
  (value) =>
    value === undefined ? fallback : parse(value);

export const array =
  <T>(parse: Parser<T>): Parser<T[]> =>
  (value) => {
    if (!Array.isArray(value)) return INVALID;
    const items: T[] = [];
    for (const item of value) {
      const parsed = parse(item);
      if (parsed === INVALID) return INVALID;
      items.push(parsed);
    }
    return items;
  };

/** An object of string keys, every value parsed by `parse`. */
export const record =
  <T>(parse: Parser<T>): Parser<Record<string, T>> =>
  (value) => {
    if (!isObject(value)) return INVALID;
    const entries: Record<string, T> = {};
    for (const key of Object.keys(value)) {
      const parsed = parse(value[key]);
      if (parsed === INVALID) return INVALID;
      entries[key] = parsed;
    }
    return entries;
  };

/** Only the shape's keys, each parsed; a missing optional key stays missing. */
export const object =
  <S extends Record<string, Parser<unknown>>>(shape: S): Parser<{ [K in keyof S]: Parsed<S[K]> }> =>
  (value) => {
    if (!isObject(value)) return INVALID;
    const fields: Record<string, unknown> = {};
    for (const key of Object.keys(shape)) {
      const parsed = shape[key]!(value[key]);
      if (parsed === INVALID) return INVALID;
      if (parsed !== undefined || key in value) fields[key] = parsed;
    }
    return fields as { [K in keyof S]: Parsed<S[K]> };
  };

/** The first of `options` that accepts the value (frames: each option has its own `type`, checked first). */
export const union =
  <P extends Parser<unknown>[]>(...options: P): Parser<Parsed<P[number]>> =>
  (value) => {
    for (const option of options) {
      const parsed = option(value);
      if (parsed !== INVALID) return parsed as Parsed<P[number]>;
    }
    return INVALID;
  };
