import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateApiTypes } from './gen-api.ts';

describe('generated web API client', () => {
  it('matches the server’s current OpenAPI document (run `npm run gen:api` when this fails)', async () => {
    const committed = fs.readFileSync(
      new URL('../web/src/api/schema.d.ts', import.meta.url),
      'utf8',
    );
    const fresh = await generateApiTypes();
    expect(committed === fresh).toBe(true);
    expect(fresh).toContain('"/api/organisations/{id}/move"');
  });
});
