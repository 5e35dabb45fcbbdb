import { describe, expect, it } from 'vitest';
import { parseRegistration } from '../../../src/transfer/request-id.js';

const json = (value: unknown) => JSON.stringify(value);

describe('parseRegistration()', () => {
  const cases: Array<[string, string, number | undefined, string]> = [
    ['current wording', json({ message: 'The request with ID 154 was successfully registered.' }), 154, 'The request with ID 154 was successfully registered.'],
    ['older wording', json({ message: 'Successfully registered request with ID: 5' }), 5, 'Successfully registered request with ID: 5'],
    ['lower-case id and #', json({ message: 'registered as request id #77' }), 77, 'registered as request id #77'],
    [
      'requestId key (number)',
      json({ requestId: 42, success: true, message: 'The request with ID 42 was successfully registered.' }),
      42,
      'The request with ID 42 was successfully registered.',
    ],
    [
      'requestId key wins over the text',
      json({ requestId: 9, message: 'The request with ID 154 was successfully registered.' }),
      9,
      'The request with ID 154 was successfully registered.',
    ],
    ['RequestId key', json({ RequestId: 8 }), 8, ''],
    ['id key', json({ id: 7 }), 7, ''],
    ['string id', json({ requestId: '123' }), 123, ''],
    ['string id w/ spaces', json({ requestId: ' 124 ' }), 124, ''],
    ['plain text body', 'Successfully registered request with ID: 12', 12, 'Successfully registered request with ID: 12'],
    ['no id', json({ message: 'Something was registered' }), undefined, 'Something was registered'],
    ['non-number requestId, no id in text', json({ requestId: 'abc', message: 'registered' }), undefined, 'registered'],
    [
      'non-number requestId, id in text',
      json({ requestId: true, message: 'The request with ID 3 was successfully registered.' }),
      3,
      'The request with ID 3 was successfully registered.',
    ],
    ['negative id', json({ requestId: -1 }), undefined, ''],
    ['fractional id', json({ requestId: 1.5 }), undefined, ''],
    ['ID inside a word does not count', json({ message: 'IDENTIFIED 55 rows' }), undefined, 'IDENTIFIED 55 rows'],
    ['JSON without message', json({ success: true }), undefined, ''],
    ['JSON array', json([1, 2]), undefined, '[1,2]'],
    ['empty body', '', undefined, ''],
  ];
  it.each(cases)('%s', (_name, body, requestId, message) => {
    expect(parseRegistration(body)).toEqual({ requestId, message });
  });
});
