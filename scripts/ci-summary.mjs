// Reads vitest's JSON report and prints the closing line CI reads: "N passed, N failed".
// Suites that failed to load (a syntax error, a throwing beforeAll) count as failed too,
// so a broken file can never pass as "0 failed".
import { existsSync, readFileSync } from 'node:fs';

const path = process.argv[2] ?? '.vitest-report.json';
// Failed CI steps outside vitest (lint, typecheck, build), counted as failures too.
const otherFailures = Number(process.argv[3] ?? 0);
if (!existsSync(path)) {
  console.log('vitest wrote no report');
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const report = JSON.parse(readFileSync(path, 'utf8'));
const passed = report.numPassedTests ?? 0;
const failedTests = report.numFailedTests ?? 0;
const brokenSuites = (report.testResults ?? []).filter(
  (suite) => suite.status === 'failed' && (suite.assertionResults ?? []).every((a) => a.status !== 'failed'),
).length;
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
const failed = failedTests + brokenSuites + otherFailures;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
