export const id = 327;
export const ids = [327];
export const modules = {

/***/ 7327:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runAlerts: () => (/* binding */ runAlerts),
  thresholdsByCheck: () => (/* binding */ thresholdsByCheck)
});

// UNUSED EXPORTS: ALERTS_BUDGET_MS, PERMISSIONS_LINES, problemText

// EXTERNAL MODULE: ./src/text.ts
var src_text = __webpack_require__(8992);
// EXTERNAL MODULE: ./src/net/retry.ts
var retry = __webpack_require__(7893);
;// CONCATENATED MODULE: ./src/alerts/rate-limit.ts
// How long GitHub asks us to wait before the next REST request, read from its answer. Pure.
// GitHub's rules ("Rate limits for the REST API", docs.github.com): a primary limit answers 403 or
// 429 with x-ratelimit-remaining 0 → wait until x-ratelimit-reset (epoch seconds); a secondary
// limit answers 403 or 429 with a message, and retry-after (seconds) when present → wait that long;
// otherwise wait at least one minute. A 403 with none of these is a permission problem.

/** GitHub: "wait for at least one minute" when a secondary limit gives no header. */
const SECONDARY_DEFAULT_WAIT_MS = 60_000;
function rateLimitOf(status, headers, body, nowMs) {
    if (status !== 403 && status !== 429)
        return { limited: false };
    const retryAfter = (0,retry/* parseRetryAfter */.mu)(headers['retry-after'], nowMs);
    if (retryAfter !== undefined)
        return { limited: true, waitMs: retryAfter, why: `retry-after: ${headers['retry-after']?.trim()}` };
    if (headers['x-ratelimit-remaining']?.trim() === '0') {
        const reset = Number(headers['x-ratelimit-reset']);
        const waitMs = Number.isFinite(reset) ? Math.max(0, reset * 1000 - nowMs) : SECONDARY_DEFAULT_WAIT_MS;
        return { limited: true, waitMs, why: 'x-ratelimit-remaining: 0' };
    }
    if (status === 429 || /rate limit/i.test(body))
        return { limited: true, waitMs: SECONDARY_DEFAULT_WAIT_MS, why: 'secondary rate limit' };
    return { limited: false };
}
/** The next page from a Link header (RFC 8288), only on the API's own origin: the token goes with it. */
function nextPage(link, apiOrigin) {
    if (!link)
        return undefined;
    for (const part of link.split(',')) {
        const m = /<([^>]+)>\s*;\s*rel="?([^";]+)"?/.exec(part);
        if (m && m[2]?.split(/\s+/).includes('next') && URL.canParse(m[1])) {
            const url = new URL(m[1]);
            return url.origin === apiOrigin ? url.href : undefined;
        }
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/alerts/github.ts
// A small GitHub REST client for the tracking issue, on the project's one transport
// (@actions/http-client: proxy settings, per-request deadline, body cap, no redirects). It adds
// what the issues API needs: GITHUB_API_URL (GitHub Enterprise Server), the token, pagination by
// Link headers, primary and secondary rate limits with bounded waits, and one shared budget.

class GitHubError extends Error {
    problem;
    constructor(problem) {
        super(`${problem.what}: ${problem.kind}`);
        this.problem = problem;
    }
}
/** Per request; a request never runs past the budget either. */
const REQUEST_TIMEOUT_MS = 10_000;
/** The longest single rate-limit wait, even when the budget would allow more. */
const MAX_WAIT_MS = 30_000;
const MAX_RATE_LIMIT_RETRIES = 3;
/** 10 pages of 100: the open issues searched for the marker. */
const MAX_PAGES = 10;
const MAX_BODY_BYTES = 4 * 1024 * 1024;
/** GitHub's REST best practices: at least a second between mutative requests (secondary limits). */
const MUTATION_GAP_MS = 1000;
class GitHubClient {
    options;
    apiUrl;
    lastMutation = Number.NEGATIVE_INFINITY;
    constructor(options) {
        this.options = options;
        this.apiUrl = options.apiUrl.replace(/\/+$/, '');
    }
    get origin() {
        return new URL(this.apiUrl).origin;
    }
    /** GET a list, following Link rel="next" up to MAX_PAGES. */
    async list(path, query, what) {
        const items = [];
        let url = `${this.apiUrl}${path}?${new URLSearchParams({ ...query, per_page: '100' }).toString()}`;
        for (let page = 0; url !== undefined && page < MAX_PAGES; page++) {
            const { data, headers } = await this.request('GET', url, undefined, what);
            if (!Array.isArray(data))
                throw new GitHubError({ kind: 'http', status: 200, what, message: 'the answer is not a list' });
            items.push(...data);
            url = nextPage(headers['link'], this.origin);
        }
        return items;
    }
    async call(method, path, body, what) {
        return (await this.request(method, `${this.apiUrl}${path}`, body, what)).data;
    }
    async request(method, url, body, what) {
        const { transport, now, sleep, deadline } = this.options;
        for (let retry = 0;; retry++) {
            if (method !== 'GET') {
                const gap = this.lastMutation + MUTATION_GAP_MS - now();
                if (gap > 0)
                    await sleep(Math.min(gap, Math.max(0, deadline - now())));
                this.lastMutation = now();
            }
            const left = deadline - now();
            if (left <= 0)
                throw new GitHubError({ kind: 'budget', what });
            const outcome = await transport({
                method,
                url,
                headers: {
                    accept: 'application/vnd.github+json',
                    authorization: `Bearer ${this.options.token}`,
                    'x-github-api-version': '2022-11-28',
                    ...(body === undefined ? {} : { 'content-type': 'application/json' })
                },
                body: body === undefined ? '' : JSON.stringify(body)
            }, { timeoutMs: Math.min(REQUEST_TIMEOUT_MS, left), retries: 0, userAgent: this.options.userAgent, maxBodyBytes: MAX_BODY_BYTES });
            if (outcome.kind === 'network')
                throw new GitHubError({ kind: 'network', what, detail: `${outcome.failure} (${outcome.detail})` });
            if (outcome.kind === 'too-large')
                throw new GitHubError({ kind: 'http', status: outcome.status, what, message: 'the answer is too large' });
            const { status, headers } = outcome;
            if (status >= 200 && status < 300)
                return { data: parseJson(outcome.body), headers };
            const limit = rateLimitOf(status, headers, outcome.body, now());
            if (limit.limited) {
                // Wait only when GitHub's wait fits in the budget with room for the request after it.
                const fits = limit.waitMs <= MAX_WAIT_MS && now() + limit.waitMs + 1000 < deadline && retry < MAX_RATE_LIMIT_RETRIES;
                if (!fits)
                    throw new GitHubError({ kind: 'rate-limited', what, waitMs: limit.waitMs, why: limit.why });
                await sleep(limit.waitMs);
                continue;
            }
            if (status === 403 || status === 404)
                throw new GitHubError({ kind: 'permission', status, what });
            if (status === 410)
                throw new GitHubError({ kind: 'issues-disabled', what });
            // One more try for a server error, if the budget allows; a 4xx would answer the same again.
            if (status >= 500 && retry === 0 && now() + 2000 < deadline) {
                await sleep(1000);
                continue;
            }
            throw new GitHubError({ kind: 'http', status, what, message: messageOf(outcome.body) });
        }
    }
}
function parseJson(text) {
    if (text.trim() === '')
        return null;
    try {
        return JSON.parse(text);
    }
    catch {
        return null;
    }
}
/** GitHub's error answers carry { message }; the caller cleans it before showing it. */
function messageOf(body) {
    const data = parseJson(body);
    return data !== null && typeof data === 'object' && 'message' in data && typeof data.message === 'string' ? data.message : '';
}

// EXTERNAL MODULE: ./src/findings/codes.ts
var codes = __webpack_require__(7388);
;// CONCATENATED MODULE: ./src/alerts/state.ts
// The tracking issue's hidden parts: the marker that finds the issue again (never the title, which
// people edit) and the JSON state block that is the check's whole history (no cache, artifact or
// commit). Both live in HTML comments, which GitHub does not render. Pure.
const MARKER_PREFIX = 'oauth-credential-health:check=';
const STATE_OPEN = '<!-- oauth-credential-health:state';
/** The statuses kept in the state block. */
const HISTORY_LENGTH = 10;
/** Names are percent-encoded so that no check or workflow name can end the comment early. */
function marker(check, workflow) {
    return `<!-- ${MARKER_PREFIX}${encodeURIComponent(check)};workflow=${encodeURIComponent(workflow)} -->`;
}
function hasMarker(body, check, workflow) {
    return typeof body === 'string' && body.includes(marker(check, workflow));
}
/** JSON in an HTML comment: `<` and `>` only occur inside strings there, and are escaped, so `-->` cannot. */
function stateBlock(state) {
    const json = JSON.stringify(state).replace(/</g, '\\u003c').replace(/>/g, '\\u003e');
    return `${STATE_OPEN}\n${json}\n-->`;
}
/** The state from an issue body, or null when it is missing or not ours (anyone may edit the body). */
function readState(body) {
    if (typeof body !== 'string')
        return null;
    const start = body.lastIndexOf(STATE_OPEN);
    if (start < 0)
        return null;
    const end = body.indexOf('-->', start + STATE_OPEN.length);
    if (end < 0)
        return null;
    let data;
    try {
        data = JSON.parse(body.slice(start + STATE_OPEN.length, end));
    }
    catch {
        return null;
    }
    return isState(data) ? { ...data, history: data.history.slice(-HISTORY_LENGTH) } : null;
}
const STATUSES = ['healthy', 'degraded', 'failing'];
function isState(d) {
    if (typeof d !== 'object' || d === null)
        return false;
    const s = d;
    return (s['v'] === 1 &&
        typeof s['since'] === 'string' &&
        !Number.isNaN(Date.parse(s['since'])) &&
        Array.isArray(s['history']) &&
        s['history'].every(isEntry) &&
        Array.isArray(s['alerted']) &&
        s['alerted'].every(n => Number.isInteger(n)) &&
        (s['daysLeft'] === null || Number.isInteger(s['daysLeft'])));
}
function isEntry(e) {
    if (typeof e !== 'object' || e === null)
        return false;
    const r = e;
    return (typeof r['at'] === 'string' &&
        typeof r['status'] === 'string' &&
        STATUSES.includes(r['status']) &&
        Array.isArray(r['codes']) &&
        r['codes'].every(c => typeof c === 'string' && /^[A-Z_]{1,40}$/.test(c)) &&
        typeof r['runUrl'] === 'string');
}

;// CONCATENATED MODULE: ./src/alerts/tracking.ts
// What to do with a check's tracking issue after a run, decided from the check's result and the
// open issues that carry its marker. Pure: the shell lists the issues and carries out the actions.
//
// The cycle: a check that becomes unhealthy (as issue-on counts it) or enters its expiry countdown
// opens an issue; while it stays so, every run edits the body (findings, latest run, state) and a
// comment is added only when the status or the set of finding codes changes, or an expiry
// threshold is crossed; when it is healthy again the issue gets "recovered after …" and is closed.
// Broken again later → a NEW issue (closed issues are never searched: one incident, one issue, and
// a repository's closed issues can run to thousands of pages). Two open issues with the marker (two
// runs raced) → the oldest is kept and the others are closed as duplicates of it.

/** Whether the status alone calls for an issue: failing always, degraded with issue-on warning. */
function meetsIssueOn(status, issueOn) {
    return status === 'failing' || (status === 'degraded' && issueOn === 'warning');
}
/** Thresholds the days left are below (fewer whole days left than the threshold, as SECRET_EXPIRING counts). */
function crossedThresholds(daysLeft, thresholds) {
    if (daysLeft === null)
        return [];
    return thresholds.filter(t => t > 0 && daysLeft < t).sort((a, b) => b - a);
}
function decide(obs, openIssues) {
    const sorted = [...openIssues].sort((a, b) => a.number - b.number);
    const [kept, ...extra] = sorted;
    const actions = extra.flatMap((dup) => kept ? [{ kind: 'comment', issue: dup.number, comment: { kind: 'duplicate', of: kept.number } }, { kind: 'close', issue: dup.number, reason: 'not_planned' }] : []);
    const entry = { at: new Date(obs.nowMs).toISOString(), status: obs.status, codes: obs.codes, runUrl: obs.runUrl };
    const crossed = crossedThresholds(obs.daysLeft, obs.thresholds);
    const wanted = meetsIssueOn(obs.status, obs.issueOn) || crossed.length > 0;
    if (!kept) {
        if (!wanted)
            return { actions, issue: null, notify: [] };
        const state = { v: 1, since: entry.at, history: [entry], alerted: crossed, daysLeft: obs.daysLeft };
        const notify = meetsIssueOn(obs.status, obs.issueOn) ? [{ event: 'unhealthy', status: obs.status }] : [];
        const smallest = crossed.at(-1);
        if (smallest !== undefined && obs.daysLeft !== null)
            notify.push({ event: 'expiry', status: obs.status, threshold: smallest, daysLeft: obs.daysLeft });
        return { actions: [...actions, { kind: 'create', state }], issue: 'new', notify };
    }
    // A body someone rewrote loses its history, not its issue.
    const previous = readState(kept.body);
    const since = previous?.since ?? kept.createdAt;
    const last = previous?.history.at(-1);
    const history = [...(previous?.history ?? []), entry].slice(-HISTORY_LENGTH);
    const alertedBefore = previous?.alerted ?? [];
    if (!wanted) {
        const durationMs = Math.max(0, obs.nowMs - Date.parse(since));
        const state = { v: 1, since, history, alerted: [], daysLeft: obs.daysLeft };
        actions.push({ kind: 'comment', issue: kept.number, comment: { kind: 'recovered', durationMs } }, { kind: 'close', issue: kept.number, reason: 'completed', state });
        return { actions, issue: kept.number, notify: [{ event: 'recovered', status: obs.status, durationMs }] };
    }
    const fresh = crossed.filter(t => !alertedBefore.includes(t));
    // A threshold no longer crossed (the secret was renewed) may alert again in the next countdown.
    const state = { v: 1, since, history, alerted: crossed, daysLeft: obs.daysLeft };
    actions.push({ kind: 'edit', issue: kept.number, state });
    const notify = [];
    if (last && (last.status !== entry.status || !sameCodes(last.codes, entry.codes))) {
        actions.push({ kind: 'comment', issue: kept.number, comment: { kind: 'changed', from: last, to: entry } });
        if (last.status !== entry.status)
            notify.push({ event: 'changed', status: entry.status, previous: last.status });
    }
    const smallest = fresh.at(-1);
    if (smallest !== undefined && obs.daysLeft !== null) {
        // Several thresholds crossed since the last run (a run was missed): one comment, the nearest one.
        actions.push({ kind: 'comment', issue: kept.number, comment: { kind: 'expiry', threshold: smallest, daysLeft: obs.daysLeft } });
        notify.push({ event: 'expiry', status: obs.status, threshold: smallest, daysLeft: obs.daysLeft });
    }
    return { actions, issue: kept.number, notify };
}
function sameCodes(a, b) {
    return a.length === b.length && a.every((c, i) => c === b[i]);
}
/** "2 days 3 hours", "45 minutes", "less than a minute". */
function formatDuration(ms) {
    const minutes = Math.floor(ms / 60_000);
    if (minutes < 1)
        return 'less than a minute';
    const days = Math.floor(minutes / 1440);
    const hours = Math.floor((minutes % 1440) / 60);
    const mins = minutes % 60;
    const part = (n, unit) => `${n} ${unit}${n === 1 ? '' : 's'}`;
    if (days > 0)
        return hours > 0 ? `${part(days, 'day')} ${part(hours, 'hour')}` : part(days, 'day');
    if (hours > 0)
        return mins > 0 ? `${part(hours, 'hour')} ${part(mins, 'minute')}` : part(hours, 'hour');
    return part(mins, 'minute');
}

;// CONCATENATED MODULE: ./src/alerts/issue-text.ts
// The tracking issue as people read it: title, body (findings, fixes, latest run, recent runs) and
// the comments. Pure. Check names and finding text reach Markdown only through escapeSummary;
// links are built here from the runner's own variables, never taken from the state block unchecked.




/**
 * The job summary's escaping, plus what only an issue gives meaning to: `@name` would notify that
 * person and `#123` would link (and back-link) another issue. Entities (`&#91;`) keep their `#`.
 */
function esc(text, max) {
    return (0,src_text/* escapeSummary */.Gb)(text, max)
        .replace(/(^|[^&])#(?=\d)/g, '$1&#35;')
        .replace(/@/g, '&#64;');
}
const ICON = { healthy: '✅', degraded: '⚠️', failing: '❌' };
function issueTitle(check) {
    return (0,src_text/* cleanServerText */.Ct)(`OAuth credential check unhealthy: ${check}`, 200);
}
function runLink(url, ctx) {
    const id = url.startsWith(ctx.runsPrefix) ? url.slice(ctx.runsPrefix.length) : '';
    return /^\d+(\/attempts\/\d+)?$/.test(id) ? `[run ${id.split('/')[0]}](${ctx.runsPrefix}${id})` : '—';
}
function issueBody(result, state, ctx) {
    const name = esc(result.name, 120);
    const lines = [
        marker(result.name, ctx.workflow),
        `## ${ICON[result.status]} OAuth credential check ${name}: ${result.status}`,
        '',
        '| | |',
        '|---|---|',
        `| Status | ${ICON[result.status]} ${result.status} (verdict: ${result.verdict}) |`,
        `| Open since | ${state.since.replace('T', ' ').slice(0, 16)} UTC |`,
        `| Latest run | ${runLink(ctx.runUrl, ctx)} |`,
        `| Workflow | ${esc(ctx.workflow, 120)} |`
    ];
    if (result.tokenUrl)
        lines.push(`| Token URL | ${esc(result.tokenUrl, 200)} |`);
    if (state.daysLeft !== null)
        lines.push(`| Expires in | ${state.daysLeft < 0 ? 'expired' : `${state.daysLeft} day(s)`} |`);
    lines.push('', '### Findings', '');
    if (result.findings.length === 0)
        lines.push('None: the check is healthy.');
    for (const f of [...result.findings].sort(codes/* bySeverity */.Np)) {
        lines.push(`- **\`${f.code}\`** (${f.severity}): ${esc(f.message, 1000)}`, `  <br>**Fix:** ${esc(f.hint, 1000)}`);
    }
    lines.push('', '### Recent runs', '', '| When (UTC) | Status | Codes | Run |', '|---|---|---|---|');
    for (const e of [...state.history].reverse()) {
        lines.push(`| ${esc(e.at.replace('T', ' ').slice(0, 16), 20)} | ${ICON[e.status]} ${e.status} | ${e.codes.map(c => `\`${c}\``).join(' ') || '—'} | ${runLink(e.runUrl, ctx)} |`);
    }
    lines.push('', '_Kept by oauth-credential-health: updated on every run, ' +
        'commented on when the status or the findings change or an expiry threshold is crossed, closed when the check is healthy again. ' +
        'Keep the hidden lines of this body: they find this issue again and hold its history._', '', stateBlock(state));
    return `${lines.join('\n')}\n`;
}
function commentBody(comment, result, ctx) {
    const run = runLink(ctx.runUrl, ctx);
    switch (comment.kind) {
        case 'changed': {
            const codes = (list) => (list.length === 0 ? 'none' : list.map(c => `\`${c}\``).join(', '));
            const status = comment.from.status === comment.to.status ? `still ${ICON[comment.to.status]} ${comment.to.status}` : `${ICON[comment.from.status]} ${comment.from.status} → ${ICON[comment.to.status]} ${comment.to.status}`;
            return `**Changed** (${run}): ${status}. Findings now ${codes(comment.to.codes)}; before ${codes(comment.from.codes)}.\n`;
        }
        case 'expiry':
            return comment.daysLeft < 0
                ? `⏳ **Expired** (${run}): the secret or client certificate of ${esc(result.name, 120)} has expired. Rotate it and update \`secret-expires-at\`.\n`
                : `⏳ **Expiry countdown** (${run}): ${comment.daysLeft} day(s) left, fewer than the ${comment.threshold}-day threshold. Rotate the secret or certificate and update \`secret-expires-at\`.\n`;
        case 'recovered':
            return `✅ **Recovered after ${formatDuration(comment.durationMs)}** (${run}): the check is ${result.status} again. Closing.\n`;
        case 'duplicate':
            return `Duplicate of #${comment.of}: two runs opened an issue for this check at the same time; #${comment.of}, the older, is kept.\n`;
    }
}

;// CONCATENATED MODULE: ./src/alerts/notify.ts
// The chat notification for a change, in the form the target expects. Pure: the shell posts it.
//   slack: an incoming webhook's { text } (mrkdwn: &, < and > are escaped as Slack's formatting
//          reference asks, api.slack.com/reference/surfaces/formatting#escaping, so no <!channel>).
//   teams: a Teams Workflows webhook ("Send webhook alerts to a channel"): a message with one
//          Adaptive Card attachment (reported by Microsoft's Workflows docs and the tools that use them).
//   json:  { event, check, status, …, result } for anything else (the check's report entry: no secrets).


const notify_ICON = { healthy: '✅', degraded: '⚠️', failing: '❌' };
/** One plain line: what happened to which check. Names are cleaned (one line, no controls). */
function headline(change, result, ctx) {
    const name = (0,src_text/* cleanServerText */.Ct)(result.name, 120);
    const where = `${(0,src_text/* cleanServerText */.Ct)(ctx.repository, 140)} (${(0,src_text/* cleanServerText */.Ct)(ctx.workflow, 120)})`;
    switch (change.event) {
        case 'unhealthy':
            return `${notify_ICON[change.status]} OAuth credential check ${name} is ${change.status} in ${where}`;
        case 'changed':
            return `${notify_ICON[change.status]} OAuth credential check ${name}: ${change.previous} → ${change.status} in ${where}`;
        case 'recovered':
            return `${notify_ICON.healthy} OAuth credential check ${name} recovered after ${formatDuration(change.durationMs)} in ${where}`;
        case 'expiry':
            return change.daysLeft < 0
                ? `⏳ The credentials of ${name} have expired (${where})`
                : `⏳ The credentials of ${name} expire in ${change.daysLeft} day(s), under the ${change.threshold}-day threshold (${where})`;
    }
}
/** The main findings, one short line each. */
function findingLines(result) {
    return result.findings.slice(0, 5).map(f => `${f.code}: ${(0,src_text/* cleanServerText */.Ct)(f.message, 200)}`);
}
/** Links in server text are not made clickable: a server must not plant a link in our alert. */
const noLinks = (s) => s.replace(/:\/\//g, ':/\u200b/').replace(/\bwww\./gi, m => `${m.slice(0, 3)}\u200b.`);
const slackEscape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/**
 * Adaptive Card TextBlocks render a Markdown subset (emphasis, links, lists): its characters are
 * backslash-escaped, and a list marker at the start is too.
 */
const teamsEscape = (s) => s.replace(/[\\`*_[\]~]/g, c => `\\${c}`).replace(/^(\s*)([-+>#]|\d+\.)/, '$1\\$2');
function notificationPayload(format, change, result, ctx) {
    const title = headline(change, result, ctx);
    const links = [`Run: ${ctx.runUrl}`, ...(ctx.issueUrl ? [`Issue: ${ctx.issueUrl}`] : [])];
    switch (format) {
        case 'slack': {
            const findings = findingLines(result).map(l => `• ${slackEscape(noLinks(l))}`);
            const linkText = [`<${ctx.runUrl}|run>`, ...(ctx.issueUrl ? [`<${ctx.issueUrl}|issue>`] : [])].join(' · ');
            return { text: [slackEscape(title), ...findings, linkText].join('\n') };
        }
        case 'teams':
            return {
                type: 'message',
                attachments: [
                    {
                        contentType: 'application/vnd.microsoft.card.adaptive',
                        content: {
                            $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
                            type: 'AdaptiveCard',
                            version: '1.4',
                            body: [
                                { type: 'TextBlock', text: teamsEscape(title), wrap: true, weight: 'Bolder' },
                                ...findingLines(result).map(l => ({ type: 'TextBlock', text: teamsEscape(noLinks(l)), wrap: true }))
                            ],
                            actions: [
                                { type: 'Action.OpenUrl', title: 'Run', url: ctx.runUrl },
                                ...(ctx.issueUrl ? [{ type: 'Action.OpenUrl', title: 'Issue', url: ctx.issueUrl }] : [])
                            ]
                        }
                    }
                ]
            };
        case 'json':
            return { ...change, check: result.name, title, repository: ctx.repository, workflow: ctx.workflow, runUrl: ctx.runUrl, issueUrl: ctx.issueUrl, links, result };
    }
}

// EXTERNAL MODULE: ./src/alerts/options.ts
var alerts_options = __webpack_require__(797);
;// CONCATENATED MODULE: ./src/alerts/run.ts
// The alerts shell: after the checks, keep one tracking issue per check, post change notifications
// and ping the heartbeat. Every decision comes from tracking.ts; this file only talks to GitHub and
// the webhooks, and turns every failure into one warning: alerts never change a check's result.







/** GitHub requests, their rate-limit waits and the notifications of one step end within this. */
const ALERTS_BUDGET_MS = 60_000;
/** The heartbeat gets its own time after that, so a slow GitHub cannot cost the dead-man's switch. */
const HEARTBEAT_TIMEOUT_MS = 10_000;
/** Both heartbeat tries and the wait between them end within this. */
const HEARTBEAT_BUDGET_MS = 20_000;
const DAY_MS = 86_400_000;
const PERMISSIONS_LINES = 'permissions:\n  contents: read\n  issues: write';
/** Expiry thresholds by check name, from the parsed checks. */
function thresholdsByCheck(checks) {
    return new Map(checks.flatMap(c => (c.ok ? [[c.spec.name, c.spec.expiryThresholds]] : [])));
}
async function runAlerts(report, options, thresholds, deps) {
    if (!(0,alerts_options/* alertsWanted */.Zw)(options))
        return;
    if (await isForkPullRequest(deps)) {
        deps.log.notice('Alerts skipped: a pull request from a fork runs with a read-only token and without secrets, so no tracking issue, notification or heartbeat is sent.');
        return;
    }
    if (options.trackingIssue) {
        try {
            await track(report, options, thresholds, deps, deps.now() + ALERTS_BUDGET_MS);
        }
        catch (error) {
            // A bug of ours must not cost the check its result, nor the heartbeat its ping.
            // Raw: the shell's log redacts, neutralises and cuts, in that order.
            deps.log.warning(`Tracking issues failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`);
        }
    }
    if (options.heartbeatUrl)
        await heartbeat(options.heartbeatUrl, deps);
}
async function isForkPullRequest(deps) {
    if (deps.env('GITHUB_EVENT_NAME') !== 'pull_request')
        return false;
    const path = deps.env('GITHUB_EVENT_PATH');
    if (!path)
        return false;
    try {
        const event = JSON.parse(await deps.readFile(path));
        const head = event.pull_request?.head?.repo;
        // A deleted fork leaves head.repo null: still a fork's read-only run.
        if (head === null)
            return true;
        return head?.fork === true || (typeof head?.full_name === 'string' && head.full_name !== deps.env('GITHUB_REPOSITORY'));
    }
    catch {
        return false;
    }
}
function gitHubEnv(deps) {
    const repository = deps.env('GITHUB_REPOSITORY') ?? '';
    const [owner, repo, ...rest] = repository.split('/');
    if (!owner || !repo || rest.length > 0)
        return 'GITHUB_REPOSITORY is not set (owner/repo)';
    const apiUrl = deps.env('GITHUB_API_URL') || 'https://api.github.com';
    const serverUrl = (deps.env('GITHUB_SERVER_URL') || 'https://github.com').replace(/\/+$/, '');
    if (!URL.canParse(apiUrl) || !URL.canParse(serverUrl))
        return 'GITHUB_API_URL or GITHUB_SERVER_URL is not a URL';
    const runsPrefix = `${serverUrl}/${repository}/actions/runs/`;
    const runId = deps.env('GITHUB_RUN_ID') ?? '';
    return {
        owner,
        repo,
        repository,
        apiUrl,
        serverUrl,
        workflow: deps.env('GITHUB_WORKFLOW') || 'workflow',
        runUrl: /^\d+$/.test(runId) ? `${runsPrefix}${runId}` : `${serverUrl}/${repository}/actions`,
        runsPrefix
    };
}
async function track(report, options, thresholds, deps, deadline) {
    const gh = gitHubEnv(deps);
    if (typeof gh === 'string')
        return deps.log.warning(`Tracking issues skipped: ${gh}.`);
    if (options.githubToken === '')
        return deps.log.warning('Tracking issues skipped: github-token is empty. Pass github-token: ${{ github.token }} (the default) or a token with issues: write.');
    const client = new GitHubClient({
        apiUrl: gh.apiUrl,
        token: options.githubToken,
        userAgent: deps.userAgent,
        transport: deps.transport,
        now: deps.now,
        sleep: deps.sleep,
        deadline
    });
    const repoPath = `/repos/${encodeURIComponent(gh.owner)}/${encodeURIComponent(gh.repo)}`;
    const ctx = { workflow: gh.workflow, runUrl: gh.runUrl, runsPrefix: gh.runsPrefix };
    // One listing serves every check of the step; it is read again only after this run opened an
    // issue (to see one a concurrent run opened). Each check's marker is its own, so an issue closed
    // meanwhile for one check is never looked at for another.
    let listed;
    const openIssues = async (name, fresh = false) => {
        if (listed === undefined || fresh)
            listed = await client.list(`${repoPath}/issues`, { state: 'open', sort: 'created', direction: 'asc' }, 'list open issues');
        return listed
            .filter(i => i.pull_request === undefined && hasMarker(i.body, name, gh.workflow))
            .map(i => ({ number: i.number, id: i.id, body: i.body ?? '', createdAt: i.created_at }));
    };
    for (const result of report.checks) {
        try {
            const observation = {
                status: result.status,
                codes: [...new Set(result.findings.map(f => f.code))].sort(),
                nowMs: deps.now(),
                runUrl: gh.runUrl,
                daysLeft: daysLeft(result, deps.now()),
                thresholds: thresholds.get(result.name) ?? [],
                issueOn: options.issueOn
            };
            const decision = decide(observation, await openIssues(result.name));
            let issue = typeof decision.issue === 'number' ? decision.issue : null;
            let lostRace = false;
            for (const action of decision.actions) {
                const created = await perform(action, result, ctx, client, repoPath, options, deps);
                if (created === undefined)
                    continue;
                issue = created;
                // Two runs at once may both have created one: the oldest open issue with the marker wins.
                const all = await openIssues(result.name, true);
                const oldest = all.map(i => i.number).sort((a, b) => a - b)[0];
                if (oldest !== undefined && oldest !== created) {
                    await perform({ kind: 'comment', issue: created, comment: { kind: 'duplicate', of: oldest } }, result, ctx, client, repoPath, options, deps);
                    await perform({ kind: 'close', issue: created, reason: 'not_planned' }, result, ctx, client, repoPath, options, deps);
                    deps.log.info(`Tracking issue for ${result.name}: another run opened #${oldest} at the same time; closed #${created} as its duplicate.`);
                    lostRace = true;
                }
            }
            if (issue !== null && !lostRace)
                deps.log.info(`Tracking issue for ${result.name}: #${issue} (${decision.actions.map(a => a.kind).join(', ') || 'no change'}).`);
            // The run that lost the race leaves the notification to the winner, so it is sent once.
            if (options.webhook && !lostRace) {
                const notifyCtx = { repository: gh.repository, workflow: gh.workflow, runUrl: gh.runUrl, issueUrl: issue === null ? null : `${gh.serverUrl}/${gh.repository}/issues/${issue}` };
                for (const change of decision.notify)
                    await notify(change, result, notifyCtx, options.webhook, deps, deadline);
            }
        }
        catch (error) {
            if (!(error instanceof GitHubError))
                throw error;
            deps.log.warning(problemText(error.problem, result.name));
            // The same token and budget would fail the same way for every other check.
            if (error.problem.kind !== 'http')
                return;
        }
    }
}
/** Carries out one action; returns the new issue's number for `create`. */
async function perform(action, result, ctx, client, repoPath, options, deps) {
    switch (action.kind) {
        case 'create': {
            const body = { title: issueTitle(result.name), body: issueBody(result, action.state, ctx), labels: [...options.labels], assignees: [...options.assignees] };
            try {
                return (await client.call('POST', `${repoPath}/issues`, body, 'create an issue')).number;
            }
            catch (error) {
                // 422: a label or assignee GitHub refuses (an assignee without access to the repository).
                if (!(error instanceof GitHubError && error.problem.kind === 'http' && error.problem.status === 422 && options.assignees.length > 0))
                    throw error;
                deps.log.warning('GitHub refused the issue with issue-assignees (HTTP 422); opened it without assignees. Check that each login can be assigned in this repository.');
                return (await client.call('POST', `${repoPath}/issues`, { ...body, assignees: [] }, 'create an issue')).number;
            }
        }
        case 'edit':
            await client.call('PATCH', `${repoPath}/issues/${action.issue}`, { body: issueBody(result, action.state, ctx) }, 'edit an issue');
            return undefined;
        case 'comment':
            await client.call('POST', `${repoPath}/issues/${action.issue}/comments`, { body: commentBody(action.comment, result, ctx) }, 'comment on an issue');
            return undefined;
        case 'close': {
            const body = action.state ? { body: issueBody(result, action.state, ctx) } : {};
            await client.call('PATCH', `${repoPath}/issues/${action.issue}`, { ...body, state: 'closed', state_reason: action.reason }, 'close an issue');
            deps.log.info(`Closed tracking issue #${action.issue} (${action.reason === 'completed' ? 'recovered' : 'duplicate'}).`);
            return undefined;
        }
    }
}
/** Days left before the secret or the client certificate expires, the sooner of the two. */
function daysLeft(result, nowMs) {
    const cert = result.clientCertNotAfter === null ? null : Math.floor((Date.parse(result.clientCertNotAfter) - nowMs) / DAY_MS);
    const days = [result.secretDaysLeft, cert].filter((d) => d !== null && Number.isFinite(d));
    return days.length === 0 ? null : Math.min(...days);
}
function problemText(problem, check) {
    const where = `Tracking issue for ${(0,src_text/* cleanServerText */.Ct)(check, 120)}`;
    switch (problem.kind) {
        case 'permission':
            return (`${where}: the github-token may not ${problem.what} (HTTP ${problem.status}). It needs the issues: write permission; ` +
                `add these lines to the workflow or the job:\n${PERMISSIONS_LINES}`);
        case 'issues-disabled':
            return `${where}: issues are turned off in this repository (HTTP 410 on ${problem.what}). Turn them on in Settings → General → Features, or set tracking-issue: false.`;
        case 'rate-limited':
            return `${where}: GitHub's rate limit (${problem.why}) asks to wait ${Math.ceil(problem.waitMs / 1000)} s before the next request to ${problem.what}, more than this step's alert budget allows; the next run will catch up.`;
        case 'budget':
            return `${where}: the alert budget of ${ALERTS_BUDGET_MS / 1000} s ran out before the request to ${problem.what}; the next run will catch up.`;
        case 'http':
            return `${where}: GitHub answered HTTP ${problem.status} to the request to ${problem.what}${problem.message ? `: ${problem.message}` : ''}.`;
        case 'network':
            return `${where}: the request to ${problem.what} failed (${problem.detail}).`;
    }
}
async function notify(change, result, ctx, webhook, deps, deadline) {
    const left = deadline - deps.now();
    if (left <= 0)
        return deps.log.warning('The change notification (notify-webhook-url) was not sent: the alert budget ran out.');
    const outcome = await deps.transport({ method: 'POST', url: webhook.url, headers: { 'content-type': 'application/json' }, body: JSON.stringify(notificationPayload(webhook.format, change, result, ctx)) }, 
    // The retry and its wait stay inside the alert budget too.
    { timeoutMs: Math.min(10_000, left), retries: 1, deadlineMs: Date.now() + left, userAgent: deps.userAgent, maxBodyBytes: 64 * 1024 });
    // Never the URL, not even its host: it is the secret.
    if (outcome.kind === 'network')
        return deps.log.warning(`The change notification (notify-webhook-url) failed: ${outcome.failure}. The check's result is unchanged.`);
    if (outcome.status < 200 || outcome.status > 299) {
        return deps.log.warning(`The change notification (notify-webhook-url) was refused: HTTP ${outcome.status}. The check's result is unchanged.`);
    }
    deps.log.info(`Change notification sent (${change.event}, ${webhook.format}).`);
}
async function heartbeat(url, deps) {
    const outcome = await deps.transport({ method: 'GET', url, headers: {}, body: '' }, { timeoutMs: HEARTBEAT_TIMEOUT_MS, retries: 1, deadlineMs: Date.now() + HEARTBEAT_BUDGET_MS, userAgent: deps.userAgent, maxBodyBytes: 64 * 1024 });
    if (outcome.kind === 'network')
        return deps.log.warning(`The heartbeat (heartbeat-url) failed: ${outcome.failure}. The check's result is unchanged.`);
    if (outcome.status < 200 || outcome.status > 299)
        return deps.log.warning(`The heartbeat (heartbeat-url) was refused: HTTP ${outcome.status}. The check's result is unchanged.`);
    deps.log.info('Heartbeat sent (heartbeat-url).');
}


/***/ })

};
