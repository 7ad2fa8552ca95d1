/**
 * openapi.yaml as its users' tools read it: Redocly's linter (recommended rules, redocly.yaml,
 * exemptions with reasons in .redocly.lint-ignore.yaml) finds no problem, swagger-parser validates
 * it as OpenAPI 3.0, and every operation has what a generated client and Swagger UI need: a stable
 * camelCase operationId, its security stated, and an example on every request and response body.
 * (test/http/openapi.test.ts keeps the file equal to the route schemas; openapi-examples.test.ts
 * sends the examples to a running service.)
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import SwaggerParser from '@apidevtools/swagger-parser';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const REDOCLY = fileURLToPath(new URL('../../node_modules/@redocly/cli/bin/cli.js', import.meta.url));
const OPENAPI_FILE = fileURLToPath(new URL('../../openapi.yaml', import.meta.url));

interface Media {
  example?: unknown;
  examples?: Record<string, unknown>;
}
interface Operation {
  operationId?: string;
  security?: Record<string, string[]>[];
  requestBody?: { content: Record<string, Media> };
  responses: Record<string, { content?: Record<string, Media> }>;
}
type Document = { paths: Record<string, Record<string, Operation>> };

const document = parse(readFileSync(OPENAPI_FILE, 'utf8')) as Document;
const operations = Object.entries(document.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, operation]) => ({ name: `${method.toUpperCase()} ${path}`, operation })),
);

/**
 * Operation ids callers' generated clients are built on: renaming one breaks them, so these stay
 * (new operations add theirs).
 */
const OPERATION_IDS: Record<string, string> = {
  'GET /healthz': 'getLiveness',
  'GET /readyz': 'getReadiness',
  'POST /v1/rank': 'rank',
  'POST /v1/rank/batch': 'rankBatch',
  'POST /v1/events': 'postEvents',
  'GET /v1/experiments': 'listExperiments',
  'GET /v1/experiments/assignment': 'getAssignment',
  'GET /v1/experiments/{id}': 'getExperiment',
  'PUT /v1/experiments/{id}': 'putExperiment',
  'DELETE /v1/experiments/{id}': 'deleteExperiment',
  'GET /v1/experiments/{id}/report': 'getExperimentReport',
  'GET /v1/models': 'listModels',
  'POST /v1/models/{version}/activate': 'activateModel',
  'PUT /v1/items': 'putItems',
  'GET /v1/items/{itemId}': 'getItem',
  'DELETE /v1/items/{itemId}': 'deleteItem',
  'PUT /v1/users/{userId}': 'putUser',
  'GET /v1/users/{userId}': 'getUser',
};

/** Operations that take the admin key (routes with `onRequest: app.requireAdmin`). */
const ADMIN = [
  'PUT /v1/experiments/{id}',
  'DELETE /v1/experiments/{id}',
  'POST /v1/models/{version}/activate',
  'PUT /v1/items',
  'GET /v1/items/{itemId}',
  'DELETE /v1/items/{itemId}',
  'PUT /v1/users/{userId}',
  'GET /v1/users/{userId}',
];
/** The schemes of the admin key (swagger.ts): x-api-key, or authorization: Bearer. */
const ADMIN_SCHEMES = ['apiKey', 'bearerAuth'];

describe('openapi.yaml', () => {
  it('passes Redocly lint with the recommended rules: no error, no warning', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [REDOCLY, 'lint', 'openapi.yaml', '--format=json'],
      {
        cwd: ROOT,
        timeout: 60_000,
        maxBuffer: 16 * 1024 * 1024,
        // No usage report, no update check: CI reaches no network but npm's registry.
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      },
    );
    const report = JSON.parse(stdout) as {
      totals: { errors: number; warnings: number; ignored: number };
      problems: { ruleId: string; message: string; location: { pointer: string }[] }[];
    };
    const problems = report.problems.map((p) => `${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`);
    expect(problems).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
    // Only the exemptions .redocly.lint-ignore.yaml gives its reasons for.
    expect(report.totals.ignored).toBe(2);
  });

  it('is valid OpenAPI 3.0 for swagger-parser', async () => {
    const api = await SwaggerParser.validate(OPENAPI_FILE);
    expect(api).toHaveProperty('openapi', '3.0.3');
  });

  it('names every operation with a unique camelCase operationId, the existing ones unchanged', () => {
    const ids = Object.fromEntries(operations.map(({ name, operation }) => [name, operation.operationId]));
    expect(ids).toMatchObject(OPERATION_IDS);
    for (const [name, id] of Object.entries(ids)) expect(id, name).toMatch(/^[a-z][a-zA-Z]*$/);
    expect(new Set(Object.values(ids)).size).toBe(operations.length);
  });

  it('asks the admin key of the admin operations and states that the others are open', () => {
    const admin = operations.filter(({ operation }) => (operation.security ?? []).length > 0);
    expect(admin.map(({ name }) => name).sort()).toEqual([...ADMIN].sort());
    for (const { name, operation } of operations) {
      // Open: an explicit empty list. Admin: the key, in either of its schemes.
      expect(operation.security, name).toBeDefined();
      for (const requirement of operation.security ?? []) {
        expect(ADMIN_SCHEMES, name).toEqual(expect.arrayContaining(Object.keys(requirement)));
        expect(Object.keys(requirement), name).toHaveLength(1);
      }
    }
  });

  it('shows an example on every request and response body', () => {
    const missing: string[] = [];
    for (const { name, operation } of operations) {
      const bodies = [
        ['request', operation.requestBody?.content],
        ...Object.entries(operation.responses).map(
          ([status, response]) => [status, response.content] as const,
        ),
      ] as const;
      for (const [which, content] of bodies) {
        for (const [type, media] of Object.entries(content ?? {})) {
          if (media.example === undefined && media.examples === undefined)
            missing.push(`${name} ${which} ${type}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
