// Mutations of valid federation files: what editors, copy-paste and disks do to them.
import fc from 'fast-check';

export type Mutation = (text: string) => string;

const at = (text: string, r: number) => Math.floor(r * (text.length + 1));

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.double({ min: 0, max: 1, noNaN: true }).map((r) => (t: string) => t.slice(0, at(t, r))),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 0xffff })).map(([r, c]) => (t: string) => {
    const i = Math.min(at(t, r), Math.max(0, t.length - 1));
    return t.slice(0, i) + String.fromCharCode(c) + t.slice(i + 1);
  }),
  fc.double({ min: 0, max: 1, noNaN: true }).map((r) => (t: string) => {
    const lines = t.split('\n');
    lines.splice(Math.floor(r * lines.length), 1);
    return lines.join('\n');
  }),
  fc.double({ min: 0, max: 1, noNaN: true }).map((r) => (t: string) => {
    const lines = t.split('\n');
    const i = Math.floor(r * lines.length);
    lines.splice(i, 0, lines[i] ?? '');
    return lines.join('\n');
  }),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 3000 }), fc.constantFrom('[', '{', '{"a":')).map(([r, n, open]) => (t: string) => {
    const i = at(t, r);
    return t.slice(0, i) + open.repeat(n) + t.slice(i);
  }),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(1024, 65536, 1024 * 1024)).map(([r, n]) => (t: string) => {
    const i = at(t, r);
    return t.slice(0, i) + 'x'.repeat(n) + t.slice(i);
  }),
  fc.double({ min: 0, max: 1, noNaN: true }).map((r) => (t: string) => t.slice(0, at(t, r)) + '\u0000' + t.slice(at(t, r))),
  fc.constant((t: string) => '\ufeff' + t),
  fc.constant((t: string) => t.replace(/\n/g, '\r\n')),
  fc.constant((t: string) => t.replace(/\n/g, '\r')),
  // Invalid UTF-8 as the CLI and the server decode it: replacement characters.
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.uint8Array({ minLength: 1, maxLength: 16 })).map(([r, bytes]) => (t: string) => {
    const junk = new TextDecoder('utf-8', { fatal: false }).decode(Uint8Array.from([0xc3, ...bytes, 0xff]));
    return t.slice(0, at(t, r)) + junk + t.slice(at(t, r));
  }),
  fc.tuple(fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }), fc.constantFrom('us-east', 'us', 'eu-west', 'default-placement')).map(([u, name]) => (t: string) => t.split(name).join(u)),
);

export const mutations = fc.array(mutation, { minLength: 1, maxLength: 3 });
