import type { IDataObject } from 'n8n-workflow';

import { UnexpectedAnswer } from '../errors';
import { isLegacyPath } from '../routes';

/**
 * The one boundary where Akkio's answers become the node's own typed values. Operations,
 * waiting and output shaping work on what these return and never read raw JSON. The transport
 * parses a body here (`parseJson`), reads Akkio's words in an error here (`akkioWords`), and
 * reads here whether an answer says it failed (`isKeyRejection`, `reportedFailure`). Pure.
 *
 * Whatever answers at the Base URL can send anything that is valid JSON, so:
 * - depth and size are bounded (`parseJson`), with a reason past the bound;
 * - a text is only ever a JSON string (`str`), a number only a finite one (`num`): nothing from
 *   Akkio is turned into a string with String() on an object, which runs its own `toString`;
 * - keys from Akkio are never property names written into plain objects (`__proto__` would
 *   write into Object.prototype of the whole n8n process): decoders keep them in Maps, and
 *   `dataObject` turns entries into an output object by definition, not by assignment;
 * - every field may be missing or of another type: decoders throw only where they say so.
 */

/** Deepest nesting accepted: Akkio's answers are a few levels deep. */
export const MAX_JSON_DEPTH = 100;
/** Largest answer accepted, in UTF-16 code units of the decoded body (about bytes for ASCII). */
export const MAX_ANSWER_CHARS = 32 * 1024 * 1024;

/**
 * Parses a response body within the bounds. The depth is counted before parsing: JSON.parse
 * accepts any depth, but what walks the value afterwards (n8n's own copies of items) may not.
 */
export function parseJson(body: string) {
	if (body.length > MAX_ANSWER_CHARS) return { ok: false, tooLarge: true } as const;
	for (let i = 0, depth = 0, inString = false; i < body.length; i++) {
		const c = body[i];
		// an escaped character is skipped
		if (inString) { if (c === '\\') i++; else inString = c !== '"'; }
		else if (c === '"') inString = true;
		else if ('[{'.includes(c) && ++depth > MAX_JSON_DEPTH) return { ok: false, tooDeep: true } as const;
		else if (']}'.includes(c)) depth--;
	}
	try { return { ok: true, value: JSON.parse(body) as unknown } as const; } catch { return { ok: false } as const; }
}

const isRecord = (v: unknown): v is IDataObject => !!v && typeof v === 'object' && !Array.isArray(v);
const rec = (v: unknown) => isRecord(v) ? v : {} as IDataObject;
const str = (v: unknown) => typeof v === 'string' ? v : undefined;
const text = (v: unknown) => str(v) ?? '';
const list = (v: unknown): unknown[] => Array.isArray(v) ? v : [];
/** The records of a list; anything else in it (or a non-list) is left out. */
const records = (v: unknown) => list(v).filter(isRecord);
/** A text with something in it (an ID, a name), as given; or trimmed. */
const filled = (v: unknown) => str(v) || undefined;
const trimmed = (v: unknown) => str(v)?.trim() || undefined;
const num = (v: unknown) => typeof v === 'number' && Number.isFinite(v) ? v : undefined;
/** The object when none of its values is undefined (a row's required fields were all readable). */
const whole = <T extends object>(o: T) => Object.values(o).includes(undefined) ? undefined : o as { [K in keyof T]: NonNullable<T[K]> };

/** A name Akkio may send as a string, a number or a boolean (a class "1" or 1): its text, or undefined. */
export const label = (v: unknown) => str(v) ?? (num(v) !== undefined || typeof v === 'boolean' ? String(v) : undefined);

/** An output object from entries whose keys may be anything (`__proto__`): each is defined as an own property. */
export const dataObject = (entries: Iterable<[string, unknown]>): IDataObject =>
	Object.defineProperties({}, Object.fromEntries([...entries].map(([key, value]) => [key, { value, enumerable: true, writable: true, configurable: true }])));

/**
 * Why an ID cannot go into a request path, or undefined when it can. An ID of dots only (`.`,
 * `..`) is a path step even percent-encoded: URL parsers resolve it and the request would go
 * elsewhere. Control characters and broken surrogates are never part of an Akkio ID.
 */
export const unusableInPath = (id: string) => /^\.+$/.test(id) ? 'it is made only of dots' : /[\p{Cc}\p{Cs}]/u.test(id) ? 'it contains control or broken characters' : undefined;

// ------------------------------------------------------------------ Akkio's words

/** The start of `words`, at most `length` code units, never ending on half a character (a high surrogate), with … when cut. */
export const excerpt = (words: string, length = 200) => words.length <= length ? words : `${words.slice(0, /[\uD800-\uDBFF]/.test(words[length - 1]) ? length - 1 : length)}…`;

/** An ID as messages show it: whole up to 60 characters (a 1 MB ID makes no 1 MB message). */
export const shortId = (id: string) => excerpt(id, 60);

/** First part of a body, on one line, HTML tags removed: enough to recognise a proxy's error page. */
export function bodySnippet(body: string) {
	const toText = (html: string) => html.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
	// An error page's <title> usually repeats its heading: show the head only if the body is empty.
	return excerpt(toText(body.replace(/<head[\s>][\s\S]*?<\/head>/i, ' ')) || toText(body));
}

/**
 * FastAPI's `detail`: a string, or a list of `{loc, msg}` as "body.duration: msg; …" (one line).
 * A step of `loc` that is no label (null, an object) is shown as JSON: parsed JSON holds no undefined.
 */
export function formatDetail(detail: unknown) {
	if (!Array.isArray(detail)) return trimmed(detail);
	const lines = detail.map((entry) => {
		if (!entry || typeof entry !== 'object') return text(entry);
		const { loc, msg } = entry;
		const where = Array.isArray(loc) ? loc.map((step) => label(step) ?? JSON.stringify(step)).join('.') : '';
		return (where ? `${where}: ` : '') + (str(msg) ?? JSON.stringify(entry));
	});
	return lines.filter(Boolean).join('; ') || undefined;
}

/** What Akkio said, from a parsed JSON body or the raw text; cut, so an answer echoing a 1 MB ID makes no 1 MB message. */
export function akkioWords(parsed: unknown, rawBody: string) {
	const json = parsed && typeof parsed === 'object' ? parsed as IDataObject : undefined;
	// Akkio's legacy routes put their words in `status` ({"status": "missing or invalid API key"}).
	const said = formatDetail(json?.detail) ?? ['message', 'error', 'status'].map((key) => trimmed(json?.[key])).find((w) => w && w.toLowerCase() !== 'success');
	// JSON with no words in it (`{"detail": []}`) says nothing: no raw JSON as a message. Other JSON is shown as
	// JSON.stringify writes it, never as it came: `\u0041` escapes would hide the key from redaction.
	const shown = parsed === undefined ? rawBody : JSON.stringify(parsed);
	const words = said ?? (!json || Object.values(json).some(trimmed) ? bodySnippet(shown) : '');
	return words ? excerpt(words, 500) : undefined;
}

// ------------------------------------------------------------------ what a `status` says (test/simulator/CONTRACT.md quotes the pages)

/** The Datasets page's "404" tab: the answer of every legacy route to a missing or wrong key. */
export const LEGACY_KEY_REJECTION = 'missing or invalid API key';
const statusOf = (body: unknown) => isRecord(body) ? str(body.status)?.trim() : undefined;

/** Whether an answer is Akkio's key refusal, whatever its HTTP code. */
export const isKeyRejection = (body: unknown) => statusOf(body)?.toLowerCase() === LEGACY_KEY_REJECTION.toLowerCase();

/** The HTTP code whose meaning an error answer has: Akkio's legacy key refusal is a 404 that means 401. */
export const effectiveStatusCode = (statusCode: number, body: unknown) => isKeyRejection(body) ? 401 : statusCode;

/**
 * The `status` of a 2xx answer that says the request did not succeed, or undefined. Every
 * legacy answer on the Datasets and Models pages carries `"status": "success"`, and so does the
 * result example on the Training page. An answer without a `status` is taken as it comes.
 */
export function reportedFailure(path: string, purpose: { taskLookup?: string }, body: unknown) {
	const result = purpose.taskLookup === 'result';
	const status = result || isLegacyPath(path.split('?')[0]) ? statusOf(body) : undefined;
	const lower = status?.toLowerCase();
	return status === undefined || lower === 'success' || (result && lower === 'succeeded') ? undefined : excerpt(status);
}

// ------------------------------------------------------------------ datasets, models, predictions (legacy /v1 routes)

/** The entries of a legacy list (`datasets`, `models`) that have an ID, as the Datasets and Models pages list them (`{ id, name }`); the ID names one without a name. */
export const decodeList = (answer: unknown, key: 'datasets' | 'models') => records(rec(answer)[key]).flatMap((entry) => {
	const id = filled(entry.id ?? entry.dataset_id ?? entry.model_id);
	return id ? [{ id, name: filled(entry.name) ?? id }] : [];
});

/** Dataset → Get. `rows` is a count on the Datasets page (`"rows": 887`); a list (the SDKs' idea) is counted. */
export function decodeDataset(answer: unknown) {
	const { name, fields, rows } = rec(answer);
	const count = typeof rows === 'string' && /^\s*\d+\s*$/.test(rows) ? Number(rows) : Array.isArray(rows) ? rows.length : rows;
	return { name: str(name) ?? null, fields: records(fields).flatMap((field) => typeof field.name === 'string' ? [{ name: field.name, type: str(field.type) ?? 'unknown' }] : []), rowCount: typeof count === 'number' && Number.isInteger(count) && count >= 0 ? count : null };
}

/** A new dataset (`{"status": "success", "dataset_id": ..., "dataset_name": ...}`): its ID, or null, and its name. */
export function decodeCreatedDataset(answer: unknown, askedName: string) {
	const { dataset_id, id, dataset_name, name } = rec(answer);
	return { id: filled(dataset_id) ?? filled(id) ?? null, name: filled(dataset_name) ?? filled(name) ?? askedName };
}

/** An entry of a list Akkio answered: an object's entries as a Map (its keys are Akkio's), anything else as it came. */
export type Prediction = { fields: Map<string, unknown> } | { value: unknown };
const fieldsOrValue = (entry: unknown): Prediction => isRecord(entry) ? { fields: new Map(Object.entries(entry)) } : { value: entry };

export function decodePredictions(answer: unknown, rowCount: number) {
	const { predictions } = rec(answer);
	if (Array.isArray(predictions) && predictions.length === rowCount) return predictions.map(fieldsOrValue);
	const advice = 'None of this batch was used: the answer cannot be matched to the input items.';
	throw new UnexpectedAnswer(`Akkio answered ${Array.isArray(predictions) ? predictions.length : 'no'} predictions for ${rowCount} rows`, advice);
}

// ------------------------------------------------------------------ tasks: status, trainings, Chat Explore, projects

/**
 * Where a task stands: running (its status, Akkio's estimate), succeeded (its location), failed
 * (`error`: Akkio's own explanation, when it gave one) or timedOut.
 */
export type TaskState = TaskStatus['state'];

/** A task's status (`GET …/status`: trainings and Chat Explore questions share its shape). */
export type TaskStatus = ReturnType<typeof decodeTaskStatus>;

export function decodeTaskStatus(answer: unknown) {
	const metadata = rec(rec(answer).metadata);
	const status = trimmed(rec(answer).status)?.toUpperCase() ?? 'UNKNOWN';
	const [error, metadataType, estimate] = [trimmed(metadata.error), trimmed(metadata.type)?.toUpperCase(), num(metadata.estimate_seconds)];
	// Akkio's words are never dropped: an error in the metadata ends the task as failed, whatever
	// `status` says (Prism serves SUCCEEDED beside a FAILED metadata; the schema allows it).
	// SUCCEEDED, FAILED and UNKNOWN_TIMEOUT never change; anything else (PENDING, the docs'
	// SUBMITTED, IN_PROGRESS, any status Akkio adds later) means "not yet".
	const state = error ? { kind: 'failed' as const, error } : status === 'SUCCEEDED' ? { kind: 'succeeded' as const, location: str(metadata.location) }
		: status === 'FAILED' ? { kind: 'failed' as const } : status === 'UNKNOWN_TIMEOUT' ? { kind: 'timedOut' as const }
		: { kind: 'running' as const, status, ...((estimate ?? -1) >= 0 ? { estimateSeconds: estimate } : {}) };
	// `metadataType`: Akkio's metadata type, when it sent one (it can disagree with `status`).
	return { status, ...(metadataType ? { metadataType } : {}), done: state.kind !== 'running', state };
}

/**
 * The task ID of an accepted submit (`what`: the training, the question). An ID no path can
 * carry is refused: `..` would send the status checks to another route.
 */
function submittedTaskId(answer: unknown, what: string, advice: string, again: string) {
	const taskId = str(rec(answer).task_id);
	if (!taskId?.trim()) throw new UnexpectedAnswer(`Akkio accepted the ${what} but sent no task_id`, advice);
	const unusable = unusableInPath(taskId);
	if (unusable) throw new UnexpectedAnswer(`Akkio accepted the ${what} but sent a task ID that cannot be used: ${JSON.stringify(shortId(taskId))}`, `It cannot be looked up (${unusable}). ${again[0].toUpperCase()}${again.slice(1)}`);
	return taskId;
}

export const decodeSubmittedTask = (answer: unknown) => submittedTaskId(answer, 'training', 'Check the dataset in the Akkio app: the training may be running.',
	"the training may be running: check the dataset's models in the Akkio app before running this item again.");

export const decodeSubmittedQuestion = (answer: unknown) =>
	submittedTaskId(answer, 'question', 'Ask the question again: its answer cannot be found without its task ID.', 'ask the question again.');

/** One row of Akkio's per-class statistics for a categorical target, or undefined when it is not one. */
function classRow(sent: unknown) {
	const row = rec(sent);
	const core = whole({ className: label(row.class_name), count: num(row.count), f1: num(row.f1), truePositives: num(row['true positives']) });
	return core && { ...core, fieldName: label(row.field_name) ?? label(row.field), fieldType: str(row.field_type), precision: num(row.precision), recall: num(row.recall) };
}
export type ClassRow = NonNullable<ReturnType<typeof classRow>>;

/** A finished training's result. Never throws: what cannot be read is left out or kept as sent. */
export function decodeTrainingResult(answer: unknown) {
	const record = rec(answer);
	const stats = list(record.stats);
	const entries = stats.flat();
	return {
		/** The answer exactly as Akkio sent it (the Raw output). */
		asSent: isRecord(answer) ? answer : { result: answer as IDataObject },
		modelId: str(record.model_id) ?? null,
		statsAsSent: record.stats,
		/** Per stats group, its class rows, or undefined for a group of another shape (numeric targets, shapes Akkio adds later). */
		classRows: stats.map((group) => list(group).map(classRow)).map((rows) => rows.length && rows.every(Boolean) ? rows as ClassRow[] : undefined),
		/** Every stats entry, groups flattened, and the field names they are about (in order, once each). */
		statsEntries: entries.map(fieldsOrValue),
		statsFieldNames: [...new Set(records(entries).flatMap((entry) => str(entry.field_name) ?? []))],
		/** Finite importances only, in Akkio's order. */
		fieldImportance: Object.entries(rec(record.field_importance)).flatMap(([field, value]) => whole({ field, importance: num(value) }) ?? []),
		/** The data story's outcomes; one whose names are not texts (or numbers) is left out. */
		dataStory: records(record.data_story).flatMap((entry) => records(entry.outcomes).flatMap((item) => {
			const named = whole({ target: label(entry.name), outcome: label(item.outcome) });
			const causes = records(item.causes)
				.flatMap((cause) => whole({ field: label(cause.field), topValue: label(cause.top_value), bottomValue: label(cause.bottom_value) }) ?? []);
			return named ? [{ ...named, averageCase: num(item.avg_case), causes }] : [];
		})),
	};
}
/** `notice`: said on every shaped item (a `location` that was not followed). */
export type TrainingResult = ReturnType<typeof decodeTrainingResult> & { notice?: string };

const PNG_SIGNATURE = Buffer.from('89504e470d0a1a0a', 'hex');

/** One image of a Chat Explore answer: a PNG in base64, a Plotly figure (JSON text or object) as `image_format` asked, or else kept as sent. */
export function decodeChatImage(sent: unknown) {
	const parsed = typeof sent === 'string' && sent.trim().startsWith('{') ? parseJson(sent) : undefined;
	const figure = isRecord(sent) ? sent : parsed?.ok && isRecord(parsed.value) ? parsed.value : undefined;
	if (figure) return { kind: 'plotly' as const, figure };
	const base64 = str(sent)?.trim().replace(/^data:[\w.+/-]*;base64,/i, '').replace(/\s+/g, '') ?? '';
	const bytes = base64.length >= 12 && /^[\w+/-]+={0,2}$/.test(base64) ? Buffer.from(base64, /[-_]/.test(base64) ? 'base64url' : 'base64') : undefined;
	return bytes?.subarray(0, 8).equals(PNG_SIGNATURE) ? { kind: 'png' as const, bytes } : { kind: 'unreadable' as const, sent };
}

/**
 * A chat (`_ApiBaseChatRecord`) fetched once its question succeeded: the messages asked, then
 * Akkio's answer (the last, an assistant's), with its table (records keyed by column) and images.
 * Throws UnexpectedAnswer when it holds no answer.
 */
export function decodeChatRecord(answer: unknown, chatId: string) {
	const messages = records(rec(answer).messages).map(({ role, content, images, table }) =>
		({ role: text(role), content: text(content), images: list(images).map(decodeChatImage), table: Array.isArray(table) ? records(table) : null }));
	const [last] = messages.slice(-1);
	if (last?.role === 'assistant') return { chatId, messages, answer: last };
	const why = messages.length ? 'The last message of the chat is not from the assistant' : 'Akkio sent the chat without messages';
	throw new UnexpectedAnswer(`Akkio's chat ${chatId} holds no answer from Chat Explore`, `${why}. Ask the question again.`);
}
/** `notice`: said on the answer item (a `location` that was not followed). */
export type ChatAnswer = ReturnType<typeof decodeChatRecord> & { notice?: string };

export function decodeProject(answer: unknown, knownId?: string) {
	const { id, name, chatContext, chatInstructions, chatSuggestions } = rec(answer);
	const sent = filled(id);
	const project_id = sent && !unusableInPath(sent) ? sent : knownId;
	if (!project_id) throw new UnexpectedAnswer('Akkio created the project but sent no usable id', 'Find it in the Akkio app: running this item again would create a second one.');
	return { project_id, name: text(name), chat_context: text(chatContext), chat_instructions: text(chatInstructions), chat_suggestions: text(chatSuggestions) };
}
