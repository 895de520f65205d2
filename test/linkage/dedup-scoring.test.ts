// keys.ts first: person-record.ts reaches keys.ts again through the person store.
import { blockKeysOf } from '../../src/server/linkage/keys.ts';
import { describe, expect, it } from 'vitest';
import { candidatePairs, LinkageModel, type PreparedRecord } from '../../src/core/linkage/index.ts';
import { generateDataset } from '../../src/core/synthetic/index.ts';
import { frequencyTables, readShippedModel } from '../../src/server/linkage/models.ts';
import { pairScorer, type PairScorer } from '../../src/server/linkage/pair-scoring.ts';
import { knownOfSynthetic, PERSON_SPEC, prepareKnown } from '../../src/server/linkage/person-record.ts';

// Seed 3 is neither the tuning seed (1) nor the reporting seed (2) of the evaluation.
const dataset = generateDataset({ seed: 3, persons: 3000 }).records;
const ids = dataset.map((_, i) => `p${String(i).padStart(6, '0')}`);
const persons = dataset.map(knownOfSynthetic);
const records: PreparedRecord[] = persons.map((p, i) => prepareKnown(ids[i]!, p, i));
const candidates = candidatePairs(records, PERSON_SPEC.blocking);
const shipped = await readShippedModel();
const model = new LinkageModel(PERSON_SPEC, shipped.parameters, frequencyTables(shipped.termFrequencies));

async function scoreAll(scorer: PairScorer) {
  for (let start = 0; start < persons.length; start += 1000) {
    scorer.addPersons(ids.slice(start, start + 1000), persons.slice(start, start + 1000));
  }
  const keys = await scorer.keysOf(Int32Array.from(ids, (_, i) => i));
  for (let p = 0; p < candidates.count; p++) {
    scorer.add(candidates.left[p]!, candidates.right[p]!);
    if (p % 10_000 === 0) await scorer.drain();
  }
  return { keys, matched: await scorer.finish() };
}

describe('scoring with a bound', () => {
  it('gives the exact score of every pair that can reach the threshold and gives up only pairs below it', () => {
    expect(candidates.count).toBeGreaterThan(20_000);
    for (const min of [-10, 0, 6]) {
      let givenUp = 0;
      let reaching = 0;
      for (let p = 0; p < candidates.count; p++) {
        const a = records[candidates.left[p]!]!;
        const b = records[candidates.right[p]!]!;
        const exact = model.score(a, b);
        const bounded = model.scoreAtLeast(a, b, min);
        if (exact >= min) {
          reaching++;
          expect(bounded).toBe(exact);
        } else {
          expect(bounded).toBeLessThan(min);
          if (bounded === -Infinity) givenUp++;
          else expect(bounded).toBe(exact);
        }
      }
      expect(reaching).toBeGreaterThan(100);
      // Most non-matches are given up before their parents' names are compared.
      if (min === 0) expect(givenUp).toBeGreaterThan(candidates.count / 2);
    }
  });
});

describe('scoring in worker threads', () => {
  it('gives exactly the keys, matches, scores and explanations of this thread, in the same order', async () => {
    const inline = pairScorer(model, 0, persons.length, 0);
    const threaded = pairScorer(model, 0, persons.length, 2);
    try {
      const here = await scoreAll(inline);
      const there = await scoreAll(threaded);
      expect(there.keys).toEqual(here.keys);
      let k = 0;
      records.forEach((record, i) => {
        const own = Array.from(here.keys.keys.subarray(k, (k += here.keys.counts[i]!)));
        expect(own).toEqual(blockKeysOf(record));
      });
      expect(there.matched).toEqual(here.matched);
      let expected = 0;
      for (let p = 0; p < candidates.count; p++) {
        if (model.score(records[candidates.left[p]!]!, records[candidates.right[p]!]!) >= 0) expected++;
      }
      expect(here.matched.length).toBe(expected);
      expect(expected).toBeGreaterThan(100);
      const first = here.matched[0]!;
      expect(first.score).toBe(model.score(records[first.i]!, records[first.j]!));
      expect(JSON.parse(first.explanation)[0]).toMatchObject({ field: 'prior' });
    } finally {
      await inline.close();
      await threaded.close();
    }
  });

  it('fails the batch when a worker fails, instead of returning fewer pairs', async () => {
    const threaded = pairScorer(model, 0, persons.length, 2);
    try {
      threaded.addPersons(ids.slice(0, 10), persons.slice(0, 10));
      threaded.add(0, 1);
      threaded.add(0, 999_999); // no such record
      await expect(threaded.finish()).rejects.toThrow();
    } finally {
      await threaded.close();
    }
  });
});
