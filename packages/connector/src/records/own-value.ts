/**
 * The value of a record's own key; undefined for a key it only inherits. Names from a journey file are
 * looked up with it, so `constructor`, `toString` or `hasOwnProperty` are ordinary (unknown) names.
 */
export function ownValue<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}
