/**
 * A vitest global setup that keeps the OpenAPI documents true to the code: every mock started during
 * the run (in the test workers, and in the processes they start) records what it answers
 * (SIGKIT_OPENAPI_RECORD), and the teardown checks each answer against the documents and fails the
 * run, listing the answers that do not match.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OPENAPI_RECORD_VARIABLE } from '../packages/mock-server/src/core/openapi/responseRecorder.js';
import { createAnswerChecker, type CheckedAnswer } from './openapi/answerChecker.js';

/** Points SIGKIT_OPENAPI_RECORD at a fresh folder and returns the teardown that checks what was recorded there. */
export default function setup(): () => void {
  const folder = mkdtempSync(join(tmpdir(), 'sigkit-openapi-answers-'));
  process.env[OPENAPI_RECORD_VARIABLE] = folder;
  return () => {
    delete process.env[OPENAPI_RECORD_VARIABLE];
    const answers: CheckedAnswer[] = [];
    try {
      for (const file of readdirSync(folder)) {
        for (const line of readFileSync(join(folder, file), 'utf8').split('\n')) if (line !== '') answers.push(JSON.parse(line) as CheckedAnswer);
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
    const checker = createAnswerChecker();
    const mismatches = [...new Set(answers.map((answer) => checker.check(answer)).filter((problem) => problem !== undefined))].sort();
    if (mismatches.length > 0) {
      const shown = mismatches.slice(0, 40).map((line) => `  ${line}`);
      if (mismatches.length > shown.length) shown.push(`  … and ${mismatches.length - shown.length} more`);
      // vitest only logs an error thrown by a global teardown; the exit status is what fails CI.
      process.exitCode = 1;
      throw new Error(`${mismatches.length} answer(s) of the mock do not match its OpenAPI documents (packages/mock-server/src/core/openapi/documents); fix the code or the document:\n${shown.join('\n')}`);
    }
  };
}
