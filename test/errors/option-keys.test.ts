import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkOptionKeys } from '../../src/errors/messages.js';
import { RUNS, SEED } from '../helpers/runs.js';

const name = fc.stringMatching(/^[a-z][a-zA-Z]{0,11}$/);

describe('checkOptionKeys: options objects hold only known, own keys', () => {
  it('property: any subset of the allowed keys passes; any other own key throws naming it', () => {
    fc.assert(
      fc.property(fc.uniqueArray(name, { minLength: 1, maxLength: 6 }), fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }), name, (allowed, pick, extra) => {
        // Arrange
        const options: Record<string, unknown> = {};
        allowed.forEach((key, i) => {
          if (pick[i]) options[key] = i;
        });
        // Act + Assert: known keys pass, and adding an unknown one fails with its name.
        expect(() => checkOptionKeys('f', options, allowed)).not.toThrow();
        if (allowed.includes(extra)) return;
        options[extra] = 1;
        expect(() => checkOptionKeys('f', options, allowed)).toThrowError(
          new RegExp(`^chainrule\\.f: the keys of options must be among ${allowed.join(', ')}, received "${extra}"\\.`),
        );
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('property: a key one edit away from a known one gets a did-you-mean hint naming it', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{4,10}$/), fc.nat(), (known, at) => {
        // Arrange: drop one character of a known key.
        const i = at % known.length;
        const typo = known.slice(0, i) + known.slice(i + 1);
        // Act + Assert
        expect(() => checkOptionKeys('f', { [typo]: 1 }, [known])).toThrowError(`Did you mean "${known}"?`);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('no hint for a key far from every known one', () => {
    expect(() => checkOptionKeys('f', { learningRate: 1 }, ['lr', 'momentum'])).toThrowError(/received "learningRate"\.$/);
  });

  it('undefined passes; non-objects, arrays and inherited keys throw', () => {
    expect(() => checkOptionKeys('f', undefined, ['a'])).not.toThrow();
    expect(() => checkOptionKeys('f', [], ['a'])).toThrowErrorMatchingInlineSnapshot(`[TypeError: chainrule.f: options must be an object with keys among a, received an array of length 0.]`);
    expect(() => checkOptionKeys('f', 3, ['a'], 'constraints')).toThrowErrorMatchingInlineSnapshot(`[TypeError: chainrule.f: constraints must be an object with keys among a, received 3.]`);
    expect(() => checkOptionKeys('f', Object.create({ a: 1 }), ['a'])).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: chainrule.f: options.a must be an own property of options, received an inherited one.]`,
    );
  });
});
