export const id = 994;
export const ids = [994,940];
export const modules = {

/***/ 8351:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Rw: () => (/* binding */ RESULTS_BUDGET_CHARS),
/* harmony export */   UD: () => (/* binding */ ANNOTATIONS_PER_KIND),
/* harmony export */   Xb: () => (/* binding */ SUMMARY_BUDGET_BYTES)
/* harmony export */ });
/* unused harmony export SUMMARY_LIMIT_BYTES */
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


/***/ }),

/***/ 2585:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   j: () => (/* binding */ fairShares)
/* harmony export */ });
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


/***/ }),

/***/ 6559:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B4: () => (/* binding */ n),
/* harmony export */   C6: () => (/* binding */ gapBefore),
/* harmony export */   LZ: () => (/* binding */ statsOf),
/* harmony export */   UZ: () => (/* binding */ leftOutNote)
/* harmony export */ });
/* unused harmony exports levelCounts, fullLogWhere */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
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
    return result.logFile ? `The full log is in ${(0,node_path__WEBPACK_IMPORTED_MODULE_0__.basename)(result.logFile)} (output transfer-log).` : undefined;
}
/** The lines between two kept lines that are not kept: 0 when they follow each other. */
function gapBefore(log, previous) {
    if (log.line === undefined || previous?.line === undefined)
        return 0;
    return Math.max(0, log.line - previous.line - 1);
}



/***/ }),

/***/ 8940:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   MAX_RESULT_LINES: () => (/* binding */ MAX_RESULT_LINES),
/* harmony export */   durationSeconds: () => (/* binding */ durationSeconds),
/* harmony export */   observationsOf: () => (/* binding */ observationsOf),
/* harmony export */   observationsProcessed: () => (/* binding */ observationsProcessed),
/* harmony export */   transferOutputs: () => (/* binding */ transferOutputs),
/* harmony export */   worst: () => (/* binding */ worst)
/* harmony export */ });
/* harmony import */ var _secrets_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7194);
/* harmony import */ var _transfer_outcome_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6943);
/* harmony import */ var _transfer_log_digest_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9830);
/* harmony import */ var _platform_limits_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8351);
/* harmony import */ var _budget_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(2585);
/* harmony import */ var _log_excerpt_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6559);
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
        const count = (0,_transfer_log_digest_js__WEBPACK_IMPORTED_MODULE_3__/* .processedCount */ .sY)(log.message);
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
    return [...results].sort((a, b) => _transfer_outcome_js__WEBPACK_IMPORTED_MODULE_1__/* .VERDICT_RANK */ .tG[b.verdict] - _transfer_outcome_js__WEBPACK_IMPORTED_MODULE_1__/* .VERDICT_RANK */ .tG[a.verdict])[0];
}
/** The step outputs of the Transfer part, as strings. */
function transferOutputs(results, budget = _platform_limits_js__WEBPACK_IMPORTED_MODULE_4__/* .RESULTS_BUDGET_CHARS */ .Rw) {
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
    const shares = (0,_budget_js__WEBPACK_IMPORTED_MODULE_5__/* .fairShares */ .j)(wants, budget - fixed);
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
const text = (value) => (value === undefined ? null : _secrets_js__WEBPACK_IMPORTED_MODULE_0__/* .SECRETS */ .cW.redact(value));
function logJson(log) {
    const whole = _secrets_js__WEBPACK_IMPORTED_MODULE_0__/* .SECRETS */ .cW.redact(log.message);
    const message = whole.length > MAX_RESULT_MESSAGE ? `${whole.slice(0, MAX_RESULT_MESSAGE)}…` : whole;
    return { level: text(log.level), date: text(log.date), message };
}
function toJson(result, logs) {
    const stats = (0,_log_excerpt_js__WEBPACK_IMPORTED_MODULE_2__/* .statsOf */ .LZ)(result);
    return {
        file: text(result.file),
        size: result.size ?? null,
        sentSize: result.sentSize ?? result.size ?? null,
        requestId: result.requestId ?? null,
        executionStatus: text(result.executionStatus),
        outcome: text(result.outcome),
        verdict: result.verdict,
        executionStart: result.executionStart ?? null,
        executionEnd: result.executionEnd ?? null,
        durationSeconds: result.durationMs === undefined ? null : durationSeconds(result.durationMs),
        observationsProcessed: observationsOf(result) ?? null,
        error: text(result.error),
        logLines: stats.total,
        logLevels: stats.levels,
        logsLeftOut: stats.total - logs.length,
        logCut: stats.cut ?? null,
        logFile: result.logFile ?? null,
        logs,
    };
}


/***/ }),

/***/ 7994:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   MAX_SUMMARY_LINES: () => (/* binding */ MAX_SUMMARY_LINES),
/* harmony export */   summaryMarkdown: () => (/* binding */ summaryMarkdown)
/* harmony export */ });
/* harmony import */ var _text_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8992);
/* harmony import */ var _platform_limits_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8351);
/* harmony import */ var _budget_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2585);
/* harmony import */ var _log_excerpt_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6559);
/* harmony import */ var _results_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8940);
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
    return (0,_text_js__WEBPACK_IMPORTED_MODULE_0__/* .sanitize */ .aj)(text, maxLength).replace(/[|\\`*_<>[\]]/g, (c) => `\\${c}`);
}
/** Text inside a code span, where a backslash escape would show: no backticks instead. */
function code(text) {
    return `\`${(0,_text_js__WEBPACK_IMPORTED_MODULE_0__/* .sanitize */ .aj)(text, 100).replace(/`/g, "'")}\``;
}
/** Text inside an HTML element (<summary>), where Markdown escapes would show: HTML escapes. */
function htmlText(text) {
    return (0,_text_js__WEBPACK_IMPORTED_MODULE_0__/* .sanitize */ .aj)(text, 300).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
/** The `results` output's durationSeconds, as a person reads it: 0.5 s, 1 min 5.4 s. */
function duration(ms) {
    if (ms === undefined)
        return '';
    const seconds = (0,_results_js__WEBPACK_IMPORTED_MODULE_2__.durationSeconds)(ms);
    if (seconds < 60)
        return `${seconds} s`;
    const minutes = Math.floor(seconds / 60);
    return `${minutes} min ${Math.round((seconds - minutes * 60) * 10) / 10} s`;
}
/** How a gap between two kept lines starts: such a line is no log line. */
const GAP = '- _…';
const bytes = (lines) => lines.reduce((sum, line) => sum + Buffer.byteLength(line) + 1, 0);
function summaryMarkdown(results, config, budget = _platform_limits_js__WEBPACK_IMPORTED_MODULE_3__/* .SUMMARY_BUDGET_BYTES */ .Xb) {
    const table = tableOf(results, config);
    const withLog = results.filter((r) => r.logs.length > 0 || r.error || (0,_log_excerpt_js__WEBPACK_IMPORTED_MODULE_1__/* .statsOf */ .LZ)(r).total > 0 || (0,_log_excerpt_js__WEBPACK_IMPORTED_MODULE_1__/* .statsOf */ .LZ)(r).cut);
    const lines = withLog.map(logLines);
    // Each block's frame (its title, error and note) is paid first; the log lines share the rest.
    const frames = withLog.map((r) => bytes(frame(r, 0).flat()));
    const room = budget - bytes(table) - frames.reduce((a, b) => a + b, 0);
    if (room < 0)
        return `${[...table, ...framesOnly(withLog, frames, budget - bytes(table))].join('\n')}\n`;
    const shares = (0,_budget_js__WEBPACK_IMPORTED_MODULE_4__/* .fairShares */ .j)(lines.map((l) => bytes(l.slice(0, MAX_SUMMARY_LINES))), room);
    const blocks = withLog.flatMap((r, i) => {
        const shown = fitting(lines[i], shares[i]);
        const [head, tail] = frame(r, shown.filter((line) => !line.startsWith(GAP)).length);
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
        out.push(...frame(r, 0).flat());
        left -= sizes[i];
    }
    if (dropped > 0)
        out.push('', `_The logs of ${(0,_log_excerpt_js__WEBPACK_IMPORTED_MODULE_1__/* .formatCount */ .B4)(dropped)} more files do not fit in the job summary: see the log groups and the full-log files._`);
    return out;
}
function tableOf(results, config) {
    const action = config.validateOnly ? 'Validation' : 'Import';
    const lines = [`### .Stat ${action} into ${code(config.dataspace)}`, '', '| | file | size | request | status | outcome | duration | observations | log lines |', '|---|---|---:|---:|---|---|---:|---:|---:|'];
    for (const r of results) {
        const sent = r.sentSize === undefined ? '' : ` (sent zipped: ${(0,_text_js__WEBPACK_IMPORTED_MODULE_0__/* .formatBytes */ .z3)(r.sentSize)})`;
        const size = r.size === undefined ? '' : `${(0,_text_js__WEBPACK_IMPORTED_MODULE_0__/* .formatBytes */ .z3)(r.size)}${sent}`;
        const observations = (0,_results_js__WEBPACK_IMPORTED_MODULE_2__.observationsOf)(r)?.toLocaleString('en-US') ?? '';
        const total = (0,_log_excerpt_js__WEBPACK_IMPORTED_MODULE_1__/* .statsOf */ .LZ)(r).total;
        lines.push(`| ${ICONS[r.verdict]} | ${cell(r.file)} | ${size} | ${r.requestId ?? ''} | ${cell(r.executionStatus ?? (r.requestId === undefined ? 'not registered' : ''))} | ${cell(r.outcome)} | ${duration(r.durationMs)} | ${observations} | ${total ? (0,_log_excerpt_js__WEBPACK_IMPORTED_MODULE_1__/* .formatCount */ .B4)(total) : ''} |`);
    }
    return lines;
}
/** A file's block around its log lines: [head, tail]; `shown` is the number of log lines between. */
function frame(r, shown) {
    const head = ['', `<details><summary>${htmlText(r.file)}${r.requestId === undefined ? '' : ` — request ${r.requestId}`}</summary>`, ''];
    if (r.error)
        head.push(`**${cell(r.error.split('\n')[0])}**`, '');
    const note = (0,_log_excerpt_js__WEBPACK_IMPORTED_MODULE_1__/* .leftOutNote */ .UZ)(r, shown);
    const tail = [...(note ? ['', `_${cell(note, 1000)}_`] : []), '', '</details>'];
    return [head, tail];
}
/** The log as Markdown list items, with a marker where kept lines do not follow each other. */
function logLines(r) {
    const out = [];
    r.logs.forEach((log, i) => {
        const gap = (0,_log_excerpt_js__WEBPACK_IMPORTED_MODULE_1__/* .gapBefore */ .C6)(log, r.logs[i - 1]);
        if (gap > 0)
            out.push(`${GAP} ${(0,_log_excerpt_js__WEBPACK_IMPORTED_MODULE_1__/* .formatCount */ .B4)(gap)} lines not shown …_`);
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


/***/ }),

/***/ 9830:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   dm: () => (/* binding */ LogDigest),
/* harmony export */   sY: () => (/* binding */ processedCount)
/* harmony export */ });
/* unused harmony exports KEEP_FIRST, KEEP_LAST, MAX_LEVELS, MAX_KEPT_CHARS */
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


/***/ }),

/***/ 6943:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   SP: () => (/* binding */ explainFailure),
/* harmony export */   Vj: () => (/* binding */ verdictOf),
/* harmony export */   tG: () => (/* binding */ VERDICT_RANK)
/* harmony export */ });
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
            return outcome.toLowerCase() === 'error' ? 'the import ended with outcome Error: see the Transfer log below' : `the import completed with an unexpected outcome '${outcome}'`;
        default:
            return `the request ended in an unknown state (execution status '${execution}', outcome '${outcome}')`;
    }
}


/***/ })

};
