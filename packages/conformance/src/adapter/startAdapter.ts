/** Runs an adapter command once and pipelines many requests through it, matching answers by id. */
import { spawn, type ChildProcess } from 'node:child_process';
import { ConformanceError } from '../errors.js';
import { readAnswer } from '../protocol/readAnswer.js';
import type { Exchange, ProblemReply, ProtocolRequest, Reply, Role } from '../protocol/types.js';

/** How to run an adapter. */
export interface AdapterOptions {
  /** The command line, run through the system shell (so quoting, `cd x &&` and env assignments work). */
  command: string;
  /** What the adapter implements; decides how answers are read. */
  role: Role;
  /** Working directory (default: the current one). */
  cwd?: string;
  /** Environment (default: this process's, plus `PYTHONUNBUFFERED=1`). */
  env?: NodeJS.ProcessEnv;
  /**
   * How long the adapter may go without answering while requests wait, in ms (default 15 000).
   * Past that the oldest waiting case fails with `timeout` and the adapter is restarted.
   */
  stallTimeoutMs?: number;
  /** How many times a crashed or stuck adapter is restarted before it counts as unavailable (default 200). */
  maxRestarts?: number;
  /** Receives the adapter's stderr as it comes (default: kept only as a tail for messages). */
  onStderr?: (text: string) => void;
}

/** A running adapter. */
export interface AdapterProcess {
  /** The command it runs. */
  readonly command: string;
  /** Sends one request; resolves with its reply (never rejects). */
  exchange: Exchange;
  /** After the adapter became unavailable, allows starting it again on the next request. */
  revive(): void;
  /** Ends stdin, waits briefly for the adapter to exit, then kills its process group. */
  close(): Promise<void>;
  /** Counters since start. */
  stats(): AdapterStats;
  /** The last few kilobytes the adapter wrote to stderr. */
  stderrTail(): string;
}

/** What happened to an adapter so far. */
export interface AdapterStats {
  /** Processes started (1 + restarts). */
  started: number;
  answers: number;
  crashes: number;
  timeouts: number;
  protocolErrors: number;
}

interface Pending {
  line: string;
  resolve: (reply: Reply) => void;
}

interface Generation {
  child: ChildProcess;
  /** The pieces of an answer line not yet ended. */
  partial: string[];
  answered: number;
  /** Set once this process is being killed on purpose, so that its exit is not a crash. */
  retired: boolean;
}

const STDERR_TAIL = 4096;
const WRITE_CHUNK = 1 << 20;
// A process that died before answering anything this many times in a row will not get better.
const MAX_BARREN_STARTS = 5;

/**
 * Starts an adapter (lazily, on the first request) and returns an {@link Exchange} that writes
 * requests to its stdin as JSON lines, batched, and resolves each from the answer line with the
 * same `id`, in whatever order answers come. Nothing hangs: a crash fails the case being handled
 * (the oldest unanswered one) and restarts the adapter for the others; so does a line that is not
 * JSON, and a stall longer than `stallTimeoutMs`. An adapter that dies before its first answer is
 * `unavailable` with its stderr in the message.
 *
 * @example
 * ```ts
 * const adapter = startAdapter({ command: 'python3 examples/adapters/xconnect_adapter.py', role: 'signer' });
 * try {
 *   const reply = await adapter.exchange(request);
 *   if (reply.kind === 'signed') console.log(reply.wire.headers['x-arrow-signature']);
 * } finally {
 *   await adapter.close();
 * }
 * ```
 */
export function startAdapter(options: AdapterOptions): AdapterProcess {
  if (typeof options?.command !== 'string' || options.command.trim() === '') {
    throw new ConformanceError('INVALID_ADAPTER_COMMAND', 'the adapter command is empty', { expected: 'a command line, e.g. "python3 my_adapter.py"' });
  }
  const stallTimeoutMs = options.stallTimeoutMs ?? 15_000;
  const maxRestarts = options.maxRestarts ?? 200;
  const pending = new Map<string, Pending>();
  // Cases given up on (timed out or crashed): a late answer for one is ignored, not a protocol error.
  const abandoned = new Set<string>();
  const stats: AdapterStats = { started: 0, answers: 0, crashes: 0, timeouts: 0, protocolErrors: 0 };
  let outbox: string[] = [];
  let flushScheduled = false;
  let waitingForDrain = false;
  let generation: Generation | undefined;
  let everAnswered = false;
  let barrenStarts = 0;
  let unavailable: string | undefined;
  let closed = false;
  let lastProgress = Date.now();
  let stderrTail = '';
  let timer: NodeJS.Timeout | undefined;

  const problem = (kind: ProblemReply['problem'], message: string): ProblemReply => ({ kind: 'problem', problem: kind, message });

  const tailNote = (): string => {
    const lines = stderrTail.trim().split('\n').slice(-6).join('\n');
    return lines === '' ? '' : `; its stderr ended with:\n${lines}`;
  };

  function start(): Generation {
    stats.started += 1;
    const child = spawn(options.command, {
      shell: true,
      cwd: options.cwd,
      env: options.env ?? { ...process.env, PYTHONUNBUFFERED: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
      // Its own process group, so that close() also ends whatever the shell started.
      detached: process.platform !== 'win32',
    });
    const gen: Generation = { child, partial: [], answered: 0, retired: false };
    child.stdout!.setEncoding('utf8');
    child.stderr!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => onData(gen, chunk));
    child.stderr!.on('data', (chunk: string) => {
      stderrTail = (stderrTail + chunk).slice(-STDERR_TAIL);
      options.onStderr?.(chunk);
    });
    // EPIPE when the adapter has died: its exit is handled below.
    child.stdin!.on('error', () => {});
    child.on('error', (error) => onDeath(gen, `could not be started (${error.message})`));
    // 'close', not 'exit': answers still in the pipe are read before the death is handled.
    child.on('close', (code, signal) => onDeath(gen, signal ? `was killed by ${signal}` : `exited with code ${code}`));
    lastProgress = Date.now();
    ensureTimer();
    return gen;
  }

  function ensureTimer(): void {
    if (timer !== undefined) return;
    timer = setInterval(() => {
      if (pending.size === 0 || generation === undefined) return;
      if (Date.now() - lastProgress < stallTimeoutMs) return;
      stats.timeouts += 1;
      fault(generation, 'timeout', `the adapter gave no answer for ${stallTimeoutMs / 1000} s while this case waited (is it stuck, or not flushing stdout after each answer line?)`);
    }, Math.max(10, Math.min(500, stallTimeoutMs / 4)));
    timer.unref();
  }

  function scheduleFlush(): void {
    if (flushScheduled || waitingForDrain) return;
    flushScheduled = true;
    setImmediate(flush);
  }

  function flush(): void {
    flushScheduled = false;
    if (closed || unavailable !== undefined || outbox.length === 0) return;
    if (generation === undefined) generation = start();
    const stdin = generation.child.stdin!;
    while (outbox.length > 0) {
      let size = 0;
      let count = 0;
      while (count < outbox.length && size < WRITE_CHUNK) size += outbox[count++]!.length;
      const chunk = outbox.slice(0, count).join('');
      outbox = outbox.slice(count);
      if (!stdin.write(chunk)) {
        waitingForDrain = true;
        const gen = generation;
        stdin.once('drain', () => {
          waitingForDrain = false;
          if (generation === gen) scheduleFlush();
        });
        return;
      }
    }
  }

  function onData(gen: Generation, chunk: string): void {
    if (gen.retired) return;
    let newline = chunk.indexOf('\n');
    if (newline < 0) {
      // Part of a long line (a large body comes in 64 KiB pieces): kept until its end arrives.
      gen.partial.push(chunk);
      return;
    }
    let start = 0;
    while (newline >= 0) {
      if (gen.retired) return;
      let raw = chunk.slice(start, newline);
      if (gen.partial.length > 0) {
        gen.partial.push(raw);
        raw = gen.partial.join('');
        gen.partial = [];
      }
      start = newline + 1;
      newline = chunk.indexOf('\n', start);
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (line.trim() === '') continue;
      let answer: unknown;
      try {
        answer = JSON.parse(line);
      } catch {
        stats.protocolErrors += 1;
        fault(gen, 'protocol', `the adapter wrote a line that is not JSON (stdout is for answers only; log to stderr): ${preview(line)}`);
        return;
      }
      const id = typeof answer === 'object' && answer !== null ? (answer as Record<string, unknown>)['id'] : undefined;
      if (typeof id !== 'string') {
        stats.protocolErrors += 1;
        fault(gen, 'protocol', `the adapter wrote an answer without a string "id": ${preview(line)}`);
        return;
      }
      const waiting = pending.get(id);
      if (waiting === undefined) {
        if (abandoned.has(id)) continue;
        stats.protocolErrors += 1;
        fault(gen, 'protocol', `the adapter answered id ${JSON.stringify(id)}, which no waiting request has (answered twice, or id changed?)`);
        return;
      }
      pending.delete(id);
      gen.answered += 1;
      stats.answers += 1;
      everAnswered = true;
      barrenStarts = 0;
      lastProgress = Date.now();
      waiting.resolve(readAnswer(answer, options.role));
    }
    if (start < chunk.length) gen.partial.push(chunk.slice(start));
  }

  /** The oldest waiting case takes the blame; the adapter is replaced and the others are sent again. */
  function fault(gen: Generation, kind: 'timeout' | 'protocol' | 'crash', message: string): void {
    if (gen.retired || closed) return;
    retire(gen);
    if (gen.answered === 0) barrenStarts += 1;
    if (!everAnswered) {
      becomeUnavailable(`${message}, before answering any request${tailNote()}`);
      return;
    }
    if (barrenStarts >= MAX_BARREN_STARTS) {
      becomeUnavailable(`${message}; the adapter failed ${barrenStarts} times in a row without answering anything${tailNote()}`);
      return;
    }
    blameOldest(problem(kind, kind === 'crash' ? message + tailNote() : message));
    restartForPending();
  }

  function onDeath(gen: Generation, reason: string): void {
    if (gen.retired || closed) return;
    stats.crashes += 1;
    fault(gen, 'crash', `the adapter ${reason}`);
  }

  function retire(gen: Generation): void {
    if (gen.retired) return;
    gen.retired = true;
    if (generation === gen) generation = undefined;
    waitingForDrain = false;
    killGroup(gen.child, 'SIGKILL');
  }

  function blameOldest(reply: ProblemReply): void {
    const oldest = pending.entries().next();
    if (oldest.done) return;
    const [id, waiting] = oldest.value;
    pending.delete(id);
    abandoned.add(id);
    waiting.resolve(reply);
  }

  function restartForPending(): void {
    if (stats.started > maxRestarts) {
      becomeUnavailable(`the adapter was restarted ${maxRestarts} times; giving up${tailNote()}`);
      return;
    }
    outbox = [...pending.values()].map((p) => p.line);
    if (outbox.length > 0) scheduleFlush();
  }

  function becomeUnavailable(message: string): void {
    unavailable = message;
    outbox = [];
    for (const [id, waiting] of pending) {
      abandoned.add(id);
      waiting.resolve(problem('unavailable', message));
    }
    pending.clear();
  }

  const exchange: Exchange = (request: ProtocolRequest) => {
    if (closed) return Promise.resolve(problem('unavailable', 'the adapter was closed'));
    if (unavailable !== undefined) return Promise.resolve(problem('unavailable', unavailable));
    const id = request.id;
    if (pending.has(id)) {
      throw new ConformanceError('DUPLICATE_CASE_ID', `request id ${JSON.stringify(id)} is already waiting for an answer`, { expected: 'a unique id per request' });
    }
    abandoned.delete(id);
    const line = JSON.stringify(request) + '\n';
    return new Promise<Reply>((resolve) => {
      if (pending.size === 0) lastProgress = Date.now();
      pending.set(id, { line, resolve });
      outbox.push(line);
      // Started at once, not at the first write, so that it boots while the caller goes on working.
      if (generation === undefined) generation = start();
      scheduleFlush();
    });
  };

  return {
    command: options.command,
    exchange,
    revive() {
      unavailable = undefined;
      barrenStarts = 0;
    },
    async close() {
      if (closed) return;
      closed = true;
      if (timer !== undefined) clearInterval(timer);
      becomeUnavailable('the adapter was closed before answering');
      const gen = generation;
      generation = undefined;
      if (gen === undefined || gen.retired) return;
      gen.retired = true;
      const exited = new Promise<void>((resolve) => {
        if (gen.child.exitCode !== null || gen.child.signalCode !== null) resolve();
        else gen.child.once('exit', () => resolve());
      });
      gen.child.stdin!.end();
      // The protocol asks adapters to exit at end of input; whatever is left is ended.
      if (!(await within(exited, 2000))) {
        killGroup(gen.child, 'SIGTERM');
        if (!(await within(exited, 1000))) killGroup(gen.child, 'SIGKILL');
      }
    },
    stats: () => ({ ...stats }),
    stderrTail: () => stderrTail,
  };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  try {
    if (process.platform === 'win32') child.kill(signal);
    else process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // Already gone.
    }
  }
}

function within(promise: Promise<void>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timeout = setTimeout(() => resolve(false), ms);
    promise.then(() => {
      clearTimeout(timeout);
      resolve(true);
    });
  });
}

function preview(line: string): string {
  return JSON.stringify(line.length > 200 ? line.slice(0, 200) + '…' : line);
}
