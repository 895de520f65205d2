import os from 'node:os';
import { Worker } from 'node:worker_threads';
import {
  SharedParts,
  type LinkageModel,
  type ModelParameters,
  type PreparedRecord,
} from '../../core/linkage/index.ts';
import { publicExplanation } from './candidates.ts';
import { blockKeysOf } from './keys.ts';
import { storedFrequencies, type StoredFrequencies } from './models.ts';
import { prepareKnown, type KnownPerson } from './person-record.ts';

/**
 * Where the batch deduplication (dedup.ts) keeps the prepared records of the registry and scores its candidate
 * pairs: in this thread for a small registry, or in worker threads (scoring-worker.ts), each with its own copy
 * of the records, scoring chunks of pairs sent as typed arrays. Either way a pair is scored by the same model
 * with the same records, and the matches come back in the order the pairs were added.
 */

/** A pair at or above the threshold: registry indexes, score, and the explanation as stored (JSON). */
export interface MatchedPair {
  i: number;
  j: number;
  score: number;
  explanation: string;
}

/** Block keys of some persons: `counts[t]` keys of the t-th person asked for, one after another in `keys`. */
export interface KeysOf {
  counts: Int32Array;
  keys: Float64Array;
}

export interface PairScorer {
  /** The next persons of the registry, in registry order. */
  addPersons(ids: readonly string[], persons: readonly KnownPerson[]): void;
  /** The block keys of these persons (registry indexes). */
  keysOf(indexes: Int32Array): Promise<KeysOf>;
  /** A candidate pair to score. */
  add(i: number, j: number): void;
  /** Resolves once few enough pairs wait to be scored (what keeps the pairs in flight bounded). */
  drain(): Promise<void>;
  /** Every pair added at or above the threshold, in the order added. */
  finish(): Promise<MatchedPair[]>;
  /** Ends the workers, if any (after finish, or when the batch fails). */
  close(): Promise<void>;
}

/** The records of the registry and the model: held by the scorer of this thread, or by each worker. */
export class ScoringRegistry {
  private readonly records: PreparedRecord[] = [];
  private readonly ids: string[] = [];
  // Equal names share one prepared part: what keeps a million records small.
  private readonly parts = new SharedParts();

  constructor(
    private readonly model: LinkageModel,
    private readonly minScore: number,
  ) {}

  add(ids: readonly string[], persons: readonly KnownPerson[]): void {
    persons.forEach((person, k) => {
      this.records.push(prepareKnown(ids[k]!, person, this.records.length, this.parts));
      this.ids.push(ids[k]!);
    });
  }

  keysOf(indexes: Int32Array): KeysOf {
    const counts = new Int32Array(indexes.length);
    const keys: number[] = [];
    indexes.forEach((index, t) => {
      const own = blockKeysOf(this.records[index]!);
      counts[t] = own.length;
      for (const key of own) keys.push(key);
    });
    return { counts, keys: Float64Array.from(keys) };
  }

  /** Scores the pairs (i, j interleaved) and explains those at or above the threshold. */
  score(pairs: Int32Array, into: MatchedPair[] = []): MatchedPair[] {
    for (let p = 0; p < pairs.length; p += 2) {
      const i = pairs[p]!;
      const j = pairs[p + 1]!;
      const score = this.model.scoreAtLeast(this.records[i]!, this.records[j]!, this.minScore);
      if (score >= this.minScore) into.push({ i, j, score, explanation: this.explain(i, j) });
    }
    return into;
  }

  /** The explanation as stored: the pair in the order of the ids, no compared value. */
  private explain(i: number, j: number): string {
    const [a, b] = this.ids[i]! < this.ids[j]! ? [i, j] : [j, i];
    return JSON.stringify(
      publicExplanation(this.model.explain(this.records[a]!, this.records[b]!).explanation),
    );
  }
}

/** Pairs per chunk: large enough that a message costs little beside scoring it. */
const CHUNK_PAIRS = 16_384;

class InlineScorer implements PairScorer {
  private readonly registry: ScoringRegistry;
  private readonly matched: MatchedPair[] = [];
  private pairs = new Int32Array(2 * CHUNK_PAIRS);
  private filled = 0;

  constructor(model: LinkageModel, minScore: number) {
    this.registry = new ScoringRegistry(model, minScore);
  }

  addPersons(ids: readonly string[], persons: readonly KnownPerson[]) {
    this.registry.add(ids, persons);
  }

  keysOf(indexes: Int32Array) {
    return Promise.resolve(this.registry.keysOf(indexes));
  }

  add(i: number, j: number) {
    this.pairs[this.filled++] = i;
    this.pairs[this.filled++] = j;
    if (this.filled === this.pairs.length) this.flush();
  }

  private flush() {
    this.registry.score(this.pairs.subarray(0, this.filled), this.matched);
    this.filled = 0;
  }

  drain() {
    return Promise.resolve();
  }

  finish() {
    this.flush();
    return Promise.resolve(this.matched);
  }

  close() {
    return Promise.resolve();
  }
}

/** What a worker is started with. */
export interface ScoringWorkerData {
  parameters: ModelParameters;
  termFrequencies: StoredFrequencies;
  minScore: number;
}

export type ScoringRequest =
  | { type: 'persons'; ids: readonly string[]; persons: readonly KnownPerson[] }
  | { type: 'keys'; id: number; indexes: Int32Array }
  | { type: 'score'; id: number; pairs: Int32Array };

export type ScoringReply =
  { type: 'keys'; id: number; result: KeysOf } | { type: 'score'; id: number; matched: MatchedPair[] };

/** Chunks waiting per worker before drain() waits: keeps both busy without holding every pair in memory. */
const IN_FLIGHT_PER_WORKER = 4;

const WORKER_FILE = new URL('./scoring-worker.ts', import.meta.url).href;
/**
 * The worker is TypeScript: it registers tsx's loader first, as bin/amparo.js does (a loader given by
 * `--import` in a worker's execArgv is not applied to the worker on Node 20).
 */
const WORKER_START = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => {
  tsx.register();
  return import(${JSON.stringify(WORKER_FILE)});
});`;

class ThreadedScorer implements PairScorer {
  private readonly workers: Worker[];
  private readonly busy: number[];
  private readonly waiting = new Map<
    number,
    { resolve: (reply: ScoringReply) => void; reject: (error: Error) => void }
  >();
  private readonly chunks: Promise<MatchedPair[]>[] = [];
  private listeners: (() => void)[] = [];
  private nextId = 0;
  private pairs = new Int32Array(2 * CHUNK_PAIRS);
  private filled = 0;
  private failure: Error | undefined;
  private closing = false;

  constructor(model: LinkageModel, minScore: number, threads: number) {
    const workerData: ScoringWorkerData = {
      parameters: model.params,
      termFrequencies: storedFrequencies(model.termFrequencies),
      minScore,
    };
    this.workers = Array.from(
      { length: threads },
      () =>
        new Worker(WORKER_START, {
          eval: true,
          workerData,
          // A million prepared records and the remembered similarities need more than the default 4 GB allows for
          // comfort; the limit is a ceiling, not an allocation.
          resourceLimits: { maxOldGenerationSizeMb: 8192 },
        }),
    );
    this.busy = this.workers.map(() => 0);
    this.workers.forEach((worker, w) => {
      worker.on('message', (reply: ScoringReply) => {
        this.busy[w]!--;
        const request = this.waiting.get(reply.id);
        this.waiting.delete(reply.id);
        request?.resolve(reply);
        this.notify();
      });
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => {
        if (!this.closing) this.fail(new Error(`Un proceso de puntuación terminó (código ${code}).`));
      });
    });
  }

  /** A worker that failed answers nothing more: every request waiting fails with it, and the batch. */
  private fail(error: Error) {
    this.failure ??= error;
    for (const request of this.waiting.values()) request.reject(this.failure);
    this.waiting.clear();
    this.notify();
  }

  private notify() {
    const listeners = this.listeners;
    this.listeners = [];
    for (const listener of listeners) listener();
  }

  private request(worker: number, message: ScoringRequest & { id: number }, transfer: ArrayBuffer[]) {
    if (this.failure) return Promise.reject(this.failure);
    this.busy[worker]!++;
    const reply = new Promise<ScoringReply>((resolve, reject) =>
      this.waiting.set(message.id, { resolve, reject }),
    );
    this.workers[worker]!.postMessage(message, transfer);
    return reply;
  }

  addPersons(ids: readonly string[], persons: readonly KnownPerson[]) {
    const message: ScoringRequest = { type: 'persons', ids, persons };
    for (const worker of this.workers) worker.postMessage(message);
  }

  async keysOf(indexes: Int32Array): Promise<KeysOf> {
    const share = Math.ceil(indexes.length / this.workers.length);
    const parts = await Promise.all(
      this.workers.map(async (_, w) => {
        const slice = indexes.slice(w * share, (w + 1) * share);
        const reply = await this.request(w, { type: 'keys', id: this.nextId++, indexes: slice }, [
          slice.buffer,
        ]);
        return (reply as Extract<ScoringReply, { type: 'keys' }>).result;
      }),
    );
    return joinKeys(parts);
  }

  add(i: number, j: number) {
    this.pairs[this.filled++] = i;
    this.pairs[this.filled++] = j;
    if (this.filled === this.pairs.length) this.dispatch();
  }

  /** Sends the pairs gathered so far to the least busy worker. */
  private dispatch() {
    if (this.filled === 0) return;
    const pairs = this.filled === this.pairs.length ? this.pairs : this.pairs.slice(0, this.filled);
    const worker = this.busy.indexOf(Math.min(...this.busy));
    const chunk = this.request(worker, { type: 'score', id: this.nextId++, pairs }, [pairs.buffer]).then(
      (reply) => (reply as Extract<ScoringReply, { type: 'score' }>).matched,
    );
    chunk.catch(() => undefined); // the failure is thrown by drain() or finish()
    this.chunks.push(chunk);
    this.pairs = new Int32Array(2 * CHUNK_PAIRS);
    this.filled = 0;
  }

  async drain() {
    const limit = IN_FLIGHT_PER_WORKER * this.workers.length;
    while (this.waiting.size > limit && !this.failure) {
      await new Promise<void>((resolve) => this.listeners.push(resolve));
    }
    if (this.failure) throw this.failure;
  }

  async finish(): Promise<MatchedPair[]> {
    this.dispatch();
    const matched: MatchedPair[] = [];
    for (const chunk of this.chunks) for (const pair of await chunk) matched.push(pair);
    this.chunks.length = 0;
    return matched;
  }

  async close() {
    this.closing = true;
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}

/** From this many persons a batch scores in worker threads (below, starting them costs more than it saves). */
export const THREADED_FROM = 20_000;

/**
 * The scorer for a batch: `threads` workers (0: this thread); by default two (or as many cores as there are, if
 * fewer) for a registry of THREADED_FROM persons or more.
 */
export function pairScorer(
  model: LinkageModel,
  minScore: number,
  persons: number,
  threads?: number,
): PairScorer {
  const count = threads ?? (persons >= THREADED_FROM ? Math.min(2, os.availableParallelism()) : 0);
  return count > 1 || (threads !== undefined && count > 0)
    ? new ThreadedScorer(model, minScore, count)
    : new InlineScorer(model, minScore);
}

/** The keys of consecutive runs of persons, as one run. */
export function joinKeys(parts: readonly KeysOf[]): KeysOf {
  const counts = new Int32Array(parts.reduce((n, part) => n + part.counts.length, 0));
  const keys = new Float64Array(parts.reduce((n, part) => n + part.keys.length, 0));
  let person = 0;
  let key = 0;
  for (const part of parts) {
    counts.set(part.counts, person);
    keys.set(part.keys, key);
    person += part.counts.length;
    key += part.keys.length;
  }
  return { counts, keys };
}
