// @vitest-environment node
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

describe('generated API types', () => {
  it('src/lib/api/schema.d.ts is up to date with docs/openapi.yaml (run `npm run gen:api`)', () => {
    const web = fileURLToPath(new URL('../../..', import.meta.url));
    const run = () =>
      execFileSync(
        process.execPath,
        [
          'node_modules/openapi-typescript/bin/cli.js',
          '../docs/openapi.yaml',
          '-o',
          'src/lib/api/schema.d.ts',
          '--check',
        ],
        { cwd: web, stdio: 'pipe' },
      );
    expect(run).not.toThrow();
  }, 30_000);
});
