/**
 * Candidate generation: every record is filed under the keys of every blocking rule in an inverted index;
 * records sharing a key form candidate pairs. A key held by more than `maxBlockSize` records is too common to
 * say anything (a surname key alone in a large registry) and is skipped. Pairs found by several rules are
 * kept once. When two files are linked, only pairs across the files are candidates.
 */

import type { PreparedRecord } from './record.ts';
import type { BlockingRule } from './spec.ts';
import { seededRandom } from './strings.ts';

export interface BlockingOptions {
  /** Blocks larger than this are skipped. */
  maxBlockSize?: number;
}

export const DEFAULT_MAX_BLOCK_SIZE = 250;

export interface RuleStatistics {
  name: string;
  blocks: number;
  skippedBlocks: number;
  /** Records in skipped blocks (counted once per block). */
  skippedRecords: number;
  /** Pairs this rule proposed, before removing those already proposed by earlier rules. */
  pairs: number;
  /** The rule proposed too many pairs per record (maxPairsPerRecord) and was left out. */
  skipped: boolean;
}

export interface CandidatePairs {
  /** left[i] < right[i] are record indexes. */
  left: Int32Array;
  right: Int32Array;
  count: number;
  rules: RuleStatistics[];
  /** All pairs that could be compared: n(n−1)/2, or |A|·|B| when linking two files. */
  possiblePairs: number;
}

export function isLinkTask(records: readonly PreparedRecord[]): boolean {
  return records.some((r) => r.source === 1);
}

export function possiblePairs(records: readonly PreparedRecord[]): number {
  if (isLinkTask(records)) {
    const right = records.filter((r) => r.source === 1).length;
    return (records.length - right) * right;
  }
  return (records.length * (records.length - 1)) / 2;
}

/** The inverted index of one rule: key → record indexes (each record once per key). */
export function invertedIndex(
  records: readonly PreparedRecord[],
  keys: BlockingRule['keys'],
): Map<string, number[]> {
  const index = new Map<string, number[]>();
  for (const record of records) {
    const seen = new Set<string>();
    for (const key of keys(record)) {
      if (seen.has(key)) continue;
      seen.add(key);
      const block = index.get(key);
      if (block) block.push(record.index);
      else index.set(key, [record.index]);
    }
  }
  return index;
}

class PairSet {
  private readonly seen = new Set<number>();
  left: number[] = [];
  right: number[] = [];

  constructor(private readonly size: number) {}

  add(i: number, j: number): boolean {
    const [a, b] = i < j ? [i, j] : [j, i];
    const code = a * this.size + b;
    if (this.seen.has(code)) return false;
    this.seen.add(code);
    this.left.push(a);
    this.right.push(b);
    return true;
  }

  get count(): number {
    return this.left.length;
  }
}

/** Pairs of one block, across sources when linking. Calls `emit` for each. */
function forEachPairInBlock(
  block: readonly number[],
  records: readonly PreparedRecord[],
  link: boolean,
  emit: (i: number, j: number) => void,
): void {
  for (let x = 0; x < block.length; x++) {
    const i = block[x]!;
    const si = records[i]!.source;
    for (let y = x + 1; y < block.length; y++) {
      const j = block[y]!;
      if (link && records[j]!.source === si) continue;
      emit(i, j);
    }
  }
}

/** How many pairs a block holds (across the sources when linking). */
function blockPairs(block: readonly number[], records: readonly PreparedRecord[], link: boolean): number {
  if (!link) return (block.length * (block.length - 1)) / 2;
  let right = 0;
  for (const i of block) right += records[i]!.source;
  return right * (block.length - right);
}

export function candidatePairs(
  records: readonly PreparedRecord[],
  rules: readonly BlockingRule[],
  options: BlockingOptions = {},
): CandidatePairs {
  const maxBlockSize = options.maxBlockSize ?? DEFAULT_MAX_BLOCK_SIZE;
  const link = isLinkTask(records);
  const pairs = new PairSet(records.length);
  const statistics: RuleStatistics[] = [];
  for (const rule of rules) {
    const stats: RuleStatistics = {
      name: rule.name,
      blocks: 0,
      skippedBlocks: 0,
      skippedRecords: 0,
      pairs: 0,
      skipped: false,
    };
    statistics.push(stats);
    const index = invertedIndex(records, rule.keys);
    if (rule.maxPairsPerRecord !== undefined) {
      let total = 0;
      for (const block of index.values()) {
        if (block.length <= maxBlockSize) total += blockPairs(block, records, link);
      }
      if (total > rule.maxPairsPerRecord * records.length) {
        stats.skipped = true;
        continue;
      }
    }
    for (const block of index.values()) {
      if (block.length < 2) continue;
      stats.blocks++;
      if (block.length > maxBlockSize) {
        stats.skippedBlocks++;
        stats.skippedRecords += block.length;
        continue;
      }
      forEachPairInBlock(block, records, link, (i, j) => {
        stats.pairs++;
        pairs.add(i, j);
      });
    }
  }
  return {
    left: Int32Array.from(pairs.left),
    right: Int32Array.from(pairs.right),
    count: pairs.count,
    rules: statistics,
    possiblePairs: possiblePairs(records),
  };
}

export interface SampledPairs {
  left: number[];
  right: number[];
}

/**
 * Pairs sharing a key of one rule, for a training session: blocks up to `maxBlockSize`, then at most
 * `maxPairs` of them drawn reproducibly.
 */
export function pairsSharingKey(
  records: readonly PreparedRecord[],
  keys: BlockingRule['keys'],
  options: { maxBlockSize: number; maxPairs: number; seed: number },
): SampledPairs {
  const link = isLinkTask(records);
  const pairs = new PairSet(records.length);
  for (const block of invertedIndex(records, keys).values()) {
    if (block.length < 2 || block.length > options.maxBlockSize) continue;
    forEachPairInBlock(block, records, link, (i, j) => pairs.add(i, j));
  }
  if (pairs.count <= options.maxPairs) return { left: pairs.left, right: pairs.right };
  const random = seededRandom(options.seed);
  const order = pairs.left.map((_, i) => i);
  for (let i = 0; i < options.maxPairs; i++) {
    const j = i + Math.floor(random() * (order.length - i));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const chosen = order.slice(0, options.maxPairs);
  return { left: chosen.map((i) => pairs.left[i]!), right: chosen.map((i) => pairs.right[i]!) };
}
