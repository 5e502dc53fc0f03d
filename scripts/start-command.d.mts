/** `npm start`'s arguments after `node` (read from package.json). */
export function startArgs(): string[];
