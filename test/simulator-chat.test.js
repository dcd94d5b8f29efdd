'use strict';

// Tests of the simulator's Chat Explore and Projects routes (test/simulator/chat-explore.js,
// projects.js, chat-answers.js, png.js), over real HTTP with Node's built-in fetch.

const zlib = require('zlib');
const { startSimulator, manualClock, generateLeadRows, LEAD_FIELDS, SAMPLE_DATASET_ID, OTHER_TEAM_DATASET_ID } = require('./simulator');
const { decodePng, barLayout, BACKGROUND } = require('./simulator/png');
const { callJson } = require('./support/http');

const ROWS = generateLeadRows({ count: 200 }); // what leads-sample holds with the default sampleSize
const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'UNKNOWN_TIMEOUT']);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const user = (content) => ({ role: 'user', content });
const round2 = (x) => Math.round(x * 100) / 100;

function client(sim) {
	const call = async (method, path, { body, key = sim.apiKey } = {}) =>
		await callJson(sim.url + path, { method, headers: key === null ? {} : { 'X-API-Key': key }, body });
	const api = {
		call,
		submit: (body, options) => call('POST', '/api/v1/chat-explore/new', { body, ...options }),
		status: (taskId, options) => call('GET', `/api/v1/chat-explore/status/${taskId}`, options),
		chat: (chatId, format) => call('GET', `/api/v1/chat-explore/chats/${chatId}${format ? `?image_format=${format}` : ''}`),
		/** Submits (asserting 201) and returns the task id. */
		start: async (body) => {
			const res = await api.submit({ dataset_id: SAMPLE_DATASET_ID, ...body });
			expect(res.status).toBe(201);
			expect(Object.keys(res.json)).toEqual(['task_id']);
			return res.json.task_id;
		},
		/** Polls until terminal; returns the last status body. */
		settle: async (taskId) => {
			for (let i = 0; i < 400; i++) {
				const res = await api.status(taskId);
				if (TERMINAL.has(res.json.status)) return res.json;
				await sleep(5);
			}
			throw new Error(`task ${taskId} did not settle`);
		},
		/** Asks, waits for SUCCEEDED and fetches the chat the location names. */
		ask: async (messages, { format, ...body } = {}) => {
			const taskId = await api.start({ messages: typeof messages === 'string' ? [user(messages)] : messages, ...body });
			const status = await api.settle(taskId);
			expect(status).toMatchObject({ status: 'SUCCEEDED', metadata: { type: 'SUCCEEDED' } });
			const chatId = /^\/api\/v1\/chat-explore\/chats\/([^/?]+)$/.exec(status.metadata.location)[1];
			const res = await api.chat(chatId, format);
			expect(res.status).toBe(200);
			return { taskId, chatId, chat: res.json, reply: res.json.messages[res.json.messages.length - 1] };
		},
	};
	return api;
}

/** Average (or total) of a number column per group, computed here from the rows, independently. */
function byGroup(column, group, reduce = 'average') {
	const sums = {};
	const counts = {};
	for (const row of ROWS) {
		sums[row[group]] = (sums[row[group]] || 0) + row[column];
		counts[row[group]] = (counts[row[group]] || 0) + 1;
	}
	return Object.fromEntries(Object.keys(sums).map((key) => [key, round2(reduce === 'sum' ? sums[key] : sums[key] / counts[key])]));
}

/** The chunks of a PNG, parsed here without png.js: [{ type, data, crc }]. */
function pngChunks(buffer) {
	const chunks = [];
	for (let offset = 8; offset < buffer.length; ) {
		const length = buffer.readUInt32BE(offset);
		const type = buffer.toString('ascii', offset + 4, offset + 8);
		chunks.push({ type, data: buffer.subarray(offset + 8, offset + 8 + length), crc: buffer.readUInt32BE(offset + 8 + length) });
		offset += 12 + length;
	}
	return chunks;
}

describe('Chat Explore and Projects in the simulator', () => {
	let sim;
	let api;

	beforeAll(async () => {
		// A question takes chatSeconds (10 nominal s) × timeScale: 10 ms here.
		sim = await startSimulator({ timeScale: 0.001 });
		api = client(sim);
	});
	afterAll(() => sim.close());
	afterEach(() => sim.faults.clear());

	describe('routing and authentication', () => {
		test('every route needs the X-API-Key; wrong methods are 405 and unknown paths 404 before auth', async () => {
			for (const [method, path] of [
				['POST', '/api/v1/chat-explore/new'],
				['GET', '/api/v1/chat-explore/status/abc'],
				['GET', '/api/v1/chat-explore/chats/abc'],
				['POST', '/api/v1/projects'],
				['GET', '/api/v1/projects/abc'],
				['PUT', '/api/v1/projects/abc'],
				['DELETE', '/api/v1/projects/abc'],
			]) {
				const res = await api.call(method, path, { key: 'wrong', body: method === 'GET' ? undefined : {} });
				expect([method, path, res.status, res.json]).toEqual([method, path, 401, { detail: 'Invalid API key' }]);
			}
			for (const [method, path] of [
				['GET', '/api/v1/chat-explore/new'],
				['POST', '/api/v1/chat-explore/status/abc'],
				['DELETE', '/api/v1/chat-explore/chats/abc'],
				['GET', '/api/v1/projects'],
				['POST', '/api/v1/projects/abc'],
			]) {
				expect([method, path, (await api.call(method, path, { key: null })).status]).toEqual([method, path, 405]);
			}
			expect((await api.call('GET', '/api/v1/chat-explore/history', { key: null })).status).toBe(404);
		});

		test('requests are logged under their own route names, which faults can match', async () => {
			sim.clearLog();
			const taskId = await api.start({ messages: [user('How many rows are there?')] });
			await api.settle(taskId);
			await api.call('POST', '/api/v1/projects', { body: { name: 'Logged' } });
			const routes = new Set(sim.requests.map((entry) => entry.route));
			expect([...routes].sort()).toEqual(['chat-status', 'chat-submit', 'project']);
		});
	});

	describe('submit validation (ChatExploreRequestPayload, FastAPI 422 items)', () => {
		test('messages is required; a body that is missing, not JSON or not an object is 422', async () => {
			expect((await api.submit({ dataset_id: SAMPLE_DATASET_ID })).json.detail).toEqual([
				{ type: 'missing', loc: ['body', 'messages'], msg: 'Field required', input: { dataset_id: SAMPLE_DATASET_ID } },
			]);
			expect((await api.submit(undefined)).json.detail[0]).toMatchObject({ type: 'missing', loc: ['body'] });
			expect((await api.submit('{"messages": [')).json.detail[0]).toMatchObject({ type: 'json_invalid' });
			expect((await api.submit([1])).json.detail[0]).toMatchObject({ type: 'model_attributes_type', loc: ['body'] });
		});

		test('every bad message and field is reported at its location', async () => {
			const res = await api.submit({
				messages: [{ role: 'bot' }, 'hi', { role: 'user', content: 3, images: [1], table: [{}, 'x'] }, { role: 'user', content: 'ok', images: 'no', table: 'no' }],
				dataset_id: 5,
				chatContext: null,
				chatInstructions: ['x'],
			});
			expect(res.status).toBe(422);
			expect(res.json.detail.map((item) => [item.loc.join('.'), item.type])).toEqual([
				['body.messages.0.role', 'enum'],
				['body.messages.0.content', 'missing'],
				['body.messages.1', 'model_type'],
				['body.messages.2.content', 'string_type'],
				['body.messages.2.images.0.str', 'string_type'],
				['body.messages.2.images.0.dict[any,any]', 'dict_type'],
				['body.messages.2.table.1', 'dict_type'],
				['body.messages.3.images', 'list_type'],
				['body.messages.3.table', 'list_type'],
				['body.dataset_id', 'string_type'],
				['body.chatContext', 'string_type'],
				['body.chatInstructions', 'string_type'],
			]);
			expect(res.json.detail[0].msg).toBe("Input should be 'user' or 'assistant'");
			for (const item of res.json.detail) expect(Object.keys(item)).toEqual(expect.arrayContaining(['loc', 'msg', 'type']));
		});

		test('neither dataset_id nor project_id (absent or null) is a body-level value error', async () => {
			for (const body of [{ messages: [] }, { messages: [], dataset_id: null, project_id: null }]) {
				const res = await api.submit(body);
				expect(res.status).toBe(422);
				expect(res.json.detail).toEqual([
					expect.objectContaining({ type: 'value_error', loc: ['body'], msg: 'Value error, Either dataset_id or project_id must be specified' }),
				]);
			}
		});

		test('unknown dataset or project is 422, another team\'s dataset 403; nothing is created', async () => {
			const before = sim.chatQueries.length;
			const messages = [user('How many rows are there?')];
			expect((await api.submit({ messages, dataset_id: 'no-such-data' })).json.detail[0]).toMatchObject({
				loc: ['body', 'dataset_id'],
				msg: 'Dataset not found',
			});
			expect((await api.submit({ messages, project_id: 'no-such-project' })).json.detail[0]).toMatchObject({
				loc: ['body', 'project_id'],
				msg: 'Project not found',
			});
			const other = await api.submit({ messages, dataset_id: OTHER_TEAM_DATASET_ID });
			expect(other.status).toBe(403);
			expect(other.json).toEqual({ detail: 'Your organization does not have access to this dataset' });
			expect(sim.chatQueries.length).toBe(before);
		});

		test('unknown fields are tolerated and the raw body is recorded', async () => {
			const body = { messages: [user('How many rows are there?')], dataset_id: SAMPLE_DATASET_ID, x_future: { a: 1 } };
			const res = await api.submit(body);
			expect(res.status).toBe(201);
			const query = sim.chatQueries[sim.chatQueries.length - 1];
			expect(query).toMatchObject({ taskId: res.json.task_id, datasetId: SAMPLE_DATASET_ID, projectId: null, payload: body });
			expect(typeof query.seq).toBe('number');
		});
	});

	describe('answers computed from the dataset', () => {
		test('a count, as text and a one-record table, no chart', async () => {
			const { reply, chat } = await api.ask('How many rows are there?');
			expect(chat).toEqual({
				_owner: 'sim-user',
				_org: sim.team,
				messages: [
					{ role: 'user', content: 'How many rows are there?', images: [], table: null },
					{ role: 'assistant', content: `There are ${ROWS.length} rows in B2B Leads.`, images: [], table: [{ Count: ROWS.length }] },
				],
			});
			expect(reply.table).toEqual([{ Count: 200 }]);
		});

		test('a count by a column', async () => {
			const { reply } = await api.ask('How many leads by Plan?');
			const expected = ['Enterprise', 'Free', 'Pro'].map((plan) => ({ Plan: plan, Count: ROWS.filter((row) => row.Plan === plan).length }));
			expect(reply.table).toEqual(expected);
			expect(reply.table.reduce((sum, record) => sum + record.Count, 0)).toBe(ROWS.length);
			expect(reply.images).toHaveLength(1);
		});

		test('an average of a column by another column, with the same numbers in text and table', async () => {
			const { reply } = await api.ask('What is the average Annual Contract Value by Plan?');
			const expected = byGroup('Annual Contract Value', 'Plan');
			expect(reply.table).toEqual(
				Object.keys(expected)
					.sort()
					.map((plan) => ({ Plan: plan, 'Average Annual Contract Value': expected[plan] })),
			);
			for (const [plan, value] of Object.entries(expected)) expect(reply.content).toContain(`${plan} ${value}`);
			expect(expected.Enterprise).toBeGreaterThan(expected.Pro); // the data has a real relation
		});

		test('a 0/1 column averages to a rate', async () => {
			const { reply } = await api.ask('What is the average Positive Lead by Industry?');
			const industries = [...new Set(ROWS.map((row) => row.Industry))].sort();
			expect(reply.table).toEqual(
				industries.map((industry) => {
					const rows = ROWS.filter((row) => row.Industry === industry);
					const rate = rows.filter((row) => row['Positive Lead'] === '1').length / rows.length;
					return { Industry: industry, 'Average Positive Lead': round2(rate) };
				}),
			);
		});

		test('a top-N of groups by a column\'s total, and of whole rows', async () => {
			const totals = byGroup('Annual Contract Value', 'Industry', 'sum');
			const ranked = Object.entries(totals).sort((a, b) => b[1] - a[1]);
			const { reply } = await api.ask('Top 3 industries by Annual Contract Value');
			expect(reply.table).toEqual(ranked.slice(0, 3).map(([Industry, total]) => ({ Industry, 'Total Annual Contract Value': total })));
			expect(reply.content).toMatch(/^Top 3 Industry by Total Annual Contract Value in B2B Leads: 1\. /);

			const rows = await api.ask('Top 5 rows by Company Size');
			const sizes = ROWS.map((row) => row['Company Size']).sort((a, b) => b - a);
			expect(rows.reply.table.map((row) => row['Company Size'])).toEqual(sizes.slice(0, 5));
			expect(Object.keys(rows.reply.table[0])).toEqual(LEAD_FIELDS.map((field) => field.name));
			expect(rows.reply.images).toEqual([]);
		});

		test('a follow-up inherits the previous question\'s column; earlier messages are kept in the chat', async () => {
			const first = await api.ask('What is the average Annual Contract Value by Plan?');
			const history = first.chat.messages;
			const { chat, reply } = await api.ask([...history, user('And by Industry?')]);
			const expected = byGroup('Annual Contract Value', 'Industry');
			expect(reply.table).toEqual(
				Object.keys(expected)
					.sort()
					.map((industry) => ({ Industry: industry, 'Average Annual Contract Value': expected[industry] })),
			);
			expect(chat.messages.slice(0, 2)).toEqual(history); // the earlier answer, image and table included
			expect(chat.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user', 'assistant']);

			const top = await api.ask([user('What is the average Annual Contract Value by Plan?'), { role: 'assistant', content: 'ok' }, user('What about the top 1?')]);
			const best = Object.entries(byGroup('Annual Contract Value', 'Plan')).sort((a, b) => b[1] - a[1])[0];
			expect(top.reply.table).toEqual([{ Plan: best[0], 'Average Annual Contract Value': best[1] }]);
		});

		test('the answer uses the rows at submit time', async () => {
			sim.addDataset({ id: 'growing', name: 'Growing', rows: [{ Region: 'North', Sales: 10 }, { Region: 'South', Sales: 30 }, { Region: 'North', Sales: 20 }] });
			const taskId = await api.start({ dataset_id: 'growing', messages: [user('average Sales by Region')] });
			sim.getDataset('growing').rows.push({ Region: 'North', Sales: 1000 });
			await api.settle(taskId);
			const chat = (await api.chat(sim.task(taskId).chatId)).json;
			expect(chat.messages[1].table).toEqual([
				{ Region: 'North', 'Average Sales': 15 },
				{ Region: 'South', 'Average Sales': 30 },
			]);
		});

		test.each([
			['What will the weather be tomorrow?', /not a question shape the simulator knows.*How many rows/],
			['What is the average Plan by Industry?', /Plan is not a number column/],
			['What is the average revenue by region?', /names no number column of B2B Leads \(Years of Experience, /],
			['How many positive leads by Industry?', /counting only some rows/],
			['Average Annual Contract Value by Company Size', /Company Size has \d+ distinct values/],
		])('"%s" is FAILED with an explanation in metadata.error', async (question, error) => {
			const taskId = await api.start({ messages: [user(question)] });
			const status = await api.settle(taskId);
			expect(status.status).toBe('FAILED');
			expect(status.metadata.type).toBe('FAILED');
			expect(status.metadata.error).toContain(`cannot answer "${question}"`);
			expect(status.metadata.error).toMatch(error);
			expect(sim.task(taskId)).toMatchObject({ status: 'FAILED', answer: null, error: status.metadata.error });
			expect((await api.chat(sim.task(taskId).chatId)).status).toBe(404);
		});

		test('an empty conversation or one ending with the assistant fails; roles are checked', async () => {
			for (const messages of [[], [user('How many rows are there?'), { role: 'assistant', content: 'There are 200.' }]]) {
				const status = await api.settle(await api.start({ messages }));
				expect(status).toMatchObject({ status: 'FAILED', metadata: { error: expect.stringMatching(/question|empty/) } });
			}
		});
	});

	describe('charts', () => {
		test('base64_png (the default) is a real PNG: signature, IHDR, IDAT that inflates to the image, IEND, CRCs', async () => {
			const { reply, chatId } = await api.ask('How many leads by Plan?');
			expect(reply.images).toEqual([expect.stringMatching(/^[A-Za-z0-9+/]+=*$/)]);
			const bytes = Buffer.from(reply.images[0], 'base64');
			expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
			const chunks = pngChunks(bytes);
			expect(chunks.map((chunk) => chunk.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
			for (const chunk of chunks) expect(chunk.crc).toBe(zlib.crc32(Buffer.concat([Buffer.from(chunk.type), chunk.data])));
			expect(bytes.subarray(-12).toString('hex')).toBe('0000000049454e44ae426082'); // IEND's well-known CRC
			const ihdr = chunks[0].data;
			const [width, height] = [ihdr.readUInt32BE(0), ihdr.readUInt32BE(4)];
			expect([width, height, ihdr[8], ihdr[9]]).toEqual([320, 200, 8, 2]);
			const raw = zlib.inflateSync(chunks[1].data);
			expect(raw.length).toBe(height * (1 + width * 3));
			// the same chat asked for again gives the same image
			expect((await api.chat(chatId)).json.messages[1].images).toEqual(reply.images);
		});

		test('the bars are drawn to scale, in the order of the table', async () => {
			const { reply } = await api.ask('What is the average Annual Contract Value by Plan?');
			const values = reply.table.map((record) => record['Average Annual Contract Value']);
			const png = decodePng(Buffer.from(reply.images[0], 'base64'));
			const layout = barLayout(values);
			const heights = layout.bars.map((bar) => {
				const x = bar.x + Math.floor(bar.width / 2);
				let count = 0;
				for (let y = 0; y < png.height; y++) if (png.pixel(x, y).join() === bar.color.join()) count++;
				return count;
			});
			const max = Math.max(...values);
			heights.forEach((height, i) => expect(Math.abs(height - (values[i] / max) * layout.plotHeight)).toBeLessThanOrEqual(1));
			expect(heights[values.indexOf(max)]).toBe(layout.plotHeight);
			expect(png.pixel(1, 1)).toEqual(BACKGROUND);
		});

		test('decodePng refuses what is not a PNG', () => {
			const good = Buffer.from(require('./simulator/png').barChartPng([1, 2]));
			expect(() => decodePng(Buffer.from('GIF89a'))).toThrow(/signature/);
			const flipped = Buffer.from(good);
			flipped[40] ^= 0xff; // inside IDAT
			expect(() => decodePng(flipped)).toThrow(/CRC mismatch/);
			expect(() => decodePng(good.subarray(0, good.length - 20))).toThrow(/truncated/);
		});

		test('plotly_json is a stringified Plotly figure with the table\'s numbers; options give an object or a data URL', async () => {
			const { reply, chatId } = await api.ask('What is the average Annual Contract Value by Plan?', { format: 'plotly_json' });
			expect(typeof reply.images[0]).toBe('string');
			const figure = JSON.parse(reply.images[0]);
			expect(figure.data[0]).toMatchObject({ type: 'bar', x: reply.table.map((r) => r.Plan), y: reply.table.map((r) => r['Average Annual Contract Value']) });
			expect(figure.layout.title.text).toBe('Average Annual Contract Value by Plan');
			try {
				sim.options.plotlyStyle = 'object';
				sim.options.pngStyle = 'data-url';
				expect((await api.chat(chatId, 'plotly_json')).json.messages[1].images[0]).toEqual(figure);
				expect((await api.chat(chatId, 'base64_png')).json.messages[1].images[0]).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
			} finally {
				sim.options.plotlyStyle = 'string';
				sim.options.pngStyle = 'base64';
			}
		});

		test('an unknown image_format is a 422 on the query', async () => {
			const { chatId } = await api.ask('How many rows are there?');
			const res = await api.chat(chatId, 'svg');
			expect(res.status).toBe(422);
			expect(res.json.detail).toEqual([expect.objectContaining({ type: 'enum', loc: ['query', 'image_format'], input: 'svg' })]);
		});
	});

	describe('task lifecycle (shared with training)', () => {
		test('PENDING, IN_PROGRESS with a nominal estimate, SUCCEEDED with a location; prose status; unknown ids PENDING', async () => {
			const clock = manualClock(1000);
			const timed = await startSimulator({ clock, chatSeconds: 20, statusStyle: 'prose' });
			const timedApi = client(timed);
			try {
				const taskId = await timedApi.start({ messages: [user('How many rows are there?')] });
				const unanswerable = await timedApi.start({ messages: [user('Will it rain?')] });
				expect((await timedApi.status(taskId)).json).toEqual({ status: 'SUBMITTED', metadata: { type: 'SUBMITTED' } });
				clock.advance(2000 + 1); // 10 % of 20 s queued
				expect((await timedApi.status(taskId)).json).toEqual({ status: 'IN_PROGRESS', metadata: { type: 'IN_PROGRESS', estimate_seconds: 18 } });
				// a question it cannot answer fails at the end, after working on it
				expect((await timedApi.status(unanswerable)).json.status).toBe('IN_PROGRESS');
				expect(timed.taskDoneAt(taskId)).toBeNull();
				const { chatId } = timed.task(taskId);
				expect((await timedApi.chat(chatId)).status).toBe(404); // no chat before the answer
				clock.advance(18000);
				expect((await timedApi.status(taskId)).json).toEqual({
					status: 'SUCCEEDED',
					metadata: { type: 'SUCCEEDED', location: `/api/v1/chat-explore/chats/${chatId}` },
				});
				expect(timed.taskDoneAt(taskId)).toBe(21000);
				expect((await timedApi.status(unanswerable)).json.status).toBe('FAILED');
				expect(timed.taskDoneAt(unanswerable)).toBe(21000);
				expect((await timedApi.status('never-submitted')).json.status).toBe('SUBMITTED');
			} finally {
				await timed.close();
			}
		});

		test('dataset flags work for chats too: stuck, failWithError, unknownTimeout', async () => {
			const clock = manualClock();
			const flagged = await startSimulator({
				clock,
				datasets: [
					{ id: 'stuck', rows: ROWS, stuck: true },
					{ id: 'broken', rows: ROWS, failWithError: 'The data source is unavailable' },
					{ id: 'lost', rows: ROWS, unknownTimeout: 'missing' },
				],
			});
			const flaggedApi = client(flagged);
			try {
				const ids = {};
				for (const id of ['stuck', 'broken', 'lost']) ids[id] = await flaggedApi.start({ dataset_id: id, messages: [user('How many rows are there?')] });
				clock.advance(1e9);
				expect((await flaggedApi.status(ids.stuck)).json).toEqual({ status: 'IN_PROGRESS', metadata: { type: 'IN_PROGRESS', estimate_seconds: 0 } });
				expect((await flaggedApi.status(ids.broken)).json).toEqual({ status: 'FAILED', metadata: { type: 'FAILED', error: 'The data source is unavailable' } });
				expect((await flaggedApi.status(ids.lost)).json).toEqual({ status: 'UNKNOWN_TIMEOUT' });
			} finally {
				await flagged.close();
			}
		});

		test('location variants: relative to the API root, chat id = task id, or any function', async () => {
			const saved = { ...sim.options };
			try {
				sim.options.chatLocationStyle = 'relative';
				let taskId = await api.start({ messages: [user('How many rows are there?')] });
				let status = await api.settle(taskId);
				expect(status.metadata.location).toBe(`/chat-explore/chats/${sim.task(taskId).chatId}`);
				expect(sim.task(taskId).chatId).not.toBe(taskId);

				sim.options.chatLocationStyle = 'rooted';
				sim.options.chatIdStyle = 'task';
				taskId = await api.start({ messages: [user('How many rows are there?')] });
				status = await api.settle(taskId);
				expect(status.metadata.location).toBe(`/api/v1/chat-explore/chats/${taskId}`);
				expect((await api.chat(taskId)).status).toBe(200);

				sim.options.chatLocationStyle = (task) => `/api/v1/chat-explore/chats/${task.chatId}?from=${task.id}`;
				taskId = await api.start({ messages: [user('How many rows are there?')] });
				expect((await api.settle(taskId)).metadata.location).toBe(`/api/v1/chat-explore/chats/${taskId}?from=${taskId}`);
			} finally {
				Object.assign(sim.options, saved);
			}
		});

		test.each([
			[{ chatIdStyle: 'uuid' }, /chatIdStyle must be one of separate, task/],
			[{ chatLocationStyle: 'absolute' }, /chatLocationStyle/],
			[{ chatSeconds: -1 }, /chatSeconds/],
			[{ projectOwnerFields: 'maybe' }, /projectOwnerFields/],
		])('bad options are refused at start: %j', async (options, message) => {
			const started = await startSimulator(options).then(
				(wrongly) => wrongly.close().then(() => null),
				(error) => error,
			);
			expect(started).toBeInstanceOf(TypeError);
			expect(started.message).toMatch(message);
		});
	});

	describe('faults and observation', () => {
		test('a 503 on submit creates no chat; a reset with afterEffect does', async () => {
			const before = sim.chatCount();
			sim.faults.script({ route: 'chat-submit' }, [503]);
			expect((await api.submit({ dataset_id: SAMPLE_DATASET_ID, messages: [user('How many rows are there?')] })).status).toBe(503);
			expect(sim.chatCount()).toBe(before);
			sim.faults.script({ route: 'chat-submit' }, [{ kind: 'reset', afterEffect: true }]);
			await expect(api.submit({ dataset_id: SAMPLE_DATASET_ID, messages: [user('How many rows are there?')] })).rejects.toThrow();
			expect(sim.chatCount()).toBe(before + 1);
			expect(sim.faults.injected.slice(-2).map((fault) => fault.route)).toEqual(['chat-submit', 'chat-submit']);
		});

		test('chatCount by dataset or project, and the request rate per route', async () => {
			sim.addDataset({ id: 'counted', rows: ROWS.slice(0, 20) });
			const start = sim.now();
			await Promise.all([1, 2, 3].map(() => api.start({ dataset_id: 'counted', messages: [user('How many rows are there?')] })));
			expect(sim.chatCount({ datasetId: 'counted' })).toBe(3);
			expect(sim.chatCount({ projectId: 'counted' })).toBe(0);
			expect(sim.requestsAfter(start, { route: 'chat-submit' })).toHaveLength(3);
			expect(sim.peakRequestsPerWindow(1000, (entry) => entry.route === 'chat-submit' && entry.startedAt >= start)).toBe(3);
		});
	});

	describe('projects', () => {
		const projects = {
			create: (body, options) => api.call('POST', '/api/v1/projects', { body, ...options }),
			get: (id) => api.call('GET', `/api/v1/projects/${id}`),
			put: (id, body) => api.call('PUT', `/api/v1/projects/${id}`, { body }),
			remove: (id) => api.call('DELETE', `/api/v1/projects/${id}`),
		};

		test('create, get, update the non-null fields, delete; afterwards 404', async () => {
			const created = await projects.create({ name: 'Sales', chatContext: 'Amounts are in USD', x_extra: 1 });
			expect(created.status).toBe(200);
			const { id } = created.json;
			expect(created.json).toEqual({ id, name: 'Sales', chatContext: 'Amounts are in USD', chatInstructions: '', chatSuggestions: '' });
			expect(sim.getProject(id)).toMatchObject({ owner: 'sim-user', org: sim.team, datasetId: SAMPLE_DATASET_ID });
			expect((await projects.get(id)).json).toEqual(created.json);

			const updated = await projects.put(id, { chatInstructions: 'Be brief', chatContext: null, name: null, chatSuggestions: 'What is the average ACV by Plan?' });
			expect(updated.json).toEqual({ ...created.json, chatInstructions: 'Be brief', chatSuggestions: 'What is the average ACV by Plan?' });
			expect((await projects.get(id)).json).toEqual(updated.json);
			expect((await projects.put(id, {})).json).toEqual(updated.json);

			const removed = await projects.remove(id);
			expect([removed.status, removed.json]).toEqual([200, {}]);
			for (const res of [await projects.get(id), await projects.put(id, { name: 'x' }), await projects.remove(id)]) {
				expect([res.status, res.json]).toEqual([404, { detail: 'Project not found' }]);
			}
			expect(sim.projects.has(id)).toBe(false);
		});

		test('validation: name required, strings only; _owner and _org required only with projectOwnerFields "required"', async () => {
			const res = await projects.create({ chatContext: 5 });
			expect(res.status).toBe(422);
			expect(res.json.detail.map((item) => [item.loc.join('.'), item.type])).toEqual([
				['body.name', 'missing'],
				['body.chatContext', 'string_type'],
			]);
			expect((await projects.put('anything', { name: 'x' })).status).toBe(404);
			const id = sim.addProject({ name: 'Typed' }).id;
			expect((await projects.put(id, { name: 7 })).json.detail).toEqual([expect.objectContaining({ loc: ['body', 'name'], type: 'string_type' })]);
			expect((await projects.put(id, undefined)).json.detail[0]).toMatchObject({ loc: ['body'], type: 'missing' });
			try {
				sim.options.projectOwnerFields = 'required';
				const strict = await projects.create({ name: 'Strict' });
				expect(strict.json.detail.map((item) => item.loc.join('.'))).toEqual(['body._owner', 'body._org']);
				const ok = await projects.create({ name: 'Strict', _owner: 'user-1', _org: 'org-1' });
				expect(ok.status).toBe(200);
				expect(sim.getProject(ok.json.id)).toMatchObject({ owner: 'user-1', org: 'org-1' });
			} finally {
				sim.options.projectOwnerFields = 'optional';
			}
		});

		test('DELETE body variants and another team\'s project', async () => {
			try {
				sim.options.projectDeleteBody = 'null';
				const a = sim.addProject({ name: 'A' });
				expect((await projects.remove(a.id)).text).toBe('null');
				sim.options.projectDeleteBody = 'project';
				const b = sim.addProject({ name: 'B' });
				expect((await projects.remove(b.id)).json).toMatchObject({ id: b.id, name: 'B' });
			} finally {
				sim.options.projectDeleteBody = 'empty-object';
			}
			const theirs = sim.addProject({ name: 'Theirs', team: 'other-team' });
			expect((await projects.get(theirs.id)).status).toBe(403);
			expect((await api.submit({ project_id: theirs.id, messages: [user('How many rows are there?')] })).status).toBe(403);
		});

		test('a question on a project is answered from its dataset and keeps both contexts on the chat', async () => {
			sim.addDataset({ id: 'shop', name: 'Shop', rows: [{ Region: 'North', Sales: 10 }, { Region: 'South', Sales: 30 }] });
			const project = sim.addProject({ name: 'Shop project', datasetId: 'shop', chatContext: 'Sales are in EUR', chatInstructions: 'Answer briefly' });
			const { taskId, reply } = await api.ask('How many rows are there?', { dataset_id: undefined, project_id: project.id, chatInstructions: 'Always add a chart' });
			expect(reply.content).toBe('There are 2 rows in Shop.');
			expect(sim.task(taskId)).toMatchObject({
				datasetId: 'shop',
				projectId: project.id,
				question: 'How many rows are there?',
				context: { chatContext: '', chatInstructions: 'Always add a chart' },
				project: { name: 'Shop project', chatContext: 'Sales are in EUR', chatInstructions: 'Answer briefly' },
			});
			expect(sim.chat(sim.task(taskId).chatId)).toEqual(sim.task(taskId));
			expect(sim.chatCount({ projectId: project.id })).toBe(1);

			// created over HTTP: the first dataset of the team
			const created = await projects.create({ name: 'Default data' });
			const onDefault = await api.ask('How many rows are there?', { dataset_id: undefined, project_id: created.json.id });
			expect(onDefault.reply.content).toBe(`There are ${ROWS.length} rows in B2B Leads.`);

			// no dataset at all: FAILED, with the reason
			const empty = sim.addProject({ name: 'Empty', datasetId: null });
			const status = await api.settle(await api.start({ dataset_id: undefined, project_id: empty.id, messages: [user('How many rows are there?')] }));
			expect(status).toMatchObject({ status: 'FAILED', metadata: { error: 'Project Empty has no dataset to answer from.' } });
		});
	});
});
