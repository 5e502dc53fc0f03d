/** `npm start`: the environment it sets (`NAME=value` words before node) and node's arguments. */
export function startCommand(): { env: Record<string, string>; args: string[] };
