// The decoded parameters of one request, the same shape for every protocol:
// query strings become nested objects and lists, JSON bodies stay as parsed.
// Services read them through the typed accessors below, never by casting.

export type ParamValue = string | number | boolean | null | readonly ParamValue[] | ParamObject;
export interface ParamObject {
  readonly [key: string]: ParamValue;
}

export function isParamObject(value: ParamValue | undefined): value is ParamObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isParamList(value: ParamValue | undefined): value is readonly ParamValue[] {
  return Array.isArray(value);
}

/** A string member, or undefined when absent. Numbers and booleans are given as text. */
export function getString(params: ParamObject, key: string): string | undefined {
  const value = params[key];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export function getObject(params: ParamObject, key: string): ParamObject | undefined {
  const value = params[key];
  return isParamObject(value) ? value : undefined;
}

/**
 * A list member. The query protocols send an empty list as `Key=` (an empty
 * string), so an empty string reads as an empty list.
 */
export function getList(params: ParamObject, key: string): readonly ParamValue[] {
  const value = params[key];
  if (isParamList(value)) return value;
  return [];
}

export function getStringList(params: ParamObject, key: string): string[] {
  return getList(params, key).filter((v): v is string => typeof v === 'string');
}

export function getObjectList(params: ParamObject, key: string): ParamObject[] {
  return getList(params, key).filter(isParamObject);
}
