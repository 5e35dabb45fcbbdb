import { describe, expect, it } from 'vitest';
import { sourceName } from '../../../src/transfer/upload.js';

describe('sourceName()', () => {
  it.each([
    [{ fileUrl: 'https://data.example.org/x.csv' }, 'https://data.example.org/x.csv'],
    [{ fileUrl: 'https://bucket.example.org/x.csv?X-Amz-Signature=abcdef&X-Amz-Credential=k' }, 'https://bucket.example.org/x.csv?…'],
    [{ fileUrl: '/mnt/shared/x.csv' }, '/mnt/shared/x.csv'],
    [{ file: { name: 'out/a.csv', path: '/w/out/a.csv', size: 1, contentType: 'text/csv' } }, 'out/a.csv'],
  ])('%j → %s', (source, name) => expect(sourceName(source)).toBe(name));
});
