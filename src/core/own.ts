// Lookups by a key someone typed (a platform, a word of a bio, a file extension, a campaign slug):
// only the table's own entries answer, so "constructor", "toString" or "__proto__" never reach
// Object.prototype and come back as a function or an object where a string was expected.

/** `table[key]` when the table itself has that key; undefined otherwise. */
export const own = <T>(table: Readonly<Record<string, T>>, key: string): T | undefined => (Object.hasOwn(table, key) ? table[key] : undefined);
