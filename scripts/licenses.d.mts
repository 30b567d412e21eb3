// Types of scripts/licenses.mjs for the tests (the build runs it with plain node).
export function parseLicenses(text: string, modules: string): Map<string, string>;
export function mergeLicenses(texts: readonly string[], modules?: string): string;
