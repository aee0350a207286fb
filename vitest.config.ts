import { defineConfig } from 'vitest/config';

// One run over every package: unit tests beside the code, cross-package tests in each `test/`.
// Workspace packages resolve to their TypeScript sources through the `@sigkit/source` condition.
export default defineConfig({
  resolve: { conditions: ['@sigkit/source'] },
  ssr: { resolve: { conditions: ['@sigkit/source'], externalConditions: ['@sigkit/source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    reporters: ['default', './test/summaryReporter.ts'],
    // Each run gets a temp folder of its own and fails if a test leaves anything in it.
    // Every answer of the mock is checked against its OpenAPI documents (first, so its folder is outside the guarded one).
    globalSetup: ['./test/openapiResponses.ts', './test/tempFolderGuard.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
