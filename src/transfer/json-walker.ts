/**
 * Walks a JSON object as it streams in, keeping only what a status answer needs: the primitive
 * fields at the top, and the items of one top-level array (the log), each handed on as soon as it
 * is complete. @streamparser/json's tokenizer does the byte-level work (UTF-8 across chunk
 * boundaries, escapes, numbers, invalid input); this walker checks the grammar and builds nothing
 * it was not asked for, so an answer of any size, or an unknown field of any size, costs memory
 * for one log item at a time. (The library's own value builder keeps every field it does not
 * emit, and a whole array above any item it emits.)
 */
import { Tokenizer, TokenType } from '@streamparser/json';

export type Primitive = string | number | boolean | null;
export type LogItem = Primitive | Readonly<Record<string, Primitive>>;

export interface WalkerEvents {
  /** A field of the top-level object whose value is a string, number, boolean or null. */
  readonly field: (key: string, value: Primitive) => void;
  /** One item of the array named by `arrayKey`: a primitive, or an object's wanted primitive fields. */
  readonly item: (item: LogItem) => void;
}

/** The input is not JSON, or not one JSON object. */
export class JsonShapeError extends Error {
  override readonly name = 'JsonShapeError';
}

/** What a container is to the walker: the top object, the log array, one log item, or skipped. */
type Role = 'root' | 'array' | 'item' | 'skip';
type Expect = 'key' | 'key-or-end' | 'colon' | 'value' | 'value-or-end' | 'comma-or-end';

interface Frame {
  readonly object: boolean;
  readonly role: Role;
  expect: Expect;
  key?: string;
  fields?: Record<string, Primitive>;
}

/** Deeper nesting than this is no status answer, and would let a hostile body grow the stack. */
const MAX_DEPTH = 64;

export class JsonWalker {
  readonly #tokenizer = new Tokenizer();
  readonly #stack: Frame[] = [];
  #done = false;
  #bytes = 0;
  /** Where the last token started: the bytes after it belong to one value still being read. */
  #lastToken = 0;

  constructor(
    private readonly arrayKey: string,
    private readonly itemKeys: ReadonlySet<string>,
    private readonly events: WalkerEvents,
  ) {
    this.#tokenizer.onToken = ({ token, value, offset }) => {
      this.#lastToken = offset;
      this.#token(token, value as Primitive);
    };
    this.#tokenizer.onError = (error) => {
      throw new JsonShapeError(error.message);
    };
  }

  /** The whole object was read. */
  get complete(): boolean {
    return this.#done;
  }

  /** Bytes read since the last token began: the size of a string or number still being read. */
  get pendingBytes(): number {
    return this.#bytes - this.#lastToken;
  }

  write(chunk: Uint8Array): void {
    this.#bytes += chunk.length;
    this.#tokenizer.write(chunk);
  }

  /** Throws when the input ended before the object did. */
  end(): void {
    if (!this.#done) throw new JsonShapeError(this.#bytes === 0 ? 'empty body' : 'the answer ended before its JSON object did');
    this.#tokenizer.end();
  }

  #token(token: TokenType, value: Primitive): void {
    if (this.#done) throw new JsonShapeError('more data after the JSON object');
    const frame = this.#stack.at(-1);
    switch (token) {
      case TokenType.LEFT_BRACE:
      case TokenType.LEFT_BRACKET:
        return this.#open(frame, token === TokenType.LEFT_BRACE);
      case TokenType.RIGHT_BRACE:
      case TokenType.RIGHT_BRACKET:
        return this.#close(frame, token === TokenType.RIGHT_BRACE);
      case TokenType.COLON:
        return this.#expect(frame, 'colon', 'value');
      case TokenType.COMMA:
        return this.#expect(frame, 'comma-or-end', frame?.object ? 'key' : 'value');
      case TokenType.STRING:
        if (frame?.object && (frame.expect === 'key' || frame.expect === 'key-or-end')) {
          frame.key = value as string;
          frame.expect = 'colon';
          return;
        }
        return this.#primitive(frame, value);
      default:
        return this.#primitive(frame, value);
    }
  }

  #expect(frame: Frame | undefined, state: Expect, next: Expect): void {
    if (frame?.expect !== state) throw new JsonShapeError(`unexpected token where ${frame?.expect ?? 'the end'} was expected`);
    frame.expect = next;
  }

  /** Checks that a value may stand here, and moves the frame past it. */
  #takeValue(frame: Frame | undefined): void {
    if (!frame) throw new JsonShapeError('the answer is not a JSON object');
    if (frame.expect !== 'value' && frame.expect !== 'value-or-end') throw new JsonShapeError(`a value where ${frame.expect} was expected`);
    frame.expect = 'comma-or-end';
  }

  #primitive(frame: Frame | undefined, value: Primitive): void {
    this.#takeValue(frame);
    const f = frame as Frame;
    if (f.role === 'root') this.events.field(f.key ?? '', value);
    else if (f.role === 'array') this.events.item(value);
    else if (f.role === 'item' && f.fields && this.itemKeys.has(f.key ?? '')) f.fields[f.key ?? ''] = value;
  }

  #open(frame: Frame | undefined, object: boolean): void {
    if (frame) this.#takeValue(frame);
    else if (!object) throw new JsonShapeError('the answer is not a JSON object');
    if (this.#stack.length >= MAX_DEPTH) throw new JsonShapeError(`nested deeper than ${MAX_DEPTH} levels`);
    const role = roleOf(frame, object, this.arrayKey);
    this.#stack.push({ object, role, expect: object ? 'key-or-end' : 'value-or-end', fields: role === 'item' ? {} : undefined });
  }

  #close(frame: Frame | undefined, object: boolean): void {
    const endable = object
      ? frame?.expect === 'key-or-end' || frame?.expect === 'comma-or-end'
      : frame?.expect === 'value-or-end' || frame?.expect === 'comma-or-end';
    if (!frame || frame.object !== object || !endable) throw new JsonShapeError(`an unexpected closing ${object ? 'brace' : 'bracket'}`);
    this.#stack.pop();
    if (frame.role === 'item' && frame.fields) this.events.item(frame.fields);
    if (this.#stack.length === 0) this.#done = true;
  }
}

function roleOf(parent: Frame | undefined, object: boolean, arrayKey: string): Role {
  if (!parent) return 'root';
  if (parent.role === 'root' && !object && parent.key === arrayKey) return 'array';
  if (parent.role === 'array' && object) return 'item';
  return 'skip';
}
