/** One root cause, one failure: failed cases grouped by the mistake that explains them, each name tested on every case the implementation signed. */
import type { CaseFailure } from '../judge/outcome.js';
import { NameReplayer, type Replayable, type SignedCase } from '../judge/replayNames.js';
import type { KxSignRequest, XConnectSignRequest } from '../protocol/types.js';
import type { CaseResult } from './runCases.js';

/** Failed cases of one cause. */
export interface FailureClass {
  key: string;
  failure: CaseFailure;
  results: CaseResult[];
  byCategory: Record<string, number>;
}

/** A name tested on the whole run: the cases it reproduces, or refuted. */
interface TestedName {
  name: string;
  flags: string[];
  reproduces: Set<CaseResult>;
}

/**
 * Groups failed cases into causes (docs/spec/xconnect.md §4, docs/spec/kx-connect.md §2):
 * 1. every name some failed case proved is replayed on every case the implementation was asked to
 *    sign (`signed`: passed and failed alike). A deterministic client with that mistake would have
 *    signed each of them the mistake's way, so a name is refuted by any case where the mistake
 *    changes the signature and the client sent another; cases it changes nothing in are neutral. A
 *    family name stands while one member (one key-chain step, one separator, one rule of
 *    re-spelling the timestamp) survives every case;
 * 2. the surviving name that reproduces the most failed cases takes them as one cause, named by
 *    every surviving name that reproduces all of them (ties), and so on;
 * 3. rejected cases no surviving name reproduces are grouped by the step that differs on the wire
 *    (or in the implementation's own intermediates), whatever code the verifier gave: a session id
 *    cut short is `malformed_authorization` on some calls and `unknown_session` on others, one
 *    cause at `authorization`;
 * 4. any other failure is grouped by its own class key.
 *
 * @example
 * ```ts
 * const causes = groupCauses(failedResults, [...passedResults, ...failedResults]);
 * ```
 */
export function groupCauses(failed: readonly CaseResult[], signed: readonly CaseResult[]): Map<string, FailureClass> {
  const out = new Map<string, FailureClass>();
  const add = (key: string, failure: CaseFailure, results: CaseResult[]) => {
    let c = out.get(key);
    if (c === undefined) {
      c = { key, failure, results: [], byCategory: {} };
      out.set(key, c);
    }
    for (const r of results) {
      c.results.push(r);
      c.byCategory[r.testCase.category] = (c.byCategory[r.testCase.category] ?? 0) + 1;
    }
  };
  const failureOf = (r: CaseResult): CaseFailure => (r.outcome as { ok: false; failure: CaseFailure }).failure;
  const diagnosed = failed.filter((r) => r.outcome?.ok === false && failureOf(r).kind === 'rejected' && failureOf(r).diagnosis !== undefined);
  const diagnosedSet = new Set(diagnosed);
  for (const r of failed) if (r.outcome?.ok === false && !diagnosedSet.has(r)) add(failureOf(r).classKey, failureOf(r), [r]);

  // 1. Every name proved somewhere, as the members it stands for, replayed on every signed case.
  const replayer = new NameReplayer();
  const asSigned = (r: CaseResult): SignedCase => ({ request: r.testCase.request as XConnectSignRequest | KxSignRequest, reply: r.reply });
  const candidates = new Map<string, Map<string, Replayable>>();
  for (const r of diagnosed) {
    for (const explanation of failureOf(r).explanations ?? []) {
      for (const replayable of replayer.replayablesOf(explanation, asSigned(r))) {
        let members = candidates.get(replayable.name);
        if (members === undefined) candidates.set(replayable.name, (members = new Map()));
        members.set(memberKey(replayable), replayable);
      }
    }
  }
  // Failed cases first: they refute a wrong name soonest.
  const order = [...diagnosed, ...signed.filter((r) => !diagnosedSet.has(r))];
  const surviving: TestedName[] = [];
  const refuted = new Map<string, Set<CaseResult>>();
  for (const [name, members] of candidates) {
    const reproduces = new Set<CaseResult>();
    const partly = new Set<CaseResult>();
    let stands = false;
    for (const member of members.values()) {
      const mine: CaseResult[] = [];
      let ok = true;
      for (const r of order) {
        const replayed = replayer.replay(member, asSigned(r));
        if (replayed === 'refutes') {
          ok = false;
          break;
        }
        if (replayed === 'reproduces' && diagnosedSet.has(r)) mine.push(r);
      }
      for (const r of mine) (ok ? reproduces : partly).add(r);
      stands ||= ok;
    }
    if (stands) surviving.push({ name, flags: [...members.values()][0]!.flags, reproduces });
    else refuted.set(name, partly);
  }

  // A catalogue name reproduces the cases the judge proved it on, even where the replay cannot say (a mistake that sends no
  // signature); a family member proved on a case was replayed there, and a refuted one explains nothing.
  const byName = new Map(surviving.map((n) => [n.name, n]));
  for (const r of diagnosed) for (const e of failureOf(r).explanations ?? []) if (e.member === undefined) byName.get(e.flags.join(' + '))?.reproduces.add(r);

  // 2. The surviving name that reproduces the most cases left takes them; ties are named together.
  const left = new Set(diagnosed);
  for (;;) {
    let best: TestedName | undefined;
    let bestCount = 0;
    for (const n of surviving) {
      let count = 0;
      for (const r of n.reproduces) if (left.has(r)) count += 1;
      if (count > bestCount || (count === bestCount && count > 0 && best !== undefined && n.name < best.name)) {
        best = n;
        bestCount = count;
      }
    }
    if (best === undefined || bestCount === 0) break;
    const cases = [...best.reproduces].filter((r) => left.has(r));
    const ties = surviving.filter((n) => cases.every((r) => n.reproduces.has(r))).map((n) => n.name).sort();
    const codes = codesOf(cases.map(failureOf));
    const key = `rejected:${codes.join('|')}:${ties.join('|')}`;
    const first = failureOf(cases[0]!);
    const flags = [...new Set(surviving.filter((n) => ties.includes(n.name)).flatMap((n) => n.flags))];
    const failure: CaseFailure = {
      ...first,
      classKey: key,
      flags,
      explanations: surviving.filter((n) => ties.includes(n.name)).map((n) => ({ flags: n.flags })),
      headline: `rejected: ${codes.join(' or ')}, reproduced by ${ties.join(', or ')}`,
    };
    add(key, failure, cases);
    for (const r of cases) left.delete(r);
  }

  // 3. Unexplained: by the step that differs on the wire, whatever the verifier's code.
  const byStep = new Map<string, CaseResult[]>();
  for (const r of left) {
    const step = failureOf(r).wireStep ?? failureOf(r).diagnosis?.firstDifferingStep ?? 'unexplained';
    byStep.set(step, [...(byStep.get(step) ?? []), r]);
  }
  for (const [step, cases] of byStep) {
    const codes = codesOf(cases.map(failureOf));
    const key = `rejected:${codes.join('|')}:${step}`;
    const partly = [...refuted].filter(([, reproduced]) => cases.some((r) => reproduced.has(r))).map(([name]) => name);
    const note = partly.length > 0 ? ` (${partly.join(', ')} ${partly.length === 1 ? 'reproduces' : 'reproduce'} some of these cases but would have signed others differently)` : '';
    const failure: CaseFailure = { ...failureOf(cases[0]!), classKey: key, flags: [], headline: `rejected: ${codes.join(' or ')}, first differing step: ${step}${note}` };
    delete failure.explanations;
    add(key, failure, cases);
  }
  return out;
}

/** A member's identity, cheaply: thousands of timestamp rules are proposed on a run of re-spelt timestamps, most of them the same. */
function memberKey({ member }: Replayable): string {
  if (member === undefined) return '';
  if (member.family === 'TimestampReformatted') return `${member.rule.frame}|${member.rule.seconds}|${member.rule.fraction}|${member.rule.separator}|${member.rule.zone}`;
  return JSON.stringify(member);
}

/** The verifier codes of rejected failures, most frequent first (`rejected:<code>:…` keys). */
function codesOf(failures: readonly CaseFailure[]): string[] {
  const counts = new Map<string, number>();
  for (const f of failures) {
    const code = f.classKey.split(':')[1] ?? 'rejected';
    counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([code]) => code);
}
