export const id = 492;
export const ids = [492];
export const modules = {

/***/ 8492:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createProgress: () => (/* reexport */ createProgress),
  fullLogs: () => (/* reexport */ fullLogs),
  phaseLines: () => (/* reexport */ phaseLines),
  printTransferLogs: () => (/* reexport */ printTransferLogs),
  publish: () => (/* reexport */ publish),
  summaryMarkdown: () => (/* reexport */ summaryMarkdown),
  transferOutputs: () => (/* reexport */ transferOutputs),
  writeReports: () => (/* reexport */ writeReports)
});

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
;// CONCATENATED MODULE: ./src/platform/limits.ts
/**
 * The platforms' limits. GitHub refuses a whole job summary larger
 * than 1024 KiB for a step ("$GITHUB_STEP_SUMMARY upload aborted"), drops a job's outputs past
 * 1 MB (counted in UTF-16), and shows ten annotations of each kind per step. Every report is built
 * to stay inside them whatever the log: a table first, then as many log lines as fit
 * (../report/budget.ts shares them fairly among files).
 * @see https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands
 */
/** GitHub's limit for one step's job summary. */
const SUMMARY_LIMIT_BYTES = (/* unused pure expression or super */ null && (1024 * 1024));
/** What this action's summary may use: the margin is for the adapter's redaction and other steps' habits. */
const SUMMARY_BUDGET_BYTES = 900 * 1024;
/** The `results` output, in characters (UTF-16 code units, as GitHub counts): a fifth of the job's 1 MB. */
const RESULTS_BUDGET_CHARS = 200_000;
/** Annotations of one kind GitHub shows for a step. */
const ANNOTATIONS_PER_KIND = 10;

;// CONCATENATED MODULE: ./src/transfer/outcome.ts
const VERDICT_RANK = { success: 0, warning: 1, pending: 2, failed: 3 };
function verdictOf(status) {
    const execution = status.executionStatus.toLowerCase();
    const outcome = (status.outcome ?? '').toLowerCase();
    if (execution === 'queued' || execution === 'inprogress')
        return 'pending';
    if (outcome === 'error' || execution !== 'completed')
        return 'failed';
    if (outcome === 'success')
        return 'success';
    if (outcome === 'warning')
        return 'warning';
    return 'failed';
}
/** Why a request failed, in words, for the error message. */
function explainFailure(status) {
    const execution = status.executionStatus;
    const outcome = status.outcome ?? 'none';
    switch (execution.toLowerCase()) {
        case 'timedout':
            return 'the import timed out on the Transfer service (execution status TimedOut); large files may need the operator to raise its time limit';
        case 'canceled':
        case 'cancelled':
            return 'the import was cancelled on the Transfer service (execution status Canceled)';
        case 'failed':
            return 'the import failed on the Transfer service (execution status Failed)';
        case 'completed':
            return outcome.toLowerCase() === 'error'
                ? 'the import ended with outcome Error: see the Transfer log below'
                : `the import completed with an unexpected outcome '${outcome}'`;
        default:
            return `the request ended in an unknown state (execution status '${execution}', outcome '${outcome}')`;
    }
}

// EXTERNAL MODULE: ./src/http/client.ts + 4 modules
var client = __webpack_require__(5786);
// EXTERNAL MODULE: ./src/http/retry.ts + 1 modules
var http_retry = __webpack_require__(521);
// EXTERNAL MODULE: ./src/http/json.ts
var http_json = __webpack_require__(2868);
// EXTERNAL MODULE: ./src/text.ts
var src_text = __webpack_require__(8992);
;// CONCATENATED MODULE: ./src/transfer/errors.ts
/**
 * A Transfer answer other than success, as an error a person can act on. Bodies of 401/403/404
 * may be empty, text, HTML or JSON: only a short, sanitised excerpt (or a JSON `message`) is quoted.
 */



/** The service's own words: a JSON `message`/`error`, or a short excerpt of the body. */
function serviceText(response) {
    const json = (0,http_json/* tryJsonObject */.L8)(response.body);
    const message = json?.message ?? json?.error ?? json?.title ?? json?.detail;
    if (typeof message === 'string' && message)
        return `"${(0,src_text/* sanitize */.aj)(message, 400)}"`;
    return (0,http_json/* describeBody */.MP)(response);
}
const HINTS = {
    400: {
        code: 'REJECTED',
        hint: 'The service checked the request at once and refused it. Check that the dataflow named in the file exists in this data space, and the file format (SDMX-CSV 1.0/2.0, SDMX-ML, or a zip holding one such file).',
    },
    401: {
        code: 'UNAUTHORIZED',
        hint: 'The service did not accept the access token: it expired, or it was issued to a client the service does not trust. The token must be issued for the client id the .Stat services are configured with (often app; check client-id) or carry it as audience through a Keycloak mapper.',
    },
    403: {
        code: 'FORBIDDEN',
        hint: 'The token is valid but its user or service account lacks permission on this data space (CanImportData / CanUpdateData, CanDeleteData for deletions). Ask a .Stat administrator to grant it.',
    },
    404: {
        code: 'NOT_FOUND',
        hint: 'Wrong URL or API version: transfer-url should be the Transfer base URL with its version, e.g. https://transfer.example.org/3.',
    },
    405: {
        code: 'NOT_FOUND',
        hint: 'The URL does not accept this request: transfer-url should be the Transfer base URL with its version, e.g. https://transfer.example.org/3.',
    },
    413: {
        code: 'TOO_LARGE',
        hint: 'The request is larger than the service accepts (about 30 MB by default). Zip the file (the limit applies to the zipped size), give the service a file-url to fetch instead, or ask the operator to raise the limit.',
    },
};
function transferErrorFrom(response, what) {
    const known = HINTS[response.status];
    const hint = known?.hint ??
        (response.status >= 500
            ? 'The Transfer service or a proxy in front of it is failing; it was retried where that was safe. Try again later or tell its operator.'
            : 'Check transfer-url and dataspace.');
    return new errors/* TransferError */.aG(known?.code ?? 'TRANSFER_HTTP_ERROR', `${what}: ${(0,http_json/* where */._M)(response)} answered HTTP ${response.status} (${serviceText(response)}).`, hint);
}
/**
 * An upload whose answer was lost after it was sent (a reset, a timeout, a gateway's 500/502/504)
 * may have been registered all the same: it is not re-sent (see ../http/retry.ts), and the person
 * is told to look before re-running, so the same data is not imported twice.
 */
function uploadUnconfirmed(error, validateOnly) {
    const check = validateOnly
        ? 'The Transfer service may already have registered this validation before the answer was lost; a second one is harmless.'
        : 'The Transfer service may already have registered this request before the answer was lost. Check its recent requests (the .Stat Data Lifecycle Manager, or a status query of the ids after the last one you know) before re-running, to avoid importing the same data twice.';
    return new errors/* TransferError */.aG(error.code, error.message, error.hint ? `${error.hint} ${check}` : check, { cause: error });
}
/** Statuses after which an upload may have been processed: the server or a gateway failed mid-way (503 means it was not). */
function mayHaveProcessed(status) {
    return status >= 500 && status !== 503;
}

// EXTERNAL MODULE: ./node_modules/@streamparser/json/dist/mjs/index.js + 7 modules
var mjs = __webpack_require__(5497);
;// CONCATENATED MODULE: ./src/transfer/json-walker.ts
/**
 * Walks a JSON object as it streams in, keeping only what a status answer needs: the primitive
 * fields at the top, and the items of one top-level array (the log), each handed on as soon as it
 * is complete. @streamparser/json's tokenizer does the byte-level work (UTF-8 across chunk
 * boundaries, escapes, numbers, invalid input); this walker checks the grammar and builds nothing
 * it was not asked for, so an answer of any size, or an unknown field of any size, costs memory
 * for one log item at a time. (The library's own value builder keeps every field it does not
 * emit, and a whole array above any item it emits.)
 */

/** The input is not JSON, or not one JSON object. */
class JsonShapeError extends Error {
    name = 'JsonShapeError';
}
/** Deeper nesting than this is no status answer, and would let a hostile body grow the stack. */
const MAX_DEPTH = 64;
class JsonWalker {
    arrayKey;
    itemKeys;
    events;
    #tokenizer = new mjs/* Tokenizer */._F();
    #stack = [];
    #done = false;
    #bytes = 0;
    /** Where the last token started: the bytes after it belong to one value still being read. */
    #lastToken = 0;
    constructor(arrayKey, itemKeys, events) {
        this.arrayKey = arrayKey;
        this.itemKeys = itemKeys;
        this.events = events;
        this.#tokenizer.onToken = ({ token, value, offset }) => {
            this.#lastToken = offset;
            this.#token(token, value);
        };
        this.#tokenizer.onError = (error) => {
            throw new JsonShapeError(error.message);
        };
    }
    /** The whole object was read. */
    get complete() {
        return this.#done;
    }
    /** Bytes read since the last token began: the size of a string or number still being read. */
    get pendingBytes() {
        return this.#bytes - this.#lastToken;
    }
    write(chunk) {
        this.#bytes += chunk.length;
        this.#tokenizer.write(chunk);
    }
    /** Throws when the input ended before the object did. */
    end() {
        if (!this.#done)
            throw new JsonShapeError(this.#bytes === 0 ? 'empty body' : 'the answer ended before its JSON object did');
        this.#tokenizer.end();
    }
    #token(token, value) {
        if (this.#done)
            throw new JsonShapeError('more data after the JSON object');
        const frame = this.#stack.at(-1);
        switch (token) {
            case mjs/* TokenType */.ks.LEFT_BRACE:
            case mjs/* TokenType */.ks.LEFT_BRACKET:
                return this.#open(frame, token === mjs/* TokenType */.ks.LEFT_BRACE);
            case mjs/* TokenType */.ks.RIGHT_BRACE:
            case mjs/* TokenType */.ks.RIGHT_BRACKET:
                return this.#close(frame, token === mjs/* TokenType */.ks.RIGHT_BRACE);
            case mjs/* TokenType */.ks.COLON:
                return this.#expect(frame, 'colon', 'value');
            case mjs/* TokenType */.ks.COMMA:
                return this.#expect(frame, 'comma-or-end', frame?.object ? 'key' : 'value');
            case mjs/* TokenType */.ks.STRING:
                if (frame?.object && (frame.expect === 'key' || frame.expect === 'key-or-end')) {
                    frame.key = value;
                    frame.expect = 'colon';
                    return;
                }
                return this.#primitive(frame, value);
            default:
                return this.#primitive(frame, value);
        }
    }
    #expect(frame, state, next) {
        if (frame?.expect !== state)
            throw new JsonShapeError(`unexpected token where ${frame?.expect ?? 'the end'} was expected`);
        frame.expect = next;
    }
    /** Checks that a value may stand here, and moves the frame past it. */
    #takeValue(frame) {
        if (!frame)
            throw new JsonShapeError('the answer is not a JSON object');
        if (frame.expect !== 'value' && frame.expect !== 'value-or-end')
            throw new JsonShapeError(`a value where ${frame.expect} was expected`);
        frame.expect = 'comma-or-end';
    }
    #primitive(frame, value) {
        this.#takeValue(frame);
        const f = frame;
        if (f.role === 'root')
            this.events.field(f.key ?? '', value);
        else if (f.role === 'array')
            this.events.item(value);
        else if (f.role === 'item' && f.fields && this.itemKeys.has(f.key ?? ''))
            f.fields[f.key ?? ''] = value;
    }
    #open(frame, object) {
        if (frame)
            this.#takeValue(frame);
        else if (!object)
            throw new JsonShapeError('the answer is not a JSON object');
        if (this.#stack.length >= MAX_DEPTH)
            throw new JsonShapeError(`nested deeper than ${MAX_DEPTH} levels`);
        const role = roleOf(frame, object, this.arrayKey);
        this.#stack.push({ object, role, expect: object ? 'key-or-end' : 'value-or-end', fields: role === 'item' ? {} : undefined });
    }
    #close(frame, object) {
        const endable = object
            ? frame?.expect === 'key-or-end' || frame?.expect === 'comma-or-end'
            : frame?.expect === 'value-or-end' || frame?.expect === 'comma-or-end';
        if (!frame || frame.object !== object || !endable)
            throw new JsonShapeError(`an unexpected closing ${object ? 'brace' : 'bracket'}`);
        this.#stack.pop();
        if (frame.role === 'item' && frame.fields)
            this.events.item(frame.fields);
        if (this.#stack.length === 0)
            this.#done = true;
    }
}
function roleOf(parent, object, arrayKey) {
    if (!parent)
        return 'root';
    if (parent.role === 'root' && !object && parent.key === arrayKey)
        return 'array';
    if (parent.role === 'array' && object)
        return 'item';
    return 'skip';
}

;// CONCATENATED MODULE: ./src/transfer/log-line.ts
/**
 * One item of a status answer's `logs`, as the service writes it (a string, or an object with
 * `message`/`Message`, a level under `level`, `logLevel` or `type`, a date under `date` or
 * `dateTime`), turned into a TransferLog. The level and date are printed as they are, so they are
 * sanitised here; the message stays whole and is sanitised where it is printed.
 */

const log_line_text = (value) => (typeof value === 'string' && value !== '' ? value : undefined);
/** A short field (a state, an outcome, a time, a level): one safe line, or undefined when blank. */
const word = (value, maxLength = 60) => {
    const raw = log_line_text(value);
    return raw === undefined ? undefined : (0,src_text/* sanitize */.aj)(raw, maxLength) || undefined;
};
/**
 * The short fields of log lines, sanitised once per distinct value: a log of 200,000 lines has a
 * handful of levels and dates, and sanitising each again would be most of the garbage its reading
 * makes (which the memory budget pays for: V8 grows its young generation with the garbage rate).
 */
class Words {
    #seen = new Map();
    of(value, maxLength) {
        if (typeof value !== 'string' || value === '')
            return undefined;
        const key = `${maxLength}:${value}`;
        if (this.#seen.has(key))
            return this.#seen.get(key);
        const result = word(value, maxLength);
        // Bounded: a hostile log with a new date on every line must not grow this without end.
        if (this.#seen.size >= 256)
            this.#seen.clear();
        this.#seen.set(key, result);
        return result;
    }
}
function parseLog(item, words, line) {
    if (typeof item === 'string')
        return item === '' ? undefined : { message: item, line };
    if (!item || typeof item !== 'object')
        return undefined;
    const message = log_line_text(item.message) ?? log_line_text(item.Message);
    if (message === undefined)
        return undefined;
    return {
        message,
        level: words.of(item.level, 20) ?? words.of(item.logLevel, 20) ?? words.of(item.type, 20),
        date: words.of(item.date, 40) ?? words.of(item.dateTime, 40),
        line,
    };
}
const LOG_KEYS = new Set(['message', 'Message', 'level', 'logLevel', 'type', 'date', 'dateTime']);

;// CONCATENATED MODULE: ./src/transfer/log-digest.ts
/**
 * What is kept of a Transfer log of any length: the count of lines by level, the first and last
 * lines of each level, and the number of observations processed. A failed import of a large file
 * logs one line per bad row (hundreds of thousands); the reports show the first ones and say how
 * many were left out, and the full log goes to a file as it is read (../report/full-log.ts).
 */
/** The first lines of each level that are kept, and the last. */
const KEEP_FIRST = 50;
const KEEP_LAST = 10;
/** Distinct levels counted apart; any further ones (a server that puts text there) count as OTHER. */
const MAX_LEVELS = 12;
/** A kept message longer than this is cut (after redaction): the full log file has it whole. */
const MAX_KEPT_CHARS = 4000;
const PROCESSED = /\sobservations? (?:have|has) been processed/i;
/** The number just before the phrase, read from a short tail: the phrase is found first. */
const COUNT_AT_END = /(\d(?:[\d,. ]{0,20}\d)?)\s*$/;
/**
 * "101 observations have been processed" → 101. Found in two linear steps: a single pattern with
 * the number before the phrase backtracked for minutes on a log message of digits and spaces that
 * never says "observations".
 */
function processedCount(message) {
    const at = PROCESSED.exec(message)?.index;
    if (at === undefined)
        return undefined;
    const match = COUNT_AT_END.exec(message.slice(Math.max(0, at - 24), at + 1));
    return match ? Number(match[1].replace(/[,. ]/g, '')) : undefined;
}
class LogDigest {
    redact;
    #levels = new Map();
    #byWritten = new Map();
    #total = 0;
    #observations;
    /** @param redact applied to every kept message before it is cut, so that no part of a secret survives a cut */
    constructor(redact) {
        this.redact = redact;
    }
    add(entry) {
        this.#total += 1;
        this.#observations ??= processedCount(entry.message);
        const level = this.#level(entry.level ?? '');
        level.count += 1;
        if (level.first.length < KEEP_FIRST)
            level.first.push(this.#kept(entry));
        else if (KEEP_LAST > 0) {
            if (level.last.length === KEEP_LAST)
                level.last.shift();
            level.last.push(this.#kept(entry));
        }
    }
    get total() {
        return this.#total;
    }
    /** The kept lines in log order, and the counts. */
    result(cut) {
        const logs = [...this.#levels.values()].flatMap((l) => [...l.first, ...l.last]).sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
        const levels = Object.fromEntries([...this.#levels].map(([name, l]) => [name, l.count]));
        return { logs, stats: { total: this.#total, levels, omitted: this.#total - logs.length, cut, observationsProcessed: this.#observations } };
    }
    /** The level's entry, found by the name as written first (no new string per line), then upper-cased. */
    #level(written) {
        const known = this.#byWritten.get(written);
        if (known)
            return known;
        const name = written.toUpperCase();
        const key = this.#levels.has(name) || this.#levels.size < MAX_LEVELS - 1 ? name : 'OTHER';
        let level = this.#levels.get(key);
        if (!level)
            this.#levels.set(key, (level = { count: 0, first: [], last: [] }));
        if (this.#byWritten.size < 4 * MAX_LEVELS)
            this.#byWritten.set(written, level);
        return level;
    }
    /** Kept lines are redacted here, once: every report quotes them, and some cut them further. */
    #kept(entry) {
        const message = this.redact(entry.message);
        return { ...entry, message: message.length <= MAX_KEPT_CHARS ? message : `${message.slice(0, MAX_KEPT_CHARS)}…` };
    }
}

;// CONCATENATED MODULE: ./src/transfer/status.ts
/**
 * The status of one request: `POST {base}/status/request` with `dataspace` and `id`, and its
 * answer turned, once, from wire names (`executionStatus`, `outcome`, `logs`) into a RequestStatus.
 * The answer is read as a stream (./json-walker.ts): a failed import of a large file answers with
 * one log line per bad row, tens of megabytes, and its verdict must survive that. Unknown values
 * are kept (the poll loop decides what they mean), but the short fields that are printed as they
 * are (status, outcome, times, level) are sanitised here, once: they are server text. Log
 * messages are kept whole (up to MAX_KEPT_CHARS) and sanitised when printed.
 */





/** The states in which a request is still running; any other state is terminal. */
const RUNNING_STATES = new Set(['queued', 'inprogress']);
const MAX_STATUS_BYTES = 256 * 1024 * 1024;
const MAX_VALUE_BYTES = 1024 * 1024;
/** The start of the body is kept to quote it when it is not JSON (an HTML page's title). */
const HEAD_BYTES = 64 * 1024;
function isRunning(status) {
    return RUNNING_STATES.has(status.executionStatus.toLowerCase());
}
const FIELDS = new Set(['executionStatus', 'ExecutionStatus', 'outcome', 'executionOutcome', 'executionStart', 'executionEnd']);
/** Reads one status answer of any size; `consume` takes its body, `status()` gives the result. */
class StatusReader {
    response;
    options;
    #fields = new Map();
    #digest;
    #walker;
    #words = new Words();
    #head = Buffer.alloc(0);
    #bytes = 0;
    #cut;
    constructor(response, options) {
        this.response = response;
        this.options = options;
        this.#digest = new LogDigest(options.redact);
        this.#walker = new JsonWalker('logs', LOG_KEYS, {
            field: (key, value) => void (FIELDS.has(key) && this.#fields.set(key, value)),
            item: (item) => this.#line(item),
        });
    }
    consume = async (chunks) => {
        try {
            for await (const chunk of chunks)
                if (!this.#feed(chunk))
                    break;
            if (!this.#cut)
                this.#walker.end();
        }
        catch (error) {
            throw this.#failed(error);
        }
    };
    /** The same as `consume`, for a body already in memory. */
    consumeSync(body) {
        try {
            if (this.#feed(body) && !this.#cut)
                this.#walker.end();
        }
        catch (error) {
            throw this.#failed(error);
        }
    }
    /** Reads one chunk; false once reading must stop (the answer is cut there). */
    #feed(chunk) {
        if (this.#head.length < HEAD_BYTES)
            this.#head = Buffer.concat([this.#head, chunk.subarray(0, HEAD_BYTES - this.#head.length)]);
        this.#bytes += chunk.length;
        const maxBytes = this.options.maxBytes ?? MAX_STATUS_BYTES;
        if (this.#bytes > maxBytes) {
            this.#cut = `the answer is larger than ${maxBytes} bytes`;
            return false;
        }
        this.#walker.write(chunk);
        const maxValue = this.options.maxValueBytes ?? MAX_VALUE_BYTES;
        if (this.#walker.pendingBytes > maxValue)
            this.#cut = `one value in the answer is longer than ${maxValue} bytes`;
        return this.#cut === undefined;
    }
    #failed(error) {
        this.options.sink?.discard();
        return error instanceof JsonShapeError ? this.#notJson() : error;
    }
    /** The status read; throws when the answer held none. */
    status() {
        const executionStatus = word(this.#fields.get('executionStatus')) ?? word(this.#fields.get('ExecutionStatus'));
        if (!executionStatus) {
            this.options.sink?.discard();
            if (this.#cut) {
                throw new errors/* ResponseError */.o3(this.response.status, `The answer from ${(0,http_json/* where */._M)({ ...this.response, body: '' })} (HTTP ${this.response.status}) was cut before its status was read: ${this.#cut}.`, 'Check that the URL points at the service itself and not at a page or a file.', 'RESPONSE_TOO_LARGE');
            }
            throw new errors/* ResponseError */.o3(this.response.status, `The status answer from ${(0,http_json/* where */._M)({ ...this.response, body: '' })} has no executionStatus.`, 'The Transfer service answered in an unexpected form; check transfer-url and the service version.', 'BAD_STATUS');
        }
        const { logs, stats } = this.#digest.result(this.#cut && `${this.#cut}; reading stopped after ${this.#bytes} bytes`);
        return {
            executionStatus,
            outcome: word(this.#fields.get('outcome')) ?? word(this.#fields.get('executionOutcome')),
            executionStart: word(this.#fields.get('executionStart'), 40),
            executionEnd: word(this.#fields.get('executionEnd'), 40),
            logs,
            logStats: stats,
            logFile: this.options.sink?.close(),
        };
    }
    #line(item) {
        const entry = parseLog(item, this.#words, this.#digest.total + 1);
        if (!entry)
            return;
        this.#digest.add(entry);
        this.options.sink?.write(entry);
    }
    #notJson() {
        const response = { ...this.response, body: this.#head.toString('utf8') };
        return new errors/* ResponseError */.o3(response.status, `The Transfer status query at ${(0,http_json/* where */._M)(response)} answered HTTP ${response.status} with something that is not a JSON object (${(0,http_json/* describeBody */.MP)(response)}).`, 'Check transfer-url: it should be the Transfer base URL with its API version.', 'NOT_JSON');
    }
}
/** A status answer read whole (tests, and answers already in memory), through the same reader. */
function parseStatus(response, options = { redact: (s) => s }) {
    const reader = new StatusReader(response, options);
    reader.consumeSync(Buffer.from(response.body, 'utf8'));
    return reader.status();
}

// EXTERNAL MODULE: ./src/http/network-errors.ts
var network_errors = __webpack_require__(8360);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./node_modules/form-data/lib/form_data.js
var form_data = __webpack_require__(6454);
var form_data_default = /*#__PURE__*/__webpack_require__.n(form_data);
;// CONCATENATED MODULE: ./src/transfer/multipart.ts
/**
 * The upload body: form-data writes the multipart envelope (every field, the file part's headers
 * with its name and type, the closing boundary), and the file's bytes are read from disk into a
 * few reused buffers and streamed between the two. Reusing buffers keeps memory flat and spares
 * the garbage collector a fresh megabyte per chunk (see bench/RESULTS.md); it is safe because the
 * HTTP client asks for the next chunk only once the socket has taken the previous one.
 */



const CHUNK_BYTES = 1 << 20;
const POOL = 4;
/**
 * `fields` in order, then the file part (or none, when the service fetches a URL itself).
 * @see https://www.rfc-editor.org/rfc/rfc7578
 */
function multipartBody(fields, file) {
    const form = new (form_data_default())();
    for (const [name, value] of fields)
        form.append(name, value);
    // An empty file part: form-data writes its headers; the bytes go in where its value would be.
    if (file)
        form.append('file', Buffer.alloc(0), { filename: file.name.split(/[\\/]/).pop(), contentType: file.contentType });
    const envelope = form.getBuffer();
    const contentType = form.getHeaders()['content-type'];
    if (!file)
        return {
            contentType,
            length: envelope.length,
            chunks: async function* () {
                yield envelope;
            },
        };
    const closing = Buffer.from(`\r\n--${form.getBoundary()}--\r\n`);
    const head = envelope.subarray(0, envelope.length - closing.length);
    return { contentType, length: envelope.length + file.size, chunks: () => withFile(head, file, closing) };
}
async function* withFile(head, file, closing) {
    yield head;
    const handle = await (0,promises_.open)(file.path, 'r');
    try {
        const pool = Array.from({ length: POOL }, () => Buffer.allocUnsafe(CHUNK_BYTES));
        for (let position = 0, turn = 0; position < file.size; turn++) {
            const buffer = pool[turn % POOL];
            const { bytesRead } = await handle.read(buffer, 0, Math.min(CHUNK_BYTES, file.size - position), position);
            if (bytesRead === 0) {
                throw new errors/* DotstatError */.sh('FILE_CHANGED', `'${file.name}' became shorter while it was being uploaded.`, 'Make sure nothing writes the file while the action uploads it.');
            }
            position += bytesRead;
            yield buffer.subarray(0, bytesRead);
        }
    }
    finally {
        await handle.close();
    }
    yield closing;
}

;// CONCATENATED MODULE: ./src/transfer/request-id.ts
/**
 * The request id in a registration answer. Wordings seen: "The request with ID 154 was
 * successfully registered." (current), "Successfully registered request with ID: 5" (older), and
 * clients that look for a `requestId` key. Parsed tolerantly; no id is a failure the caller reports.
 */

// One optional separator between two runs of spaces, never two `\s*` side by side: on a hostile
// message ('ID' and a megabyte of spaces) those backtracked for minutes.
const ID_IN_TEXT = /\bID\b\s*(?:[:#=]\s*)?(\d{1,15})\b/i;
function asId(value) {
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0)
        return value;
    if (typeof value === 'string' && /^\d{1,15}$/.test(value.trim()))
        return Number(value.trim());
    return undefined;
}
function parseRegistration(body) {
    const json = (0,http_json/* tryJsonObject */.L8)(body);
    const message = typeof json?.message === 'string' ? json.message : json ? '' : body;
    const keyed = asId(json?.requestId ?? json?.RequestId ?? json?.id);
    if (keyed !== undefined)
        return { requestId: keyed, message };
    const match = ID_IN_TEXT.exec(message);
    return { requestId: match ? Number(match[1]) : undefined, message };
}

;// CONCATENATED MODULE: ./src/transfer/upload.ts
/**
 * Registers one import (or validation) request: a multipart/form-data POST (./multipart.ts)
 * streamed from disk with an exact Content-Length, so memory stays flat whatever the size.
 * A fresh body is built for every attempt; see ../http/retry.ts for when one is re-sent.
 * @see ../../README.md#transfer and the Transfer API notes this follows
 */









/** How a source is named in logs and results. A file-url's query is left out: a signed URL carries its signature there. */
function sourceName(source) {
    if ('file' in source)
        return source.file.name;
    try {
        const url = new URL(source.fileUrl);
        return url.search ? `${url.origin}${url.pathname}?…` : source.fileUrl;
    }
    catch {
        return source.fileUrl;
    }
}
function endpointOf(config, path) {
    // Joined as text: a URL-relative join would drop the version segment or read '//' as a host.
    return new URL(`${config.baseUrl.href.replace(/\/+$/, '')}/${path}`);
}
/** The form fields, in the Transfer API's names. */
function formFields(source, config) {
    const fields = [
        ['dataspace', config.dataspace],
        ['validationType', config.validationType === 'advanced' ? '1' : '0'],
        ['targetVersion', config.targetVersion === 'pit' ? '1' : '0'],
    ];
    if (config.pitReleaseDate)
        fields.push(['PITReleaseDate', config.pitReleaseDate]);
    fields.push(['restorationOptionRequired', String(config.restorationOptionRequired)]);
    if ('fileUrl' in source)
        fields.push(['filepath', source.fileUrl]);
    return fields;
}
async function post(source, config, ctx, accessToken, onProgress) {
    const body = multipartBody(formFields(source, config), 'file' in source ? source.file : undefined);
    return (0,client/* send */.tN)({
        method: 'POST',
        url: endpointOf(config, config.validateOnly ? 'validate/sdmxFile' : 'import/sdmxFile'),
        credentials: true,
        headers: { 'content-type': body.contentType, 'content-length': String(body.length), accept: 'application/json', authorization: `Bearer ${accessToken}` },
        body: onProgress ? counted(body.chunks(), body.length, onProgress) : body.chunks(),
        signal: ctx.retry.signal,
        idleTimeout: true,
        expectContinue: 'file' in source,
    }, ctx.http);
}
/** Sends the request with this access token and returns the registered request id. */
async function register(source, config, ctx, accessToken, onProgress) {
    const what = `Uploading ${sourceName(source)}`;
    let response;
    try {
        response = await (0,http_retry/* withRetry */.bD)('upload', () => post(source, config, ctx, accessToken, onProgress), ctx.retry);
    }
    catch (error) {
        throw error instanceof errors/* NetworkError */.Dr ? uploadNetworkError(error, what, config) : error;
    }
    if (response.status !== 200 && response.status !== 201 && response.status !== 202) {
        const error = transferErrorFrom(response, what);
        throw mayHaveProcessed(response.status) ? uploadUnconfirmed(error, config.validateOnly) : error;
    }
    const { requestId, message } = parseRegistration(response.body);
    if (requestId === undefined) {
        const error = new errors/* TransferError */.aG('NO_REQUEST_ID', `${what}: the Transfer service answered HTTP ${response.status} without a request id ("${(0,src_text/* sanitize */.aj)(message || response.body, 300)}").`, 'Without a request id the outcome cannot be checked. Look at the message above; check transfer-url and the service version.');
        // A success status with a body that is not even JSON (cut short, or mangled by a proxy) may hide a registration.
        throw (0,http_json/* tryJsonObject */.L8)(response.body) ? error : uploadUnconfirmed(error, config.validateOnly);
    }
    return { requestId, message: (0,src_text/* sanitize */.aj)(message, 300) };
}
/**
 * Counts a chunk as sent once the client asks for the one after it: the client writes a chunk and
 * asks for the next at once, but waits for the socket to take the first before it writes the next
 * (../http/client.ts), so the count is never more than a chunk ahead of the wire.
 */
async function* counted(chunks, total, onProgress) {
    let sent = 0;
    onProgress(0, total);
    for await (const chunk of chunks) {
        yield chunk;
        sent += chunk.length;
        onProgress(sent, total);
    }
}
/** A network failure of an upload, named after its file; one that may have reached the service says so. */
function uploadNetworkError(error, what, config) {
    if (error.code === 'ABORTED')
        return error;
    const named = new errors/* TransferError */.aG(error.code, `${what}: ${error.message}`, error.hint, { cause: error });
    const unsent = (0,network_errors/* neverReachedServer */.a)(error) || error.code === 'TLS' || error.code === 'DNS';
    return unsent ? named : uploadUnconfirmed(named, config.validateOnly);
}

;// CONCATENATED MODULE: ./src/report/figures.ts
/**
 * The figures of long work, formatted once: the progress lines, the bar, the heartbeats, the
 * phase lines and the job summary all use these, so that a rate or a time left in the log reads
 * the same as in the summary.
 */

/** A duration as a person reads it: 850 ms, 12.3 s, 4 min 5 s, 1 h 2 min. */
function formatDuration(ms) {
    if (ms < 1000)
        return `${Math.max(0, Math.round(ms))} ms`;
    const seconds = ms / 1000;
    if (seconds < 60)
        return `${Math.round(seconds * 10) / 10} s`;
    const whole = Math.round(seconds);
    const minutes = Math.floor(whole / 60);
    if (minutes < 60)
        return `${minutes} min${whole % 60 ? ` ${whole % 60} s` : ''}`;
    return `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
}
/** Whole minutes for a heartbeat ("after 4 min"), seconds under one. */
function formatElapsed(ms) {
    return ms < 60_000 ? `${Math.floor(ms / 1000)} s` : `${Math.floor(ms / 60_000)} min`;
}
/** Bytes per second, in the decimal units of formatBytes: 12.0 MB/s. */
function formatRate(bytes, ms) {
    if (ms <= 0)
        return '';
    return `${(0,src_text/* formatBytes */.z3)(Math.round((bytes * 1000) / ms))}/s`;
}
/** A share of the way, one decimal: 24.0%. */
function formatPercent(done, total) {
    if (total <= 0)
        return '100.0%';
    return `${(Math.min(1, done / total) * 100).toFixed(1)}%`;
}
/** The time left at a rate (bytes per ms), rounded to whole seconds; '' when it cannot be told. */
function formatTimeLeft(left, bytesPerMs) {
    if (left <= 0)
        return '0 s left';
    if (!(bytesPerMs > 0))
        return 'time left unknown';
    return `${formatDuration(Math.max(1000, Math.round(left / bytesPerMs / 1000) * 1000))} left`;
}

;// CONCATENATED MODULE: ./src/transfer/heartbeat.ts

/** One heartbeat a minute per request. */
const HEARTBEAT_MS = 60_000;
/** A round this much before the minute counts for it: polls at a 60 s interval must not skip one. */
const EARLY_MS = 2000;
/** Requests named in one round, at most; the rest are counted in one line. */
const MAX_HEARTBEAT_LINES = 10;
class Heartbeat {
    log;
    everyMs;
    #seen = new Map();
    constructor(log, 
    /** A minute; shorter only in tests. */
    everyMs = HEARTBEAT_MS) {
        this.log = log;
        this.everyMs = everyMs;
    }
    /** Says, for each request still running whose state has not changed for a minute, that it still runs. */
    round(running, now) {
        const due = [];
        for (const request of running) {
            const status = request.status?.executionStatus ?? 'not checked yet';
            const seen = this.#seen.get(request.requestId);
            if (!seen || seen.status !== status) {
                this.#seen.set(request.requestId, { status, since: seen?.since ?? request.registeredAt ?? now, next: now + this.everyMs });
                continue;
            }
            if (now < seen.next - EARLY_MS)
                continue;
            due.push({ request, status, since: seen.since });
            seen.next = Math.max(seen.next + this.everyMs, now + this.everyMs / 2);
        }
        const named = due.length > MAX_HEARTBEAT_LINES ? due.slice(0, MAX_HEARTBEAT_LINES - 1) : due;
        for (const { request, status, since } of named) {
            this.log.info(`Request ${request.requestId} (${request.name}): still ${status} after ${formatElapsed(now - since)}`);
        }
        if (named.length < due.length) {
            const rest = due.slice(named.length);
            const counts = new Map();
            for (const { status } of rest)
                counts.set(status, (counts.get(status) ?? 0) + 1);
            const states = [...counts].map(([status, n]) => `${n} ${status}`).join(', ');
            this.log.info(`${rest.length} more requests still running (${states}); the longest for ${formatElapsed(now - Math.min(...rest.map((r) => r.since)))}`);
        }
    }
}

;// CONCATENATED MODULE: ./src/transfer/in-order.ts
/**
 * Loggers for `count` tasks that write in the tasks' order (the files of an upload, the requests
 * of a poll round): the first task not done writes through, the others' lines wait until every
 * task before theirs is done. flush() writes what is left (tasks never done: the job was
 * cancelled).
 */
function inOrder(log, count) {
    const held = Array.from({ length: count }, () => []);
    const done = new Array(count).fill(false);
    let head = 0;
    const write = (index, line) => (index === head ? line() : held[index]?.push(line));
    const advance = () => {
        while (head < count && done[head]) {
            head++;
            for (const line of held[head]?.splice(0) ?? [])
                line();
        }
    };
    return {
        of: (index) => ({
            info: (message) => write(index, () => log.info(message)),
            warning: (message, annotation) => write(index, () => log.warning(message, annotation)),
            error: (message, annotation) => write(index, () => log.error(message, annotation)),
            debug: (message) => write(index, () => log.debug(message)),
            // Not used by the tasks: passed through.
            group: (title, fn) => log.group(title, fn),
        }),
        done: (index) => {
            done[index] = true;
            advance();
        },
        flush: () => {
            done.fill(true);
            advance();
        },
    };
}

;// CONCATENATED MODULE: ./src/transfer/poll.ts
/**
 * Follows registered requests to their real outcome: `POST {base}/status/request` for each until
 * it leaves Queued/InProgress. Sleeps are abortable; the interval backs off from poll-interval to
 * a cap; one deadline (wait-timeout) bounds all polling together; transient failures are retried
 * by the status policy of ../http/retry.ts, and a poll that still fails is tried again at the next
 * one (up to MAX_FAILED_POLLS in a row); a 401 (the token expired during a long import) gets a
 * fresh token and one more try.
 */








/**
 * Polls in a row that may fail before a request is given up. Each poll has already been retried by
 * the status policy; this outlasts a longer outage, or a proxy's sign-in or error page answered
 * with 200, without waiting for the deadline when the URL is simply wrong.
 */
const MAX_FAILED_POLLS = 5;
/** How often the wait checks for heartbeats due, besides after each round. */
const HEARTBEAT_CHECK_MS = 10_000;
/** The longest pause between two polls: six times the first, at most a minute (never below the first). */
function pollCap(intervalMs) {
    return Math.max(intervalMs, Math.min(6 * intervalMs, 60_000));
}
async function queryStatus(requestId, config, ctx, retry) {
    // A fresh reader for each attempt: a body cut off half way (then retried) leaves nothing behind.
    let reader;
    const attempt = (accessToken) => (0,client/* send */.tN)({
        method: 'POST',
        url: endpointOf(config, 'status/request'),
        credentials: true,
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', authorization: `Bearer ${accessToken}` },
        body: new URLSearchParams({ dataspace: config.dataspace, id: String(requestId) }).toString(),
        signal: retry.signal,
        // Only a 200 is a status, and may be a log of any length; other answers are short and quoted.
        streamBody: (head) => {
            if (head.status !== 200)
                return undefined;
            reader = new StatusReader(head, { redact: ctx.redact, sink: ctx.logSink?.(requestId) });
            return reader.consume;
        },
    }, ctx.http);
    const response = await ctx.auth.withToken(`while checking request ${requestId}`, (token) => (0,http_retry/* withRetry */.bD)('status', () => attempt(token), retry), (outcome) => outcome?.status === 401);
    if (response.status !== 200 || !reader)
        throw transferErrorFrom(response, `Checking request ${requestId}`);
    return reader.status();
}
/** Polls until no request is running; throws WAIT_TIMEOUT or CANCELLED naming the pending ones. */
async function waitForAll(requests, config, ctx) {
    const cancel = ctx.retry.signal;
    const deadline = AbortSignal.timeout(config.waitTimeoutMs);
    const signal = cancel ? AbortSignal.any([cancel, deadline]) : deadline;
    const retry = { ...ctx.retry, signal };
    const pending = () => requests.filter((r) => !r.error && (!r.status || isRunning(r.status)));
    let interval = config.pollIntervalMs;
    const heartbeat = new Heartbeat(ctx.log, ctx.heartbeat?.everyMs);
    // Between rounds too: a round held up by a status request that hangs (request-timeout, then its
    // retries) must not hold back the minute's heartbeats. Only what is due is said, once.
    const beating = setInterval(() => heartbeat.round(pending(), Date.now()), ctx.heartbeat?.checkMs ?? HEARTBEAT_CHECK_MS);
    beating.unref();
    try {
        while (pending().length > 0) {
            await (0,http_retry/* sleep */.yy)(interval, signal);
            await pollRound(pending(), config, ctx, retry);
            heartbeat.round(pending(), Date.now());
            interval = Math.min(pollCap(config.pollIntervalMs), Math.round(interval * 1.5));
        }
    }
    catch (error) {
        if (!signal.aborted)
            throw error;
        throw stoppedWaiting(pending(), config, cancel?.aborted === true);
    }
    finally {
        clearInterval(beating);
    }
}
/**
 * One status request for each of `requests`, at most upload-concurrency at once (a service far
 * away answers each one late: one after another, 50 requests 100 ms away take 5 s a round). Their
 * lines keep the requests' order (./in-order.ts), so the log reads the same however the answers
 * came. Throws (cancelled, the deadline, a bug) once every request under way has ended.
 */
async function pollRound(requests, config, ctx, retry) {
    const logs = inOrder(ctx.log, requests.length);
    let next = 0;
    const worker = async () => {
        while (next < requests.length) {
            const index = next++;
            try {
                await pollOne(requests[index], config, { ...ctx, log: logs.of(index) }, retry);
            }
            finally {
                logs.done(index);
            }
        }
    };
    const workers = Array.from({ length: Math.max(1, Math.min(config.uploadConcurrency, requests.length)) }, worker);
    const settled = await Promise.allSettled(workers);
    logs.flush();
    const failed = settled.find((outcome) => outcome.status === 'rejected');
    if (failed)
        throw failed.reason;
}
async function pollOne(request, config, ctx, retry) {
    try {
        const status = await queryStatus(request.requestId, config, ctx, retry);
        if (status.executionStatus !== request.status?.executionStatus) {
            ctx.log.info(`Request ${request.requestId} (${request.name}): ${status.executionStatus}${isRunning(status) ? '' : `, outcome ${status.outcome ?? 'none'}`}`);
        }
        request.status = status;
        request.failedPolls = 0;
        if (request.startedAt === undefined && status.executionStatus.toLowerCase() !== 'queued')
            request.startedAt = Date.now();
        if (!isRunning(status))
            request.finishedAt = Date.now();
    }
    catch (error) {
        if (retry.signal?.aborted || !(error instanceof errors/* DotstatError */.sh))
            throw error;
        request.failedPolls = (request.failedPolls ?? 0) + 1;
        if (!poll_transient(error) || request.failedPolls >= MAX_FAILED_POLLS) {
            request.error = error;
            // The import may well go on: say so, and how to look it up, while the reason is at hand.
            ctx.log.error(`Stopped checking request ${request.requestId} (${request.name}): ${error.describe()}\nThe import may still be running on the Transfer service. ${howToCheck([request.requestId], config)}`, {
                title: `Status unknown: ${request.name}`,
            });
            return;
        }
        ctx.log.info(`Could not read the status of request ${request.requestId} (${request.failedPolls} of ${MAX_FAILED_POLLS} tries): ${error.message} Trying again at the next poll.`);
    }
}
/** A failure a later poll may not meet: the network, a 5xx (or other unexpected status), an answer that is not a status. */
function poll_transient(error) {
    if (error instanceof errors/* NetworkError */.Dr)
        return error.code === 'NETWORK' || error.code === 'TIMEOUT';
    if (error instanceof errors/* ResponseError */.o3)
        return error.code === 'NOT_JSON' || error.code === 'BAD_STATUS';
    return error instanceof errors/* TransferError */.aG && error.code === 'TRANSFER_HTTP_ERROR';
}
/** How to look a request up later, for a message. */
function howToCheck(requestIds, config) {
    const url = endpointOf(config, 'status/request');
    return `Check later with: curl -X POST -H "Authorization: Bearer $TOKEN" -d dataspace=${config.dataspace} -d id=<id> ${url.href} (ids: ${requestIds.join(', ')}).`;
}
function stoppedWaiting(pending, config, cancelled) {
    const list = pending.map((r) => `${r.requestId} (${r.name}: ${r.status?.executionStatus ?? 'not checked yet'})`).join(', ');
    const ids = pending.map((r) => r.requestId);
    if (cancelled) {
        return new errors/* TransferError */.aG('CANCELLED', `Cancelled while waiting. Requests still running on the Transfer service: ${list}.`, `They go on without this job. ${howToCheck(ids, config)}`);
    }
    return new errors/* TransferError */.aG('WAIT_TIMEOUT', `Gave up waiting after wait-timeout (${config.waitTimeoutMs / 1000} s). Requests still running: ${list}.`, `They go on on the Transfer service. Raise wait-timeout for large imports. ${howToCheck(ids, config)}`);
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
// EXTERNAL MODULE: external "node:v8"
var external_node_v8_ = __webpack_require__(8877);
// EXTERNAL MODULE: external "node:vm"
var external_node_vm_ = __webpack_require__(714);
;// CONCATENATED MODULE: ./src/transfer/collect.ts
/**
 * Asks V8 for a collection now: what the parallel zip (./zip.ts) does after every few MiB of
 * deflated output it has written.
 *
 * zlib hands its output to JavaScript in fresh buffers, and each is garbage once written. V8 frees
 * them only at a collection, and the zip makes few JavaScript objects, so collections come seldom:
 * on its own V8 waits until the young generation's buffers reach about 32 MiB (twice its default
 * semi-space) and the action's peak RSS grew by that much (bench/RESULTS.md, part 6).
 *
 * The zip asks for a full collection, not a young-generation one. On Node 20 either frees the
 * written buffers; on Node 24 (V8 13.6), the runtime action.yml names, a young-generation
 * collection moves the buffers still in flight to the old generation, where they wait for a full
 * one: zipping 96 MiB held 25 MiB of buffers against 8-9 MiB (test/unit/transfer/zip-memory.test.ts
 * runs on both runtimes), and a 1 GiB zip peaked at 121-134 MiB RSS against 69-73 (bench/README.md).
 * The heap is a few MiB, so a full collection is cheap: no difference in the zip's time or CPU could
 * be measured.
 *
 * `gc` is V8's own function, which V8 puts in each new context once `--expose-gc` is set: the flag
 * is set at the first call and one context made for it, the way jest's leak detector gets it
 * (jest-leak-detector). A `gc` already there (node --expose-gc) is used as it is.
 */


let collector;
/** Runs a full collection now. */
function collectGarbage() {
    gc()({ type: 'major', execution: 'sync' });
}
/** Runs a young-generation collection now (the tests use it to see what the young generation holds). */
function collectYoungGarbage() {
    gc()({ type: 'minor', execution: 'sync' });
}
function gc() {
    collector ??= exposeGc();
    return collector;
}
function exposeGc() {
    const existing = globalThis.gc;
    if (typeof existing === 'function')
        return existing;
    (0,external_node_v8_.setFlagsFromString)('--expose-gc');
    return (0,external_node_vm_.runInNewContext)('gc');
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
;// CONCATENATED MODULE: ./src/transfer/cores.ts
/**
 * How many cores the zip deflates on (./zip.ts): the cores this process may use, and at most one
 * fewer than libuv's pool has threads, which the zip's file reads and writes share (zip.ts keeps
 * two blocks more than this in flight, up to the pool's size).
 *
 * The cores are os.availableParallelism(), which honours a taskset (CPU affinity), and at most a
 * cgroup's CPU quota (cgroup v2 cpu.max, or v1 cpu.cfs_quota_us), read here because libuv reads
 * it only from 1.49 on (libuv/libuv#4740), and Node 20 has 1.46: a container limited to one CPU
 * deflates on one thread, the single-stream path, rather than two threads taking turns on one
 * core. A fractional quota is rounded up (1.5 CPUs: two threads, which still gain).
 */



/** libuv's thread pool: 4 threads unless UV_THREADPOOL_SIZE says otherwise. */
function threadPoolSize(env = process.env) {
    const size = Number.parseInt(env.UV_THREADPOOL_SIZE ?? '', 10);
    return Number.isFinite(size) && size > 0 ? Math.min(size, 1024) : 4;
}
function deflateThreads(env = process.env, cgroupRoot = '/sys/fs/cgroup') {
    const cores = Math.min((0,external_node_os_.availableParallelism)(), cgroupCpus(cgroupRoot) ?? Infinity);
    return Math.max(1, Math.min(cores, threadPoolSize(env) - 1));
}
/**
 * The CPUs a cgroup quota allows this process (rounded up), or undefined when none is set or
 * none can be read. cgroup v2: cpu.max ("max 100000" or "QUOTA PERIOD") of this process's cgroup
 * and every parent; v1: cpu.cfs_quota_us / cpu.cfs_period_us.
 */
function cgroupCpus(root = '/sys/fs/cgroup', selfCgroup = readOr('/proc/self/cgroup') ?? '') {
    let lowest;
    /** The quota of the cgroup at `path` under `mount` and of every parent (each limits it). */
    const walk = (mount, path, read) => {
        const parts = path.split('/').filter(Boolean);
        for (let depth = parts.length; depth >= 0; depth--) {
            const cpus = cpusOf(...read((0,external_node_path_.join)(mount, ...parts.slice(0, depth))));
            if (cpus !== undefined && (lowest === undefined || cpus < lowest))
                lowest = cpus;
        }
    };
    const v2 = /^0::(.*)$/m.exec(selfCgroup)?.[1];
    if (v2 !== undefined)
        walk(root, v2, (dir) => {
            const [quota, period] = (readOr((0,external_node_path_.join)(dir, 'cpu.max')) ?? '').trim().split(/\s+/);
            return [quota, period];
        });
    const v1 = /^\d+:(?:[^:\n]*,)?cpu(?:,[^:\n]*)?:(.*)$/m.exec(selfCgroup)?.[1];
    for (const mount of ['cpu', 'cpu,cpuacct'])
        walk((0,external_node_path_.join)(root, mount), v1 ?? '/', (dir) => [readOr((0,external_node_path_.join)(dir, 'cpu.cfs_quota_us'))?.trim(), readOr((0,external_node_path_.join)(dir, 'cpu.cfs_period_us'))?.trim()]);
    return lowest;
}
function cpusOf(quota, period) {
    const q = Number(quota);
    const p = Number(period);
    // "max" (v2) or -1 (v1): no quota.
    if (!Number.isFinite(q) || !Number.isFinite(p) || q <= 0 || p <= 0)
        return undefined;
    return Math.max(1, Math.ceil(q / p));
}
function readOr(path) {
    try {
        return (0,external_node_fs_.readFileSync)(path, 'utf8');
    }
    catch {
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/transfer/zip.ts
/**
 * Writes a zip archive that holds one file, deflated: what the Transfer service accepts in place
 * of a CSV or XML file. The layout is APPNOTE.TXT 6.3.10's, reduced to one entry at offset 0:
 *
 *   local file header | deflated data | central directory header | [zip64 end records] | end record
 *
 * The local header is written last, in the place kept for it, once the CRC and the compressed
 * size are known; so no data descriptor is needed and any reader, streaming or not, can read it.
 * Zip64 fields are written only for a file of 4 GiB or more, as zip tools do.
 *
 * The file is read into two buffers used in turn (one is deflated while the next is read), the
 * CRC is zlib's own (native), and the deflated bytes go straight to disk: nothing grows with the
 * file's size, and nothing is allocated per chunk but zlib's output. This replaced yazl, whose
 * pipeline allocated a buffer per chunk at every stage and computed the CRC in JavaScript, and
 * took more memory and time for it (`npm run bench` measures this writer: bench/RESULTS.md).
 *
 * With more than one core the file is deflated in parallel, as pigz does: it is cut into 1 MiB
 * blocks, each deflated on its own, with the last 32 KiB of the block before as its dictionary,
 * so that matches reach across the cut as in one stream. zlib's asynchronous calls run on libuv's
 * thread pool, so there is no worker script and no copy of the data: zlib reads each block where
 * it was read. Every block but the last ends with a sync flush (an empty stored block, on a byte
 * boundary) and the last with the final block, so the blocks joined in order are one valid
 * deflate stream. Up to two blocks more than the cores are in flight, no more than the pool has
 * threads, and the CRC-32 is computed over the blocks in order as they are read. Each block's output
 * comes in one 128 KiB buffer or a few and is written as it is; a collection after every 2 MiB
 * written frees those buffers (./collect.ts), where V8 on its own let about 32 MiB of them pile
 * up. With one core (a taskset or cgroup limit) the single-stream path runs, as before.
 * @see https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT
 */





const zip_CHUNK_BYTES = 1 << 20;
/**
 * The parallel path's block: each costs a sync flush (5 bytes), a fresh zlib state and its round
 * trips between zlib's thread and the main thread, and the blocks in flight are the memory. 1 MiB;
 * the first design's 512 KiB blocks (in 8 KiB buffers) left the cores idle a fifth of the time,
 * and 256 KiB would make a larger zip than the single stream's (bench/README.md).
 */
const BLOCK_BYTES = 1024 * 1024;
/**
 * zlib's output buffer for a block: most blocks' output fits in one, so zlib calls back once or
 * twice per block; with 8 KiB buffers, a dozen times, and the parallel zip was about 25% slower.
 */
const BLOCK_CHUNK_BYTES = 128 * 1024;
/** Written output between two collections (./collect.ts). */
const COLLECT_EVERY_BYTES = 2 * 1024 * 1024;
/** Deflate's window: the dictionary each block gets from the one before. */
const WINDOW_BYTES = 32 * 1024;
/**
 * zlib's memLevel for the parallel path's blocks: 9 (a larger hash and symbol buffer) costs no
 * more time than the default 8 on this data and more than makes up for the blocks' flushes, so the
 * parallel zip is no larger than the single stream's (bench/RESULTS.md).
 */
const BLOCK_MEM_LEVEL = 9;
const DEFLATED = 8;
/** General purpose flag bit 11: the name is UTF-8. */
const UTF8_NAME = 0x0800;
const MADE_BY_UNIX = 3 << 8;
/** Regular file, rw-r--r--, in the high half of the external attributes (as Info-ZIP writes it). */
const UNIX_FILE_MODE = (0o100644 << 16) >>> 0;
const U32_MAX = 0xffffffff;
/** Below this size the deflated data cannot reach 4 GiB (deflate adds at most ~0.03%). */
const ZIP64_FROM = U32_MAX - 16 * 2 ** 20;
/**
 * Zips `source` (which must be `size` bytes long) into a new file `target` as the entry `name`.
 * Throws when the file turns out shorter or longer than `size` (it changed while being read).
 */
async function zipOneFile(source, size, name, target, options = {}) {
    const input = await (0,promises_.open)(source, 'r');
    let output;
    try {
        const { mtime } = await input.stat();
        output = await (0,promises_.open)(target, 'wx', 0o600);
        const entry = { name: Buffer.from(name, 'utf8'), zip64: options.forceZip64 === true || size >= ZIP64_FROM, mtime };
        const dataStart = localHeader(entry, 0, 0, 0).length;
        const level = options.level ?? external_node_zlib_.constants.Z_DEFAULT_COMPRESSION;
        const threads = Math.max(1, Math.floor(options.threads ?? deflateThreads()));
        // Two blocks more than the cores, so that none waits while a block is written and the next one
        // read, and no more than libuv's pool has threads: 4 for 2 cores. The file reads and writes
        // share the pool, each between two of zlib's calls; keeping a thread for them (3 blocks at once)
        // was slower: 5.6-6.0 s for 1 GiB against 5.3-5.5 s (bench/README.md).
        const blocksAtOnce = Math.min(threads + 2, threadPoolSize());
        const { crc, compressedSize } = threads > 1
            ? await deflateInBlocks(input, size, output, dataStart, level, blocksAtOnce, options.onProgress)
            : await deflateOneStream(input, size, output, dataStart, level, options.onProgress);
        if (!entry.zip64 && compressedSize >= U32_MAX)
            throw new Error('the deflated data outgrew the zip format without zip64');
        await output.write(localHeader(entry, crc, compressedSize, size), 0, dataStart, 0);
        const tail = endRecords(entry, crc, compressedSize, size, dataStart + compressedSize);
        await output.write(tail, 0, tail.length, dataStart + compressedSize);
        return { size, compressedSize, crc32: crc, archiveSize: dataStart + compressedSize + tail.length };
    }
    finally {
        await input.close();
        await output?.close();
    }
}
/** One deflate stream, fed from two alternating buffers (the one-core path). */
async function deflateOneStream(input, size, output, dataStart, level, onProgress) {
    // zlib allocates a fresh output buffer of chunkSize each time one fills, and each is garbage
    // once written. Small ones keep that garbage small, because V8 collects more often; larger
    // ones let tens of MiB pile up at no gain in speed, deflate being the cost (`npm run bench`).
    const deflate = (0,external_node_zlib_.createDeflateRaw)({ level, chunkSize: 8 * 1024 });
    // Both sides are awaited to the end before the files are closed, whichever fails first: a
    // full disk stops drain(), and feed() must not go on reading a file closed under it.
    const [fed, drained] = await Promise.allSettled([feed(input, size, deflate, onProgress), drain(deflate, output, dataStart)]);
    // drain()'s error first: when it fails, feed() only learns that zlib was stopped.
    if (drained.status === 'rejected')
        throw drained.reason;
    if (fed.status === 'rejected')
        throw fed.reason;
    return { crc: fed.value, compressedSize: drained.value };
}
/**
 * The parallel path: `atOnce` blocks deflated at once on libuv's thread pool, written in order.
 * Block i is read into buffer i mod (atOnce + 1) only once block i - atOnce - 1, the last to use
 * that buffer, is deflated and written; so memory is atOnce + 1 blocks of input and the blocks'
 * output, whatever the file's size. Returns the CRC-32 and the deflated size.
 */
async function deflateInBlocks(input, size, output, dataStart, level, atOnce, onProgress) {
    const blocks = Math.max(1, Math.ceil(size / BLOCK_BYTES));
    const buffers = Array.from({ length: Math.min(blocks, atOnce + 1) }, () => Buffer.allocUnsafe(Math.max(1, Math.min(BLOCK_BYTES, size))));
    /** Per block in flight: deflated and written. */
    const inFlight = [];
    let writing = Promise.resolve();
    let written = 0;
    let uncollected = 0;
    let crc = 0;
    let dictionary;
    try {
        for (let index = 0; index < blocks; index++) {
            if (inFlight.length >= atOnce)
                await inFlight.shift();
            const start = index * BLOCK_BYTES;
            const block = await readFully(input, buffers[index % buffers.length], Math.min(BLOCK_BYTES, size - start), start, size);
            crc = (0,external_node_zlib_.crc32)(block, crc);
            const deflated = deflateBlock(block, dictionary, level, index === blocks - 1);
            // Consumed in order below; marked now so that it is never an unhandled rejection when a write fails first.
            deflated.catch(() => undefined);
            // zlib copies the dictionary when the block's stream is made, so this buffer may be read into again later.
            dictionary = block.length >= WINDOW_BYTES ? block.subarray(block.length - WINDOW_BYTES) : undefined;
            const done = start + block.length;
            writing = writing.then(async () => {
                const { bytesWritten } = await output.writev(await deflated, dataStart + written);
                written += bytesWritten;
                uncollected += bytesWritten;
                // Once this write's buffers are no longer referenced (the next turn).
                if (uncollected >= COLLECT_EVERY_BYTES) {
                    uncollected = 0;
                    setImmediate(collectGarbage);
                }
                // The bytes of the file zipped so far, as the one-stream path counts those read.
                onProgress?.(done, size);
            });
            // Awaited in turn below; a later block's failure (it follows the first) must not be unhandled meanwhile.
            writing.catch(() => undefined);
            inFlight.push(writing);
        }
        await writing;
        // The read past the announced end must find nothing: a file that grew is refused too.
        if ((await input.read(Buffer.alloc(1), 0, 1, size)).bytesRead !== 0)
            throw changed(`grew beyond the ${size} bytes it had`);
        return { crc, compressedSize: written };
    }
    finally {
        // Nothing is left running on the files once this returns or throws: they are closed next.
        await Promise.allSettled([writing, ...inFlight]);
    }
}
/** Reads `length` bytes at `position` into `buffer` (a short read is read on; the end of the file before it is a change). */
async function readFully(input, buffer, length, position, size) {
    let filled = 0;
    while (filled < length) {
        const { bytesRead } = await input.read(buffer, filled, length - filled, position + filled);
        if (bytesRead === 0)
            throw changed(`became shorter (${position + filled} of ${size} bytes)`);
        filled += bytesRead;
    }
    return buffer.subarray(0, length);
}
/**
 * One block as raw deflate, ending on a byte boundary with a sync flush, or with the final block;
 * returns zlib's output chunks, written as they are (no copy to join them).
 */
function deflateBlock(block, dictionary, level, last) {
    const finishFlush = last ? external_node_zlib_.constants.Z_FINISH : external_node_zlib_.constants.Z_SYNC_FLUSH;
    return new Promise((resolve, reject) => {
        const deflate = (0,external_node_zlib_.createDeflateRaw)({ level, memLevel: BLOCK_MEM_LEVEL, chunkSize: BLOCK_CHUNK_BYTES, finishFlush, dictionary });
        const chunks = [];
        deflate.on('data', (chunk) => chunks.push(chunk));
        deflate.once('end', () => resolve(chunks));
        deflate.once('error', reject);
        deflate.end(block);
    });
}
/** Writes what zlib puts out to `output` from `position` on; returns how many bytes that was. */
async function drain(deflate, output, position) {
    let written = 0;
    try {
        for await (const chunk of deflate) {
            const { bytesWritten } = await output.write(chunk, 0, chunk.length, position + written);
            written += bytesWritten;
        }
    }
    catch (error) {
        // Stops feed() at its next chunk.
        deflate.destroy(error);
        throw error;
    }
    return written;
}
/** Reads the file into two alternating buffers and deflates it; returns its CRC-32. */
async function feed(input, size, deflate, onProgress) {
    try {
        const buffers = [Buffer.allocUnsafe(zip_CHUNK_BYTES), Buffer.allocUnsafe(zip_CHUNK_BYTES)];
        let crc = 0;
        let position = 0;
        let reading = input.read(buffers[0], 0, Math.max(1, Math.min(zip_CHUNK_BYTES, size)), 0);
        for (let turn = 0; position < size; turn++) {
            const { bytesRead, buffer } = await reading;
            if (bytesRead === 0)
                throw changed(`became shorter (${position} of ${size} bytes)`);
            const chunk = buffer.subarray(0, bytesRead);
            position += bytesRead;
            onProgress?.(position, size);
            crc = (0,external_node_zlib_.crc32)(chunk, crc);
            const next = buffers[(turn + 1) % 2];
            reading = input.read(next, 0, Math.max(1, Math.min(zip_CHUNK_BYTES, size - position)), position);
            // Handled where it is awaited; marked now so that it is never an unhandled rejection if
            // this loop stops first.
            reading.catch(() => undefined);
            // zlib calls back once it has taken the chunk in: only then may its buffer be read into again.
            await new Promise((resolve, reject) => deflate.write(chunk, (error) => (error ? reject(error) : resolve())));
            if (deflate.destroyed)
                throw new Error('zipping stopped: the zip could not be written');
        }
        // The read past the announced end must find nothing: a file that grew is refused too.
        if ((await reading).bytesRead !== 0)
            throw changed(`grew beyond the ${size} bytes it had`);
        deflate.end();
        return crc;
    }
    catch (error) {
        deflate.destroy(error);
        throw error;
    }
}
function changed(how) {
    return new errors/* DotstatError */.sh('FILE_CHANGED', `The file ${how} while it was being zipped.`, 'Make sure nothing writes the file while the action uploads it.');
}
function localHeader(entry, crc, compressedSize, size) {
    const extra = entry.zip64 ? zip64Extra(size, compressedSize) : Buffer.alloc(0);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(versionNeeded(entry), 4);
    header.writeUInt16LE(UTF8_NAME, 6);
    header.writeUInt16LE(DEFLATED, 8);
    writeDosTime(header, 10, entry.mtime);
    header.writeUInt32LE(crc, 14);
    header.writeUInt32LE(entry.zip64 ? U32_MAX : compressedSize, 18);
    header.writeUInt32LE(entry.zip64 ? U32_MAX : size, 22);
    header.writeUInt16LE(entry.name.length, 26);
    header.writeUInt16LE(extra.length, 28);
    return Buffer.concat([header, entry.name, extra]);
}
/** Central directory header, then (zip64) the zip64 end record and its locator, then the end record. */
function endRecords(entry, crc, compressedSize, size, directoryOffset) {
    const extra = entry.zip64 ? zip64Extra(size, compressedSize) : Buffer.alloc(0);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(MADE_BY_UNIX | versionNeeded(entry), 4);
    header.writeUInt16LE(versionNeeded(entry), 6);
    header.writeUInt16LE(UTF8_NAME, 8);
    header.writeUInt16LE(DEFLATED, 10);
    writeDosTime(header, 12, entry.mtime);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(entry.zip64 ? U32_MAX : compressedSize, 20);
    header.writeUInt32LE(entry.zip64 ? U32_MAX : size, 24);
    header.writeUInt16LE(entry.name.length, 28);
    header.writeUInt16LE(extra.length, 30);
    // comment length, disk number start and internal attributes stay 0
    header.writeUInt32LE(UNIX_FILE_MODE, 38);
    header.writeUInt32LE(0, 42); // the local header is at offset 0
    const directory = Buffer.concat([header, entry.name, extra]);
    const records = [directory];
    const zip64End = entry.zip64 || directoryOffset >= U32_MAX;
    if (zip64End) {
        const record = Buffer.alloc(56);
        record.writeUInt32LE(0x06064b50, 0);
        record.writeBigUInt64LE(44n, 4); // the size of what follows this field
        record.writeUInt16LE(MADE_BY_UNIX | 45, 12);
        record.writeUInt16LE(45, 14);
        // this disk and the directory's disk stay 0
        record.writeBigUInt64LE(1n, 24);
        record.writeBigUInt64LE(1n, 32);
        record.writeBigUInt64LE(BigInt(directory.length), 40);
        record.writeBigUInt64LE(BigInt(directoryOffset), 48);
        const locator = Buffer.alloc(20);
        locator.writeUInt32LE(0x07064b50, 0);
        locator.writeBigUInt64LE(BigInt(directoryOffset + directory.length), 8);
        locator.writeUInt32LE(1, 16);
        records.push(record, locator);
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(1, 8);
    end.writeUInt16LE(1, 10);
    end.writeUInt32LE(directory.length, 12);
    end.writeUInt32LE(zip64End ? U32_MAX : directoryOffset, 16);
    records.push(end);
    return Buffer.concat(records);
}
function versionNeeded(entry) {
    return entry.zip64 ? 45 : 20;
}
/** The zip64 extended information extra field (0x0001): original size, then compressed size. */
function zip64Extra(size, compressedSize) {
    const extra = Buffer.alloc(20);
    extra.writeUInt16LE(0x0001, 0);
    extra.writeUInt16LE(16, 2);
    extra.writeBigUInt64LE(BigInt(size), 4);
    extra.writeBigUInt64LE(BigInt(compressedSize), 12);
    return extra;
}
/** MS-DOS date and time, local time, two-second precision, within the years it can hold (1980–2107). */
function writeDosTime(buffer, offset, mtime) {
    const year = mtime.getFullYear();
    const date = year < 1980 ? new Date(1980, 0, 1) : year > 2107 ? new Date(2107, 11, 31, 23, 59, 58) : mtime;
    buffer.writeUInt16LE((date.getHours() << 11) | (date.getMinutes() << 5) | (date.getSeconds() >> 1), offset);
    buffer.writeUInt16LE(((date.getFullYear() - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(), offset + 2);
}

;// CONCATENATED MODULE: ./src/transfer/compress.ts
/**
 * Zips a CSV or XML file before it is sent: the Transfer service accepts a zip holding one file,
 * and its request-size limit (about 30 MB by default) applies to the zipped size. The zip is
 * written to a temporary file, streamed (file → deflate → disk, see ./zip.ts), so memory stays
 * flat and the upload that follows still has an exact Content-Length.
 */




/** Whether this file is zipped before sending, under the `compress` setting. */
function shouldZip(file, mode, thresholdBytes) {
    if (mode === 'none' || file.contentType === 'application/zip')
        return false;
    return mode === 'zip' || file.size > thresholdBytes;
}
/** Deflates `file` into a temporary single-entry zip (the entry keeps the file's name). */
async function zipToTemp(file, dir, onProgress) {
    const folder = await (0,promises_.mkdtemp)((0,external_node_path_.join)(dir, 'dotstat-zip-'));
    const path = (0,external_node_path_.join)(folder, `${(0,external_node_path_.basename)(file.path)}.zip`);
    const cleanup = () => (0,promises_.rm)(folder, { recursive: true, force: true });
    try {
        const { archiveSize: size } = await zipOneFile(file.path, file.size, (0,external_node_path_.basename)(file.path), path, { onProgress });
        return { name: `${file.name}.zip`, path, size, contentType: 'application/zip', original: file, cleanup };
    }
    catch (error) {
        await cleanup();
        if (error instanceof errors/* DotstatError */.sh)
            throw new errors/* DotstatError */.sh(error.code, `Could not zip '${file.name}': ${error.message}`, error.hint, { cause: error });
        const reason = error.code ?? error.message;
        throw new errors/* DotstatError */.sh('ZIP_FAILED', `Could not zip '${file.name}': ${reason}.`, "Check the free space in the runner's temporary folder, or set compress: none.", { cause: error });
    }
}

;// CONCATENATED MODULE: ./src/transfer/timing.ts
/** Runs one piece of work, its progress shown by `progress` (when there is one) until it ends, whichever way. */
async function withProgress(progress, kind, name, work, say) {
    const task = progress?.start(kind, name, say);
    let ok = false;
    try {
        const result = await work(task && ((done, total) => task.update(done, total)));
        ok = true;
        return result;
    }
    finally {
        // A failed upload must not be said "Uploaded".
        task?.end(!ok);
    }
}

;// CONCATENATED MODULE: ./src/transfer/publish.ts
/**
 * The Transfer part of the job: register every file (each one is its own request, and a failure
 * of one does not stop the others), then follow all of them to their outcome.
 *
 * Files are uploaded by a bounded pool (upload-concurrency at once, taken in the files' order);
 * each upload is registerOne(), and its result is kept at its file's place, so the results and
 * the reports keep the order of the files whatever order the uploads end in. So do the log lines:
 * each file's lines are held until the files before it are done, and the first file not done
 * logs as it goes (as GNU parallel's --keep-order), so the log reads as if the uploads were made
 * one after another, and the error annotations go to the first files. Zipping, which uses
 * every core on its own (./zip.ts), is done for one file at a time while the others upload.
 */









/**
 * The uploads and polls of all files together raise at most this many error annotations: GitHub
 * shows ten per step, and the step's own failure needs the last one. Past it, the same words are
 * plain log lines.
 */
const MAX_ERROR_ANNOTATIONS = ANNOTATIONS_PER_KIND - 1;
function cappedErrors(log, max) {
    let left = max;
    return { ...log, error: (message, annotation) => (left-- > 0 ? log.error(message, annotation) : log.info(`Error: ${message}`)) };
}
async function publish(config, sources, given) {
    const ctx = { ...given, log: cappedErrors(given.log, MAX_ERROR_ANNOTATIONS) };
    const { entries, stopped: cancelled } = await uploadAll(config, sources, ctx);
    let stopped = cancelled;
    const tracked = entries.flatMap((e) => (e.tracked ? [e.tracked] : []));
    ctx.onRegistered(tracked.map((t) => t.requestId));
    if (!stopped && config.wait && tracked.length > 0) {
        ctx.log.info(`Waiting for ${tracked.length === 1 ? 'the request' : `${tracked.length} requests`} to finish (at most ${config.waitTimeoutMs / 1000} s)…`);
        try {
            await waitForAll(tracked, config, ctx);
        }
        catch (error) {
            if (!(error instanceof errors/* TransferError */.aG) || (error.code !== 'WAIT_TIMEOUT' && error.code !== 'CANCELLED'))
                throw error;
            stopped = error;
        }
    }
    return { results: entries.map((entry) => resultOf(entry, config)), stopped };
}
/**
 * Runs registerOne() for every source, at most config.uploadConcurrency at once, starting them in
 * the files' order; returns one entry per source, in that order. On cancellation no more start:
 * the uploads under way end as they end (registered, or interrupted), the rest are not uploaded.
 * An unexpected error (a bug, not a DotstatError) stops the pool too and is thrown once the uploads
 * under way have ended.
 */
async function uploadAll(config, sources, ctx) {
    const entries = new Array(sources.length).fill(undefined);
    const interrupted = new Set();
    const zipOneAtATime = lock();
    const logs = inOrder(ctx.log, sources.length);
    let next = 0;
    let failure;
    const aborted = () => ctx.retry.signal?.aborted === true;
    const worker = async () => {
        while (next < sources.length && !failure && !aborted() && interrupted.size === 0) {
            const index = next++;
            try {
                entries[index] = await registerOne(sources[index], config, { ...ctx, log: logs.of(index) }, zipOneAtATime);
            }
            catch (error) {
                // A file whose zip or upload had not begun is simply not uploaded (left undefined).
                if (error instanceof NotStarted)
                    continue;
                if (aborted())
                    interrupted.add(index);
                else
                    failure ??= { error };
            }
            finally {
                logs.done(index);
            }
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(config.uploadConcurrency, sources.length)) }, worker));
    logs.flush();
    if (failure)
        throw failure.error;
    if (interrupted.size === 0 && entries.every((entry) => entry !== undefined))
        return { entries: entries };
    // Cancelled mid-upload: the requests already registered must not be lost with the job.
    const done = entries.flatMap((entry) => (entry ? [entry] : []));
    const cut = sources.filter((_, index) => interrupted.has(index));
    const rest = sources.filter((_, index) => !entries[index] && !interrupted.has(index));
    const stopped = cancelledUploading(done, cut, rest, config);
    return {
        stopped,
        entries: sources.map((source, index) => entries[index] ??
            (interrupted.has(index)
                ? {
                    source,
                    timing: {},
                    error: new errors/* TransferError */.aG('CANCELLED', `The upload of ${sourceName(source)} was interrupted by the cancellation; the Transfer service may have registered it.`),
                }
                : { source, timing: {}, error: new errors/* TransferError */.aG('CANCELLED', 'Not uploaded: the job was cancelled.') })),
    };
}
/** Cancelled before this file's zip or upload began: nothing of it reached the service. */
class NotStarted extends Error {
}
/** A queue of one: run() calls its task once the one before has ended. */
function lock() {
    let last = Promise.resolve();
    return (task) => {
        const run = last.then(task, task);
        last = run.catch(() => undefined);
        return run;
    };
}
async function registerOne(source, config, ctx, oneAtATime) {
    const name = sourceName(source);
    const size = 'file' in source ? ` (${(0,src_text/* formatBytes */.z3)(source.file.size)})` : '';
    ctx.log.info(`${config.validateOnly ? 'Validating' : 'Uploading'} ${name}${size} to data space ${config.dataspace}…`);
    let zipped;
    const timing = {};
    try {
        if ('file' in source && shouldZip(source.file, config.compress, config.compressThresholdBytes)) {
            const file = source.file;
            zipped = await oneAtATime(async () => {
                // Cancelled while waiting for the zip before: this one is not zipped at all.
                if (ctx.retry.signal?.aborted)
                    throw new NotStarted();
                // Timed from the zip's own start: waiting for the one before is not zipping.
                timing.zipStartedAt = Date.now();
                const result = await withProgress(ctx.progress, 'zip', name, (onProgress) => zipToTemp(file, ctx.tempDir, onProgress));
                timing.zipEndedAt = Date.now();
                return result;
            });
            const ratio = (source.file.size / Math.max(1, zipped.size)).toFixed(1);
            ctx.log.info(`Zipped ${name}: ${(0,src_text/* formatBytes */.z3)(source.file.size)} → ${(0,src_text/* formatBytes */.z3)(zipped.size)} (${ratio}×).`);
        }
        const sent = zipped ? { file: zipped } : source;
        if (ctx.retry.signal?.aborted)
            throw new NotStarted();
        timing.uploadStartedAt = Date.now();
        // The closing "Uploaded" line is this file's own: it keeps the files' order with the others.
        const { requestId, message } = await withProgress(ctx.progress, 'upload', name, (onProgress) => registerRenewing(sent, config, ctx, onProgress), (text) => ctx.log.info(text));
        timing.uploadEndedAt = Date.now();
        ctx.log.info(`Request ${requestId} registered for ${name}${message ? `: ${message}` : ''}`);
        return { source, sentSize: zipped?.size, timing, tracked: { requestId, name, registeredAt: timing.uploadEndedAt } };
    }
    catch (error) {
        if (ctx.retry.signal?.aborted || !(error instanceof errors/* DotstatError */.sh))
            throw error;
        ctx.log.error(error.describe(), { title: `Upload failed: ${name}` });
        if (timing.uploadStartedAt !== undefined)
            timing.uploadEndedAt = Date.now();
        return { source, sentSize: zipped?.size, timing, error };
    }
    finally {
        await zipped?.cleanup();
    }
}
/** One upload, through the session's one renewal rule: a 401 (before the file is sent: see Expect in ../http/client.ts) gets one renewal. */
function registerRenewing(source, config, ctx, onProgress) {
    const refused = (outcome) => outcome instanceof errors/* TransferError */.aG && outcome.code === 'UNAUTHORIZED';
    return ctx.auth.withToken(`by the upload of ${sourceName(source)}`, (token) => register(source, config, ctx, token, onProgress), refused);
}
function cancelledUploading(done, cut, rest, config) {
    const registered = done.flatMap((e) => (e.tracked ? [e.tracked] : []));
    const list = registered.map((t) => `${t.requestId} (${t.name})`).join(', ');
    const parts = [
        registered.length > 0
            ? `Cancelled while uploading. Requests already registered on the Transfer service: ${list}.`
            : 'Cancelled while uploading, before any request was registered.',
    ];
    if (cut.length > 0)
        parts.push(`The upload of ${cut.map(sourceName).join(', ')} was interrupted (the service may have registered ${cut.length === 1 ? 'it' : 'them'}).`);
    if (rest.length > 0)
        parts.push(`Not uploaded: ${rest.map(sourceName).join(', ')}.`);
    const hint = registered.length > 0
        ? `The registered requests go on without this job. ${howToCheck(registered.map((t) => t.requestId), config)}`
        : undefined;
    return new errors/* TransferError */.aG('CANCELLED', parts.join(' '), hint);
}
function resultOf(entry, config) {
    const file = sourceName(entry.source);
    const size = 'file' in entry.source ? entry.source.file.size : undefined;
    const sentSize = entry.sentSize;
    if (entry.error)
        return { file, size, sentSize, logs: [], verdict: 'failed', error: entry.error.describe(), timing: entry.timing };
    const tracked = entry.tracked;
    const status = tracked.status;
    const timing = { ...entry.timing, startedAt: tracked.startedAt, finishedAt: tracked.finishedAt };
    const base = { file, size, sentSize, requestId: tracked.requestId, logs: status?.logs ?? [], logStats: status?.logStats, logFile: status?.logFile, timing };
    if (tracked.error)
        return {
            ...base,
            ...fields(status),
            verdict: 'failed',
            error: `Request ${tracked.requestId} (${file}): its status could not be read: ${tracked.error.describe()}`,
        };
    if (!config.wait)
        return { ...base, verdict: 'pending' };
    if (!status)
        return { ...base, verdict: 'pending', error: 'Not checked before waiting stopped.' };
    const verdict = verdictOf(status);
    const durationMs = tracked.finishedAt ? tracked.finishedAt - tracked.registeredAt : undefined;
    const error = verdict === 'failed' ? `Request ${tracked.requestId} (${file}): ${explainFailure(status)}.` : undefined;
    return { ...base, ...fields(status), verdict, error, durationMs };
}
function fields(status) {
    return {
        executionStatus: status?.executionStatus,
        outcome: status?.outcome,
        executionStart: status?.executionStart,
        executionEnd: status?.executionEnd,
    };
}

// EXTERNAL MODULE: ./src/secrets.ts
var secrets = __webpack_require__(7194);
;// CONCATENATED MODULE: ./src/report/budget.ts
/** A fair way to share a platform's limit (../platform/limits.ts) among files. */
/**
 * Splits `total` among claimants wanting `wants[i]` each: nobody gets more than it wants, and what
 * the small ones leave is shared equally by the others (max-min fairness). Whole units only.
 */
function fairShares(wants, total) {
    const shares = wants.map(() => 0);
    let left = Math.max(0, Math.floor(total));
    let open = wants.map((_, i) => i).filter((i) => wants[i] > 0);
    while (left > 0 && open.length > 0) {
        const each = Math.max(1, Math.floor(left / open.length));
        for (const i of open) {
            const give = Math.min(each, wants[i] - shares[i], left);
            shares[i] += give;
            left -= give;
        }
        open = open.filter((i) => shares[i] < wants[i]);
    }
    return shares;
}

;// CONCATENATED MODULE: ./src/report/log-excerpt.ts
/**
 * What every report says about a log it shows only part of: how many lines the log has, of which
 * levels, how many are left out, whether the service's answer was cut, and where the whole log is.
 * One wording for the summary, the log groups, the `results` output and the error message.
 */

const n = (count) => count.toLocaleString('en-US');
/** The counts of a result's log; a result built without them (nothing was cut) counts its lines. */
function statsOf(result) {
    if (result.logStats)
        return result.logStats;
    const levels = {};
    for (const log of result.logs)
        levels[(log.level ?? '').toUpperCase()] = (levels[(log.level ?? '').toUpperCase()] ?? 0) + 1;
    return { total: result.logs.length, levels, omitted: 0 };
}
/** "ERROR 5,000, NOTICE 2" (most frequent first; lines without a level as "no level"). */
function levelCounts(stats) {
    return Object.entries(stats.levels)
        .sort((a, b) => b[1] - a[1])
        .map(([level, count]) => `${level || 'no level'} ${n(count)}`)
        .join(', ');
}
/**
 * The note under a partial log, or undefined when all of it was shown. `shown` is the number of
 * lines the report printed; `where` says how the reader finds the full log.
 */
function leftOutNote(result, shown, where = fullLogWhere(result)) {
    const stats = statsOf(result);
    const left = stats.total - shown;
    if (left <= 0 && !stats.cut)
        return undefined;
    const parts = [`${n(shown)} of ${n(stats.total)} log lines shown (${levelCounts(stats)}); ${n(Math.max(0, left))} left out.`];
    if (stats.cut)
        parts.push(`The service's answer was cut (${stats.cut}): lines after that point were not read.`);
    if (where)
        parts.push(where);
    return parts.join(' ');
}
/** Where the whole log is, for a note. */
function fullLogWhere(result) {
    return result.logFile ? `The full log is in ${(0,external_node_path_.basename)(result.logFile)} (output transfer-log).` : undefined;
}
/** The lines between two kept lines that are not kept: 0 when they follow each other. */
function gapBefore(log, previous) {
    if (log.line === undefined || previous?.line === undefined)
        return 0;
    return Math.max(0, log.line - previous.line - 1);
}


;// CONCATENATED MODULE: ./src/report/results.ts
/**
 * What the Transfer results mean together: the worst verdict, the step outputs, and the numbers a
 * person looks for in the log (observations processed). The `results` output carries each log's
 * counts and its first lines, never the log itself: GitHub drops all of a job's outputs past 1 MB,
 * and the full log is in the file named by `transfer-log`.
 */






/** Log lines of one request in `results`, at most. */
const MAX_RESULT_LINES = 20;
/** A message longer than this is cut in `results`. Kept messages were redacted when read, so the cut cannot split a secret. */
const MAX_RESULT_MESSAGE = 1000;
/** "101 observations have been processed" → 101: the first count in the log. */
function observationsProcessed(logs) {
    for (const log of logs) {
        const count = processedCount(log.message);
        if (count !== undefined)
            return count;
    }
    return undefined;
}
/**
 * A duration in seconds, rounded to 0.1 s: the one rounding behind both the `results` output
 * (durationSeconds) and the job summary, so that the two never disagree.
 */
function durationSeconds(ms) {
    return Math.round(ms / 100) / 10;
}
/** The count read from the whole log as it streamed in, or from the kept lines. */
function observationsOf(result) {
    return result.logStats?.observationsProcessed ?? observationsProcessed(result.logs);
}
function worst(results) {
    return [...results].sort((a, b) => VERDICT_RANK[b.verdict] - VERDICT_RANK[a.verdict])[0];
}
/** The step outputs of the Transfer part, as strings. */
function transferOutputs(results, budget = RESULTS_BUDGET_CHARS) {
    const bad = worst(results);
    const registered = results.filter((r) => r.requestId !== undefined);
    return {
        'request-id': registered.map((r) => String(r.requestId)).join('\n'),
        'execution-status': bad ? (bad.executionStatus ?? (bad.requestId === undefined ? 'NotRegistered' : '')) : '',
        outcome: bad ? (bad.outcome ?? (bad.verdict === 'failed' ? 'Error' : '')) : '',
        results: resultsJson(results, budget),
        'transfer-log': results.flatMap((r) => (r.logFile ? [r.logFile] : [])).join('\n'),
    };
}
/** The `results` array within `budget` characters: each request's fields first, then log lines shared fairly. */
function resultsJson(results, budget) {
    const bare = results.map((r) => toJson(r, []));
    const fixed = JSON.stringify(bare).length;
    const lines = results.map((r) => r.logs.slice(0, MAX_RESULT_LINES).map(logJson));
    const wants = lines.map((l) => l.reduce((sum, line) => sum + JSON.stringify(line).length + 1, 0));
    const shares = fairShares(wants, budget - fixed);
    return JSON.stringify(results.map((r, i) => toJson(r, within(lines[i], shares[i]))));
}
function within(lines, budget) {
    let used = 0;
    return lines.filter((line) => (used += JSON.stringify(line).length + 1) <= budget);
}
/**
 * Server text, redacted before it is cut and before JSON escapes it: once escaped, a secret with
 * a quote or a backslash in it would be in a form no mask matches.
 */
const results_text = (value) => (value === undefined ? null : secrets/* SECRETS */.cW.redact(value));
function logJson(log) {
    const whole = secrets/* SECRETS */.cW.redact(log.message);
    const message = whole.length > MAX_RESULT_MESSAGE ? `${whole.slice(0, MAX_RESULT_MESSAGE)}…` : whole;
    return { level: results_text(log.level), date: results_text(log.date), message };
}
function toJson(result, logs) {
    const stats = statsOf(result);
    return {
        file: results_text(result.file),
        size: result.size ?? null,
        sentSize: result.sentSize ?? result.size ?? null,
        requestId: result.requestId ?? null,
        executionStatus: results_text(result.executionStatus),
        outcome: results_text(result.outcome),
        verdict: result.verdict,
        executionStart: result.executionStart ?? null,
        executionEnd: result.executionEnd ?? null,
        durationSeconds: result.durationMs === undefined ? null : durationSeconds(result.durationMs),
        observationsProcessed: observationsOf(result) ?? null,
        error: results_text(result.error),
        logLines: stats.total,
        logLevels: stats.levels,
        logsLeftOut: stats.total - logs.length,
        logCut: stats.cut ?? null,
        logFile: result.logFile ?? null,
        logs,
    };
}

;// CONCATENATED MODULE: ./src/report/phases.ts

/** The service's own processing time, when it gave both ends and they make sense. */
function serviceProcessingMs(r) {
    const start = Date.parse(r.executionStart ?? '');
    const end = Date.parse(r.executionEnd ?? '');
    return Number.isFinite(start) && Number.isFinite(end) && end >= start ? end - start : undefined;
}
function phasesOf(r) {
    const t = r.timing ?? {};
    const phases = [];
    const add = (name, start, end) => {
        if (start !== undefined && end !== undefined && end >= start)
            phases.push({ name, start, end });
    };
    add('zip', t.zipStartedAt, t.zipEndedAt);
    add('upload', t.uploadStartedAt, t.uploadEndedAt);
    if (r.requestId === undefined || t.uploadEndedAt === undefined)
        return phases;
    const registered = t.uploadEndedAt;
    if (t.finishedAt === undefined) {
        // Still running when the wait stopped: only what is known for sure.
        add('queued', registered, t.startedAt);
        return phases;
    }
    const service = serviceProcessingMs(r);
    const seenStart = t.startedAt ?? t.finishedAt;
    if (service === undefined || service > t.finishedAt - registered) {
        add('queued', registered, seenStart);
        add('processing', seenStart, t.finishedAt);
        return phases;
    }
    // It started after registration and before a poll saw it running; it lasted what the service says.
    const start = Math.min(Math.max(t.finishedAt - service, registered), seenStart);
    add('queued', registered, start);
    add('processing', start, start + service);
    return phases;
}
function phaseMs(phases, name) {
    const phase = phases.find((p) => p.name === name);
    return phase && phase.end - phase.start;
}
/** The bytes that went over the wire: the zip when one was sent. */
function sentBytes(r) {
    return r.sentSize ?? r.size;
}
/** "zipped in 12.3 s, uploaded in 25.3 s (790 KB/s), queued 3 s, processing 1 min 2 s" */
function phaseText(r) {
    const phases = phasesOf(r);
    const parts = [];
    const zip = phaseMs(phases, 'zip');
    if (zip !== undefined)
        parts.push(`zipped in ${formatDuration(zip)}`);
    const upload = phaseMs(phases, 'upload');
    const bytes = sentBytes(r);
    if (upload !== undefined)
        parts.push(`uploaded in ${formatDuration(upload)}${bytes !== undefined && upload > 0 ? ` (${formatRate(bytes, upload)})` : ''}`);
    const queued = phaseMs(phases, 'queued');
    if (queued !== undefined)
        parts.push(`queued ${formatDuration(queued)}`);
    const processing = phaseMs(phases, 'processing');
    if (processing !== undefined)
        parts.push(`processing ${formatDuration(processing)}`);
    return parts.join(', ');
}
/** Files whose phases are told in the log, at most; the summary has them all. */
const MAX_PHASE_LINES = 20;
/** The log's account of the wait's end: how long each phase of each file took. */
function phaseLines(results) {
    const told = results.filter((r) => phasesOf(r).length > 0);
    const lines = told.slice(0, MAX_PHASE_LINES).map((r) => `${r.requestId === undefined ? '' : `Request ${r.requestId} `}(${r.file}): ${phaseText(r)}.`);
    if (told.length > MAX_PHASE_LINES)
        lines.push(`${told.length - MAX_PHASE_LINES} more files: see the job summary.`);
    return lines.length ? ['Where the time went:', ...lines] : [];
}

;// CONCATENATED MODULE: ./src/report/timeline.ts
/**
 * The job summary's timeline: a Mermaid `gantt` block, which GitHub renders in job summaries, with
 * one bar per phase per file (./phases.ts). Past MAX_TIMELINE_FILES it stays readable: the slowest
 * files get their own rows, the others share one row whose bars span all of theirs, and a line
 * under it says so. Times are the job's clock in epoch milliseconds (`dateFormat x`), and the axis
 * shows clock time in the reader's own time zone.
 * @see https://mermaid.js.org/syntax/gantt.html
 */


/** Files with a row of their own, at most (the last row is then the others together). */
const MAX_TIMELINE_FILES = 12;
const ORDER = ['zip', 'upload', 'queued', 'processing'];
/** Mermaid's own tags colour the phases apart: the wait is the service's, the rest this job's. */
const TAGS = { zip: 'done, ', upload: 'done, ', queued: '', processing: 'active, ' };
/**
 * A name in a gantt line: Mermaid reads `:` as the start of a task's data, `#` and `;` as the end
 * of a line, `%%` as a comment; none of them, and no line break, may pass. Redacted first.
 */
function label(text, max = 60) {
    const clean = secrets/* SECRETS */.cW.redact(text)
        // eslint-disable-next-line no-control-regex -- control characters end or break a gantt line
        .replace(/[\u0000-\u001f\u007f-\u009f:;#%<>{}"`\\]/g, ' ')
        .replace(/\s+/g, ' ')
        .trim();
    const cut = clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
    return cut || 'file';
}
/** The timeline as Markdown lines (a fenced block and its note), or none for fewer than two files. */
function timelineMarkdown(results) {
    const rows = results.map((r) => ({ r, phases: phasesOf(r) })).filter((row) => row.phases.length > 0);
    if (rows.length < 2)
        return [];
    const span = (phases) => Math.max(...phases.map((p) => p.end)) - Math.min(...phases.map((p) => p.start));
    let shown = rows;
    let rest = [];
    if (rows.length > MAX_TIMELINE_FILES) {
        const slowest = new Set([...rows].sort((a, b) => span(b.phases) - span(a.phases)).slice(0, MAX_TIMELINE_FILES - 1));
        shown = rows.filter((row) => slowest.has(row));
        rest = rows.filter((row) => !slowest.has(row));
    }
    // Compact: a file's phases follow each other, so they share its one row; the names get room.
    const config = ['---', 'config:', '  gantt:', '    displayMode: compact', '    leftPadding: 200', '---'];
    const lines = ['', '```mermaid', ...config, 'gantt', '  title Where the time went', '  dateFormat x', '  axisFormat %H:%M:%S', '  todayMarker off'];
    for (const { r, phases } of shown) {
        lines.push(`  section ${label(r.requestId === undefined ? r.file : `${r.file} (${r.requestId})`)}`);
        for (const phase of phases)
            lines.push(bar(phase));
    }
    if (rest.length > 0) {
        lines.push(`  section ${rest.length} other files`);
        for (const name of ORDER) {
            const of = rest.flatMap((row) => row.phases.filter((p) => p.name === name));
            if (of.length)
                lines.push(bar({ name, start: Math.min(...of.map((p) => p.start)), end: Math.max(...of.map((p) => p.end)) }));
        }
    }
    lines.push('```');
    if (rest.length > 0)
        lines.push('', `_The timeline shows the ${shown.length} slowest of ${rows.length} files; the other ${rest.length} share the last row, each bar spanning all of theirs. The table above lists every file._`);
    return lines;
}
/** One bar; a phase shorter than a millisecond still gets one, so that Mermaid draws it. */
function bar(phase) {
    const start = Math.round(phase.start);
    return `  ${phase.name} :${TAGS[phase.name]}${start}, ${Math.max(start + 1, Math.round(phase.end))}`;
}

;// CONCATENATED MODULE: ./src/report/summary.ts
/**
 * The job summary (GITHUB_STEP_SUMMARY): one table per run, always first and always whole, then
 * the Transfer log of each file in a collapsible block, as many lines as fit in the summary's
 * budget, shared fairly among the files (./budget.ts). GitHub refuses a summary past 1024 KiB
 * whole, so the table must never be what pays for a long log.
 */








const ICONS = { success: '✅', warning: '⚠️', failed: '❌', pending: '⏳' };
/** Lines of one file's log in the summary, at most: past that a person opens the full log. */
const MAX_SUMMARY_LINES = 100;
/** Text from a server inside a Markdown table cell: one line, no pipes, no HTML. */
function cell(text, maxLength = 300) {
    if (!text)
        return '';
    return (0,src_text/* sanitize */.aj)(text, maxLength).replace(/[|\\`*_<>[\]]/g, (c) => `\\${c}`);
}
/** Text inside a code span, where a backslash escape would show: no backticks instead. */
function code(text) {
    return `\`${(0,src_text/* sanitize */.aj)(text, 100).replace(/`/g, "'")}\``;
}
/** Text inside an HTML element (<summary>), where Markdown escapes would show: HTML escapes. */
function htmlText(text) {
    return (0,src_text/* sanitize */.aj)(text, 300).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
/** The `results` output's durationSeconds, as a person reads it: 0.5 s, 1 min 5.4 s. */
function duration(ms) {
    if (ms === undefined)
        return '';
    const seconds = durationSeconds(ms);
    if (seconds < 60)
        return `${seconds} s`;
    const minutes = Math.floor(seconds / 60);
    return `${minutes} min ${Math.round((seconds - minutes * 60) * 10) / 10} s`;
}
/** How a gap between two kept lines starts: such a line is no log line. */
const GAP = '- _…';
const bytes = (lines) => lines.reduce((sum, line) => sum + Buffer.byteLength(line) + 1, 0);
function summaryMarkdown(results, config, budget = SUMMARY_BUDGET_BYTES) {
    const table = [...tableOf(results, config), ...timeTable(results), ...timelineMarkdown(results)];
    const withLog = results.filter((r) => r.logs.length > 0 || r.error || statsOf(r).total > 0 || statsOf(r).cut);
    const lines = withLog.map(logLines);
    // Each block's frame (its title, error and note) is paid first; the log lines share the rest.
    const frames = withLog.map((r) => bytes(summary_frame(r, 0).flat()));
    const room = budget - bytes(table) - frames.reduce((a, b) => a + b, 0);
    if (room < 0)
        return `${[...table, ...framesOnly(withLog, frames, budget - bytes(table))].join('\n')}\n`;
    const shares = fairShares(lines.map((l) => bytes(l.slice(0, MAX_SUMMARY_LINES))), room);
    const blocks = withLog.flatMap((r, i) => {
        const shown = fitting(lines[i], shares[i]);
        const [head, tail] = summary_frame(r, shown.filter((line) => !line.startsWith(GAP)).length);
        return [...head, ...shown, ...tail];
    });
    return `${[...table, ...blocks].join('\n')}\n`;
}
/** So many files that not even each one's frame fits: as many frames as do, and a count of the rest. */
function framesOnly(results, sizes, room) {
    const out = [];
    let left = room - 300;
    let dropped = 0;
    for (const [i, r] of results.entries()) {
        if (sizes[i] > left) {
            dropped += 1;
            continue;
        }
        out.push(...summary_frame(r, 0).flat());
        left -= sizes[i];
    }
    if (dropped > 0)
        out.push('', `_The logs of ${n(dropped)} more files do not fit in the job summary: see the log groups and the full-log files._`);
    return out;
}
function tableOf(results, config) {
    const action = config.validateOnly ? 'Validation' : 'Import';
    const lines = [
        `### .Stat ${action} into ${code(config.dataspace)}`,
        '',
        '| | file | size | request | status | outcome | duration | observations | log lines |',
        '|---|---|---:|---:|---|---|---:|---:|---:|',
    ];
    for (const r of results) {
        const sent = r.sentSize === undefined ? '' : ` (sent zipped: ${(0,src_text/* formatBytes */.z3)(r.sentSize)})`;
        const size = r.size === undefined ? '' : `${(0,src_text/* formatBytes */.z3)(r.size)}${sent}`;
        const observations = observationsOf(r)?.toLocaleString('en-US') ?? '';
        const total = statsOf(r).total;
        lines.push(`| ${ICONS[r.verdict]} | ${cell(r.file)} | ${size} | ${r.requestId ?? ''} | ${cell(r.executionStatus ?? (r.requestId === undefined ? 'not registered' : ''))} | ${cell(r.outcome)} | ${duration(r.durationMs)} | ${observations} | ${total ? n(total) : ''} |`);
    }
    return lines;
}
/**
 * Where the time went, per file: each phase of ./phases.ts, the upload's rate (the figures the
 * progress lines use), and the Transfer service's own timestamps as it gave them.
 */
function timeTable(results) {
    const timed = results.map((r) => ({ r, phases: phasesOf(r) })).filter(({ phases }) => phases.length > 0);
    if (timed.length === 0)
        return [];
    const lines = [
        '',
        '#### Where the time went',
        '',
        '| file | zip | upload | rate | queued | processing | service start | service end |',
        '|---|---:|---:|---:|---:|---:|---|---|',
    ];
    const ms = (value) => (value === undefined ? '' : formatDuration(value));
    for (const { r, phases } of timed) {
        const upload = phaseMs(phases, 'upload');
        const bytes = sentBytes(r);
        const rate = upload && bytes !== undefined ? formatRate(bytes, upload) : '';
        lines.push(`| ${cell(r.file)} | ${ms(phaseMs(phases, 'zip'))} | ${ms(upload)} | ${rate} | ${ms(phaseMs(phases, 'queued'))} | ${ms(phaseMs(phases, 'processing'))} | ${cell(r.executionStart, 40)} | ${cell(r.executionEnd, 40)} |`);
    }
    return lines;
}
/** A file's block around its log lines: [head, tail]; `shown` is the number of log lines between. */
function summary_frame(r, shown) {
    const head = ['', `<details><summary>${htmlText(r.file)}${r.requestId === undefined ? '' : ` — request ${r.requestId}`}</summary>`, ''];
    if (r.error)
        head.push(`**${cell(r.error.split('\n')[0])}**`, '');
    const note = leftOutNote(r, shown);
    const tail = [...(note ? ['', `_${cell(note, 1000)}_`] : []), '', '</details>'];
    return [head, tail];
}
/** The log as Markdown list items, with a marker where kept lines do not follow each other. */
function logLines(r) {
    const out = [];
    r.logs.forEach((log, i) => {
        const gap = gapBefore(log, r.logs[i - 1]);
        if (gap > 0)
            out.push(`${GAP} ${n(gap)} lines not shown …_`);
        out.push(`- ${log.level ? `${code(log.level)} ` : ''}${cell(log.message)}`);
    });
    return out;
}
/** The first lines that fit in `budget` bytes (at most MAX_SUMMARY_LINES), never ending on a gap marker. */
function fitting(lines, budget) {
    const out = [];
    let used = 0;
    for (const line of lines.slice(0, MAX_SUMMARY_LINES)) {
        used += Buffer.byteLength(line) + 1;
        if (used > budget)
            break;
        out.push(line);
    }
    while (out.at(-1)?.startsWith(GAP))
        out.pop();
    return out;
}

;// CONCATENATED MODULE: ./src/report/transfer-log.ts




/** Annotations of one kind per step (GitHub shows no more): the logs share what the step's own leave. */
const MAX_ANNOTATIONS = ANNOTATIONS_PER_KIND;
/** Lines of one request's log printed in its group, at most. */
const MAX_PRINTED_LINES = 100;
function kindOf(log) {
    const level = (0,src_text/* sanitize */.aj)(log.level ?? '', 20).toUpperCase();
    if (level.startsWith('WARN'))
        return 'warning';
    return level.startsWith('ERR') || level === 'FATAL' ? 'error' : undefined;
}
/**
 * What the step itself annotates besides the logs: one error when it fails, one for each file
 * whose upload or status failed (said as it happened), and one warning per import that warned.
 */
function reserved(results) {
    const failed = results.filter((r) => r.verdict === 'failed');
    const announced = failed.filter((r) => r.requestId === undefined || r.error?.includes('its status could not be read'));
    return { error: (failed.length > 0 ? 1 : 0) + announced.length, warning: Math.min(MAX_ANNOTATIONS, results.filter((r) => r.verdict === 'warning').length) };
}
/** Annotations each result may raise from its log, per kind: the step's budget shared fairly. */
function allowances(results) {
    const taken = reserved(results);
    const share = (kind) => fairShares(results.map((r) => r.logs.filter((log) => kindOf(log) === kind).length), MAX_ANNOTATIONS - taken[kind]);
    return { warning: share('warning'), error: share('error') };
}
async function printTransferLogs(results, log) {
    const allowed = allowances(results);
    for (const [i, result] of results.entries()) {
        const stats = statsOf(result);
        if (stats.total === 0 && !stats.cut)
            continue;
        const title = `Transfer log: ${(0,src_text/* sanitize */.aj)(result.file, 200)} (request ${result.requestId}, ${result.executionStatus ?? 'unknown'}${result.outcome ? `/${result.outcome}` : ''})`;
        await log.group(title, async () => printOne(result, log, { warning: allowed.warning[i] ?? 0, error: allowed.error[i] ?? 0 }));
    }
}
function printOne(result, log, allowed) {
    const annotated = { warning: 0, error: 0 };
    const printed = result.logs.slice(0, MAX_PRINTED_LINES);
    printed.forEach((entry, i) => {
        const gap = gapBefore(entry, printed[i - 1]);
        if (gap > 0)
            log.info(`… ${n(gap)} lines not printed …`);
        const level = (0,src_text/* sanitize */.aj)(entry.level ?? '', 20).toUpperCase();
        const message = (0,src_text/* sanitize */.aj)(entry.message, 2000);
        log.info(`${entry.date ? `${(0,src_text/* sanitize */.aj)(entry.date, 40)} ` : ''}${level ? `[${level}] ` : ''}${message}`);
        const kind = kindOf(entry);
        if (!kind || annotated[kind] >= allowed[kind])
            return;
        annotated[kind] += 1;
        log[kind](message, { title: `Transfer ${kind}: ${(0,src_text/* sanitize */.aj)(result.file, 200)}` });
    });
    const note = leftOutNote(result, printed.length);
    if (note)
        log.info(`(${note})`);
    const stats = statsOf(result);
    for (const kind of ['warning', 'error']) {
        const label = kind === 'warning' ? 'WARN' : 'ERROR';
        const lines = Object.entries(stats.levels).reduce((sum, [level, count]) => sum + (kindOf({ level, message: '' }) === kind ? count : 0), 0);
        const more = lines - annotated[kind];
        if (more > 0)
            log.info(`(${n(more)} ${label} lines of this log are not repeated as annotations: GitHub shows ${MAX_ANNOTATIONS} of each kind per step.)`);
    }
}

;// CONCATENATED MODULE: ./src/report/full-log.ts
/**
 * The full Transfer log of each request, kept as a file a workflow can upload as an artifact: one
 * JSON object a line (`{"line":1,"date":…,"level":…,"message":…}`), every text redacted. It is
 * written while the status answer is read, through a 64 KiB byte buffer, so a log of any length never
 * sits in memory. Each answer goes to a `.part` file that is renamed over the request's file once
 * the answer was read whole: the file always holds the last complete answer, never half of one.
 * A file that cannot be written costs a warning, never the verdict.
 */


const BUFFER_BYTES = 64 * 1024;
function fullLogPath(dir, requestId) {
    return (0,external_node_path_.join)(dir, `transfer-log-${requestId}.jsonl`);
}
/**
 * One line of the file. The only place its text is redacted: every field is server text, and is
 * redacted raw, before JSON escapes it (a secret with a quote in it would no longer match).
 */
function redactedLine(entry, redact) {
    const optional = (value) => (value === undefined ? null : redact(value));
    return JSON.stringify({ line: entry.line ?? null, date: optional(entry.date), level: optional(entry.level), message: redact(entry.message) });
}
/** A sink per status answer, writing the request's full-log file. */
function fullLogs(options) {
    return (requestId) => new FileSink(fullLogPath(options.dir, requestId), options);
}
class FileSink {
    path;
    options;
    #fd;
    /** Lines as UTF-8 outside V8's heap: a string here would live through collections (see write()). */
    #buffer = Buffer.allocUnsafe(BUFFER_BYTES);
    #used = 0;
    #failed = false;
    constructor(path, options) {
        this.path = path;
        this.options = options;
    }
    /**
     * Each line is copied into the byte buffer at once, so its string dies young. Kept as one
     * growing string, up to 64 KiB of lines outlived every young-generation collection, and about
     * one run in three V8 doubled the young generation over it: 18 MiB more at the peak of a
     * 200,000-line log (npm run bench, part 5).
     */
    write(entry) {
        if (this.#failed)
            return;
        const line = `${redactedLine(entry, this.options.redact)}\n`;
        const bytes = Buffer.byteLength(line);
        if (this.#used + bytes > BUFFER_BYTES)
            this.#flush();
        if (bytes > BUFFER_BYTES)
            this.#try(() => writeAll(this.#open(), Buffer.from(line)));
        else
            this.#used += this.#buffer.write(line, this.#used);
    }
    close() {
        this.#flush();
        if (this.#failed)
            return undefined;
        return this.#try(() => {
            (0,external_node_fs_.closeSync)(this.#open());
            this.#fd = undefined;
            (0,external_node_fs_.renameSync)(`${this.path}.part`, this.path);
            return this.path;
        });
    }
    discard() {
        this.#used = 0;
        try {
            if (this.#fd !== undefined)
                (0,external_node_fs_.closeSync)(this.#fd);
            (0,external_node_fs_.rmSync)(`${this.path}.part`, { force: true });
        }
        catch {
            // Nothing more can be done about a file that cannot even be removed; the warning was given.
        }
        this.#fd = undefined;
    }
    #open() {
        if (this.#fd === undefined) {
            (0,external_node_fs_.mkdirSync)(this.options.dir, { recursive: true });
            this.#fd = (0,external_node_fs_.openSync)(`${this.path}.part`, 'w', 0o644);
        }
        return this.#fd;
    }
    #flush() {
        if (this.#failed)
            return;
        const used = this.#used;
        this.#used = 0;
        this.#try(() => writeAll(this.#open(), this.#buffer.subarray(0, used)));
    }
    #try(fn) {
        try {
            return fn();
        }
        catch (error) {
            this.#failed = true;
            this.discard();
            this.options.warn(`The full Transfer log could not be written to ${this.path} (${error.code ?? 'error'}); the reports still show its first lines.`);
            return undefined;
        }
    }
}
/** writeSync until every byte is written: it may write fewer than asked. */
function writeAll(fd, bytes) {
    for (let done = 0; done < bytes.length;)
        done += (0,external_node_fs_.writeSync)(fd, bytes, done, bytes.length - done);
}

// EXTERNAL MODULE: ./src/files.ts
var files = __webpack_require__(9148);
;// CONCATENATED MODULE: ./src/report/junit.ts
/**
 * The JUnit XML report, for GitLab's `artifacts:reports:junit` (the pipeline's Tests tab and the
 * merge request widget) and any CI that reads JUnit: one test suite, one test case per file.
 * A failed import is a `<failure>` whose text is the error and the first lines of its Transfer
 * log; a file that never got an outcome (refused upload, unreadable status, the wait stopped) is
 * an `<error>`; one not waited for is `<skipped>`. Every text is redacted first, then stripped of
 * what XML 1.0 cannot hold, then escaped: a secret escaped first would no longer match its mask.
 * @see https://github.com/testmoapp/junitxml (the format as CI tools read it)
 * @see https://docs.gitlab.com/ci/testing/unit_test_reports/
 */




/** Log lines of one file in the report, at most, and the bytes all of them share. */
const MAX_JUNIT_LINES = 200;
const JUNIT_BUDGET_BYTES = 2 * 1024 * 1024;
/** What XML 1.0 cannot hold at all: control characters but tab and line breaks, lone surrogates, U+FFFE/U+FFFF. */
// eslint-disable-next-line no-control-regex -- these are the characters XML cannot hold
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// eslint-disable-next-line no-control-regex -- an escape sequence starts with one
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;
/** Text as XML character data or an attribute value: redacted, cleaned, escaped. */
function xmlText(text) {
    return secrets/* SECRETS */.cW.redact(secrets/* SECRETS */.cW.redact(text).replace(ANSI, '').replace(NOT_XML, '\ufffd')).replace(/[&<>"'\r]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#13;' })[c] ?? c);
}
/** An attribute value on one line. */
const attr = (text, max = 500) => xmlText(text.replace(/\s+/g, ' ').trim().slice(0, max));
const seconds = (ms) => (Math.max(0, ms) / 1000).toFixed(3);
function elapsedMs(r) {
    const phases = phasesOf(r);
    return phases.length ? Math.max(...phases.map((p) => p.end)) - Math.min(...phases.map((p) => p.start)) : 0;
}
function logText(r, budget) {
    const lines = [];
    let used = 0;
    for (const log of r.logs.slice(0, MAX_JUNIT_LINES)) {
        const line = [log.date, log.level, log.message].filter(Boolean).join(' ');
        used += Buffer.byteLength(line) + 1;
        if (used > budget)
            break;
        lines.push(line);
    }
    const note = leftOutNote(r, lines.length);
    return [...lines, ...(note ? ['', note] : [])].join('\n');
}
function junit_kindOf(r, config) {
    if (r.verdict === 'warning')
        return config.failOnWarning ? 'failure' : 'passed';
    if (r.verdict === 'success')
        return 'passed';
    if (r.verdict === 'pending')
        return config.wait && r.error ? 'error' : 'skipped';
    // Failed: the import's own outcome, or no outcome at all (refused, unreadable, stopped).
    return r.executionStatus !== undefined && !/could not be read/.test(r.error ?? '') ? 'failure' : 'error';
}
function junitXml(results, config) {
    const kinds = results.map((r) => junit_kindOf(r, config));
    const count = (kind) => kinds.filter((k) => k === kind).length;
    const wants = results.map((r) => r.logs.slice(0, MAX_JUNIT_LINES).reduce((sum, log) => sum + Buffer.byteLength(log.message) + 40, 0));
    const shares = fairShares(wants, JUNIT_BUDGET_BYTES);
    const total = results.reduce((sum, r) => sum + elapsedMs(r), 0);
    const suite = `.Stat ${config.validateOnly ? 'validation' : 'import'} into ${config.dataspace}`;
    const counts = `tests="${results.length}" failures="${count('failure')}" errors="${count('error')}" skipped="${count('skipped')}" time="${seconds(total)}"`;
    const out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        `<testsuites name="dotstat-action" ${counts}>`,
        `  <testsuite name="${attr(suite)}" ${counts} timestamp="${new Date().toISOString().slice(0, 19)}">`,
    ];
    for (const [i, r] of results.entries()) {
        const kind = kinds[i];
        const open = `    <testcase classname="${attr(`dotstat.${config.dataspace}`)}" name="${attr(r.file)}" file="${attr(r.file)}" time="${seconds(elapsedMs(r))}"`;
        const state = [r.requestId === undefined ? 'not registered' : `request ${r.requestId}`, r.executionStatus, r.outcome].filter(Boolean).join(', ');
        const about = [state, phaseText(r)].filter(Boolean).join('; ');
        const log = logText(r, shares[i] ?? 0);
        if (kind === 'passed') {
            out.push(`${open}>`, `      <system-out>${xmlText([about, log].filter(Boolean).join('\n\n'))}</system-out>`, '    </testcase>');
            continue;
        }
        if (kind === 'skipped') {
            out.push(`${open}>`, `      <skipped message="${attr(`${state}: not waited for (wait is false)`)}"/>`, '    </testcase>');
            continue;
        }
        const message = r.error?.split('\n')[0] ?? `Request ${r.requestId} (${r.file}) finished with outcome ${r.outcome ?? 'unknown'} (fail-on-warning is set).`;
        const type = kind === 'failure' ? [r.executionStatus, r.outcome].filter(Boolean).join('/') : 'NoOutcome';
        const body = [r.error ?? message, about, log].filter(Boolean).join('\n\n');
        out.push(`${open}>`, `      <${kind} message="${attr(message)}" type="${attr(type)}">${xmlText(body)}</${kind}>`, '    </testcase>');
    }
    out.push('  </testsuite>', '</testsuites>', '');
    return out.join('\n');
}

;// CONCATENATED MODULE: ./src/report/report-files.ts
/**
 * The report files a job asked for (summary-file, junit-file): written whole or not at all, never
 * through a link planted at the path (../files.ts), and redacted once more as a whole. A report
 * that cannot be written is a warning naming the file: the imports' outcome decides the job.
 */




function writeReports(results, config, files, markdown, platform) {
    if (files.summaryFile)
        writeOne('summary-file', files.summaryFile, markdown, platform);
    if (files.junitFile)
        writeOne('junit-file', files.junitFile, junitXml(results, config), platform);
}
function writeOne(input, path, content, platform) {
    const absolute = (0,external_node_path_.resolve)(path);
    const refused = (0,files/* notAPlainFile */.F)(absolute);
    try {
        if (refused)
            throw Object.assign(new Error(`it is ${refused}`), { code: `it is ${refused}` });
        (0,external_node_fs_.mkdirSync)((0,external_node_path_.dirname)(absolute), { recursive: true });
        (0,files/* replaceFile */.f)(absolute, platform.redact(content), 0o644);
        platform.info(`Wrote the ${input === 'junit-file' ? 'JUnit report' : 'summary'} to ${path}.`);
    }
    catch (error) {
        const reason = error.code ?? error.message;
        platform.warning(`The ${input} ${path} could not be written (${reason}). The job's result does not depend on it.`);
    }
}

;// CONCATENATED MODULE: ./src/report/progress.ts
/**
 * Progress of long work (zipping, uploading), for all the files in flight together: in a CI log,
 * one line per period for all of them, and only once the work has lasted a while; in a terminal,
 * one bar redrawn in place (./progress-bar.ts). The work itself only calls back with the bytes
 * done (`ProgressTask.update`); everything about when and how to show it is here.
 *
 * The rule for lines: none in the first PERIOD_MS, then one when PERIOD_MS have passed since the
 * last one and some file has gone a tenth of its way since (whichever is rarer), and in any case
 * one every MAX_GAP_MS, so that a slow link still shows within a minute that it is alive.
 */


/** No line before the work has lasted this long, nor two lines closer than this. */
const PERIOD_MS = 10_000;
/** The share of a file's way that must be done between two lines... */
const STEP = 0.1;
/** ...unless this long has passed: a line at least every minute while work goes on. */
const MAX_GAP_MS = 60_000;
/** How often the work in flight is looked at: the bar more often than the lines. */
const LINE_TICK_MS = 1000;
const BAR_TICK_MS = 200;
/** The bar's rate is measured over the last few seconds. */
const BAR_WINDOW_MS = 5000;
/** Names listed in one line, at most; the rest are counted. */
const MAX_NAMES = 4;
const VERBS = { zip: 'Zipping', upload: 'Uploading' };
function createProgress(options) {
    const active = new Set();
    /** Bytes done by kind since the reporter was made (never falls: a restart counts from 0 again). */
    const moved = { zip: 0, upload: 0 };
    let movedAtLine = { ...moved };
    let lastLineAt = 0;
    let timer;
    const samples = [];
    const tick = () => {
        const now = Date.now();
        if (options.bar)
            return drawBar(now);
        if (lineDue(now))
            printLine(now);
    };
    const lineDue = (now) => {
        const since = now - lastLineAt;
        if (since < PERIOD_MS)
            return false;
        if (since >= MAX_GAP_MS)
            return true;
        return [...active].some((t) => t.total > 0 && (t.done - t.doneAtLine) / t.total >= STEP);
    };
    const printLine = (now) => {
        const parts = ['zip', 'upload'].flatMap((kind) => {
            const tasks = [...active].filter((t) => t.kind === kind);
            return tasks.length ? [groupText(kind, tasks, (moved[kind] - movedAtLine[kind]) / Math.max(1, now - lastLineAt))] : [];
        });
        for (const t of active) {
            t.doneAtLine = t.done;
            t.shown = true;
        }
        movedAtLine = { ...moved };
        lastLineAt = now;
        options.line(parts.join('; '));
    };
    const drawBar = (now) => {
        const all = [...active];
        const done = all.reduce((sum, t) => sum + t.done, 0);
        const total = all.reduce((sum, t) => sum + t.total, 0);
        const sum = moved.zip + moved.upload;
        samples.push({ at: now, moved: sum });
        while (samples.length > 1 && now - samples[0].at > BAR_WINDOW_MS)
            samples.shift();
        const first = samples[0];
        // A rate only once a second or more has been measured: the first moments say nothing yet.
        const measured = now - first.at >= 1000;
        const perMs = measured ? (sum - first.moved) / (now - first.at) : 0;
        const rate = measured ? `, ${formatRate(sum - first.moved, now - first.at)}` : '';
        options.bar?.draw({
            fraction: total > 0 ? Math.min(1, done / total) : 0,
            label: barLabel(all),
            figures: `${(0,src_text/* formatBytes */.z3)(done)} / ${(0,src_text/* formatBytes */.z3)(total)}${rate}${rate ? `, ${formatTimeLeft(total - done, perMs)}` : ''}`,
        });
    };
    const idle = () => {
        if (timer)
            clearInterval(timer);
        timer = undefined;
        samples.length = 0;
        options.bar?.clear();
    };
    return {
        start(kind, name, say = options.line) {
            const now = Date.now();
            if (active.size === 0) {
                lastLineAt = now;
                movedAtLine = { ...moved };
                timer = setInterval(tick, options.bar ? BAR_TICK_MS : LINE_TICK_MS);
                timer.unref();
            }
            const task = { kind, name, startedAt: now, done: 0, total: 0, doneAtLine: 0, shown: false };
            active.add(task);
            return {
                update(done, total) {
                    // Ended: bytes still counted (a body pulled on after an early answer) are no one's work now.
                    if (!active.has(task))
                        return;
                    // A new attempt starts again from 0: its bytes crossed the link all the same.
                    if (done < task.done)
                        task.doneAtLine = 0;
                    moved[kind] += done < task.done ? done : done - task.done;
                    task.done = done;
                    task.total = total;
                },
                end(failed = false) {
                    if (!active.delete(task))
                        return;
                    if (active.size === 0)
                        idle();
                    // A long upload says how it went, in the figures of the summary; a zip's end is said by its caller.
                    if (task.shown && !failed && !options.bar && kind === 'upload') {
                        const ms = Date.now() - task.startedAt;
                        say(`Uploaded ${task.name}: ${(0,src_text/* formatBytes */.z3)(task.total)} in ${formatDuration(ms)} (${formatRate(task.total, ms)}).`);
                    }
                },
            };
        },
    };
}
/** "Uploading a.csv: 12.0 MB of 20.0 MB (60.0%), 800 KB/s, 10 s left", or the same for several files with each one's share. */
function groupText(kind, tasks, perMs) {
    const done = tasks.reduce((sum, t) => sum + t.done, 0);
    const total = tasks.reduce((sum, t) => sum + t.total, 0);
    const rate = perMs > 0 ? formatRate(perMs * 1000, 1000) : '0 B/s';
    // No total yet: the work has not begun sending or reading (a token renewal, a 100 Continue), not 100% done.
    const figures = total > 0 ? `${(0,src_text/* formatBytes */.z3)(done)} of ${(0,src_text/* formatBytes */.z3)(total)} (${formatPercent(done, total)}), ${rate}, ${formatTimeLeft(total - done, perMs)}` : 'starting';
    if (tasks.length === 1)
        return `${VERBS[kind]} ${tasks[0].name}: ${figures}`;
    const names = tasks.slice(0, MAX_NAMES).map((t) => `${t.name} ${t.total > 0 ? formatPercent(t.done, t.total) : 'starting'}`);
    if (tasks.length > MAX_NAMES)
        names.push(`${tasks.length - MAX_NAMES} more`);
    return `${VERBS[kind]} ${tasks.length} files: ${figures} (${names.join(', ')})`;
}
/** The bar has one line for everything: a file by its own name, without its folders. */
const baseName = (path) => path.split(/[\\/]/).pop() || path;
function barLabel(tasks) {
    const parts = ['zip', 'upload'].flatMap((kind) => {
        const of = tasks.filter((t) => t.kind === kind);
        if (of.length === 0)
            return [];
        return [`${VERBS[kind].toLowerCase()} ${of.length === 1 ? baseName(of[0].name) : `${of.length} files`}`];
    });
    return parts.join(', ');
}

;// CONCATENATED MODULE: ./src/upload.ts
/**
 * Everything an upload needs and a token-only run does not: ./run.ts loads this one module
 * lazily, so that the bundle keeps it in one chunk (each module that several lazy imports shared
 * was otherwise copied into every chunk that needed it).
 */










/***/ })

};
