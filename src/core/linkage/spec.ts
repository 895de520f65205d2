/**
 * What a linkage configuration is made of: comparisons with their levels, blocking rules, the blocking
 * rules of the training sessions, and the term-frequency tables. The Amparo configuration is in
 * amparo-spec.ts; the evaluation's Splink-like baseline is another configuration of the same parts.
 */

import { NULL_LEVEL } from './em.ts';
import type { PreparedRecord } from './record.ts';

export { NULL_LEVEL };

export interface TermFrequencyLevel {
  /** Index of the level (into `levels`) whose weight depends on how common the agreeing value is. */
  level: number;
  /** The frequency table the value is looked up in. */
  table: string;
  /** The value both records agree on at that level. */
  value: (a: PreparedRecord, b: PreparedRecord) => string | undefined;
}

export interface Comparison {
  /** The field as shown in explanations ("first_surname", "birth_date", "postcode"…). */
  name: string;
  /** Level names, the strongest agreement first; the last is the catch-all "else". */
  levels: readonly string[];
  /** The level of a pair, or NULL_LEVEL when either side lacks the value. */
  compare: (a: PreparedRecord, b: PreparedRecord) => number;
  termFrequency?: readonly TermFrequencyLevel[];
}

export interface BlockingRule {
  name: string;
  /** The keys a record is filed under; two records sharing a key become a candidate pair. */
  keys: (r: PreparedRecord) => readonly string[];
  /**
   * When set, the whole rule is skipped if it would propose more than this many pairs per record: a field
   * with few distinct values (a street number, a state) does not narrow anything down.
   */
  maxPairsPerRecord?: number;
}

/**
 * An EM training session: pairs that share a key and whose `agree` comparisons are at the listed levels.
 * Those comparisons are left out of the session (their agreement is what selected the pairs), as in Splink.
 */
export interface TrainingRule {
  name: string;
  keys: (r: PreparedRecord) => readonly string[];
  agree: Readonly<Record<string, readonly string[]>>;
}

export interface TermFrequencyTableSpec {
  name: string;
  values: (r: PreparedRecord) => readonly (string | undefined)[];
}

export interface LinkageSpec {
  /** Name and version of the configuration; stored with trained parameters. */
  name: string;
  version: number;
  comparisons: readonly Comparison[];
  blocking: readonly BlockingRule[];
  training: readonly TrainingRule[];
  termFrequencies: readonly TermFrequencyTableSpec[];
}

export interface TermFrequencyTable {
  counts: Map<string, number>;
  total: number;
  /** Σ f(v)²: the chance that two random values agree. */
  sumSquares: number;
}

export function buildTermFrequencies(
  spec: LinkageSpec,
  records: readonly PreparedRecord[],
): Map<string, TermFrequencyTable> {
  const tables = new Map<string, TermFrequencyTable>();
  for (const table of spec.termFrequencies) {
    const counts = new Map<string, number>();
    let total = 0;
    for (const record of records) {
      for (const value of table.values(record)) {
        if (value === undefined || value === '') continue;
        counts.set(value, (counts.get(value) ?? 0) + 1);
        total++;
      }
    }
    let sumSquares = 0;
    for (const count of counts.values()) sumSquares += (count / total) ** 2;
    tables.set(table.name, { counts, total, sumSquares });
  }
  return tables;
}

/** The comparison vector of a pair. */
export function compareRecords(
  comparisons: readonly Comparison[],
  a: PreparedRecord,
  b: PreparedRecord,
  into: number[] = new Array<number>(comparisons.length),
): number[] {
  for (let k = 0; k < comparisons.length; k++) into[k] = comparisons[k]!.compare(a, b);
  return into;
}
