const { urls, decode, errors, chatAnswer, chatInput, ask } = require('./helpers');
const { barChartPng } = require('../simulator/png');

// Chat Explore's pure parts: where the answer's chat is, how an answer is read, how it becomes
// items, and how earlier messages are checked.

const ORIGIN = 'https://api.akkio.com';
const PNG = barChartPng([3, 1, 2]);
const b64 = PNG.toString('base64');

describe('chatTargetOf: the chat of a task that succeeded', () => {
	test.each([
		['a rooted location', '/api/v1/chat-explore/chats/c1', { chatId: 'c1' }],
		['a location relative to the API root', '/chat-explore/chats/c1', { chatId: 'c1' }],
		['the same without its slash', 'chat-explore/chats/c1', { chatId: 'c1' }],
		['a query is dropped', '/api/v1/chat-explore/chats/c1?image_format=plotly_json', { chatId: 'c1' }],
		['a URL on the same origin', `${ORIGIN}/api/v1/chat-explore/chats/c1`, { chatId: 'c1' }],
		['an escaped ID', '/api/v1/chat-explore/chats/a%20b', { chatId: 'a b' }],
		['a bare ID', 'c1', { chatId: 'c1' }],
		['no location', undefined, { chatId: 'task-1' }],
		['an empty location', '  ', { chatId: 'task-1' }],
		['another host', 'https://evil.example/api/v1/chat-explore/chats/c1', { chatId: 'task-1', ignoredLocation: 'https://evil.example/api/v1/chat-explore/chats/c1' }],
		['out of the API root', '/api/v1/../../chats/c1', { chatId: 'task-1', ignoredLocation: '/api/v1/../../chats/c1' }],
		['a training result', '/api/v1/models/train/t/result', { chatId: 'task-1', ignoredLocation: '/api/v1/models/train/t/result' }],
		['dots for an ID', '/api/v1/chat-explore/chats/%2E%2E', { chatId: 'task-1', ignoredLocation: '/api/v1/chat-explore/chats/%2E%2E' }],
	])('%s', (_, location, target) => {
		expect(urls.chatTargetOf(ORIGIN, 'task-1', location)).toEqual(target);
	});

	test('behind a proxy path, the chat path is below it', () => {
		expect(urls.chatTargetOf('https://proxy.example/akkio', 't', '/akkio/api/v1/chat-explore/chats/c9')).toEqual({ chatId: 'c9' });
	});

	test('training results still fall back to the documented result path', () => {
		expect(urls.resolveResultPath(ORIGIN, 't', 'https://evil.example/x')).toEqual({ path: '/api/v1/models/train/t/result', ignoredLocation: 'https://evil.example/x' });
		expect(urls.resolveResultPath(ORIGIN, 't', '/models/train/t/result')).toEqual({ path: '/api/v1/models/train/t/result' });
	});

	test('the chat paths keep IDs in one segment', () => {
		expect(urls.chatPath('a/b?c')).toBe('/api/v1/chat-explore/chats/a%2Fb%3Fc');
		expect(urls.chatExploreStatusPath('a/b')).toBe('/api/v1/chat-explore/status/a%2Fb');
		expect(urls.projectPath('p#1')).toBe('/api/v1/projects/p%231');
	});
});

describe('decodeChatImage', () => {
	test.each([
		['base64', b64],
		['a data URL', `data:image/png;base64,${b64}`],
		['base64 in lines', b64.replace(/(.{60})/g, '$1\n')],
		['base64url', PNG.toString('base64url')],
	])('a PNG as %s', (_, sent) => {
		const image = decode.decodeChatImage(sent);
		expect(image.kind).toBe('png');
		expect(image.bytes.equals(PNG)).toBe(true);
	});

	test('a Plotly figure, as JSON text or as an object', () => {
		const figure = { data: [{ type: 'bar', x: ['a'], y: [1] }], layout: {} };
		expect(decode.decodeChatImage(JSON.stringify(figure))).toEqual({ kind: 'plotly', figure });
		expect(decode.decodeChatImage(figure)).toEqual({ kind: 'plotly', figure });
	});

	test.each([
		['base64 of something else', Buffer.from('GIF89a-not-a-png-at-all').toString('base64')],
		['text', 'a chart'],
		['a number', 5],
		['null', null],
		['broken JSON', '{"data": ['],
	])('%s is kept as sent', (_, sent) => {
		expect(decode.decodeChatImage(sent)).toEqual({ kind: 'unreadable', sent });
	});
});

describe('decodeChatRecord', () => {
	const user = { role: 'user', content: 'Q?' };
	test('the answer is the last assistant message; tables are records, images decoded', () => {
		const chat = decode.decodeChatRecord(
			{ _owner: 'u', messages: [user, { role: 'assistant', content: 'A.', images: [b64, 7], table: [{ x: 1 }, 'junk'] }] },
			'c1',
		);
		expect(chat.chatId).toBe('c1');
		expect(chat.answer.content).toBe('A.');
		expect(chat.answer.table).toEqual([{ x: 1 }]);
		expect(chat.answer.images.map((image) => image.kind)).toEqual(['png', 'unreadable']);
		expect(chat.messages[0]).toEqual({ role: 'user', content: 'Q?', images: [], table: null });
	});

	test.each([
		['no messages', {}],
		['messages that are not a list', { messages: 'x' }],
		['no answer yet', { messages: [user] }],
		['not an object', 'x'],
	])('%s: an UnexpectedAnswer naming the chat', (_, answer) => {
		expect(() => decode.decodeChatRecord(answer, 'c1')).toThrow(errors.UnexpectedAnswer);
		expect(() => decode.decodeChatRecord(answer, 'c1')).toThrow("Akkio's chat c1 holds no answer from Chat Explore");
	});

	test('a submitted question without a task ID, and a created project without an ID, are UnexpectedAnswers', () => {
		expect(decode.decodeSubmittedQuestion({ task_id: 't' })).toBe('t');
		expect(() => decode.decodeSubmittedQuestion({})).toThrow(errors.UnexpectedAnswer);
		// `..` would poll /chat-explore/status/.. , that is /chat-explore/: another route.
		expect(() => decode.decodeSubmittedQuestion({ task_id: '..' })).toThrow('Akkio accepted the question but sent a task ID that cannot be used: ".."');
		expect(() => decode.decodeProject({ name: 'P' })).toThrow('Akkio created the project but sent no usable id');
		expect(decode.decodeProject({ name: 'P' }, 'p1')).toEqual({ project_id: 'p1', name: 'P', chat_context: '', chat_instructions: '', chat_suggestions: '' });
	});
});

describe('answer items', () => {
	const chatOf = (answer) => decode.decodeChatRecord({ messages: [{ role: 'user', content: 'Q?' }, { role: 'assistant', ...answer }] }, 'c/1');
	const table = Array.from({ length: 60 }, (_, i) => ({ Rank: i + 1 }));

	test('the tool answer cuts the table to 50 rows and says so; no images, no conversation', () => {
		const json = chatAnswer.toolJson(chatOf({ content: 'A.', table, images: [b64] }));
		expect(json).toEqual({
			answer: 'A.',
			table: table.slice(0, 50),
			table_note: 'The table has 60 rows; the first 50 are shown.',
			chat_id: 'c/1',
		});
		expect(chatAnswer.toolJson(chatOf({ content: 'A.' }))).toEqual({ answer: 'A.', table: null, chat_id: 'c/1' });
	});

	test('charts: the first in the named field, the next with a number; file names from the chat ID', () => {
		const files = chatAnswer.chartFiles(chatOf({ content: 'A.', images: [b64, '{"data":[]}', b64] }), 'chart');
		expect(files.map(({ property, fileName }) => [property, fileName])).toEqual([
			['chart', 'akkio-chart-c_1.png'],
			['chart_2', 'akkio-chart-c_1-2.png'],
		]);
	});

	test('the answer item keeps figures and unreadable images in json; the conversation as role and content', () => {
		const json = chatAnswer.answerJson(chatOf({ content: 'A.', images: [b64, '{"data":[]}', 'junk'], table: [{ x: 1 }] }), {
			taskId: 't',
			target: { dataset_id: 'd' },
			question: 'Q?',
		});
		expect(json).toEqual({
			answer: 'A.',
			question: 'Q?',
			dataset_id: 'd',
			chat_id: 'c/1',
			task_id: 't',
			table: [{ x: 1 }],
			charts: [{ data: [] }],
			unreadable_images: ['junk'],
			messages: [
				{ role: 'user', content: 'Q?' },
				{ role: 'assistant', content: 'A.' },
			],
		});
	});
});

describe('parseChatMessages', () => {
	test('keeps role and content only; nothing or an empty text is a new conversation', () => {
		expect(chatInput.parseChatMessages([{ role: 'user', content: 'a', images: ['x'] }, { role: 'assistant', content: '' }])).toEqual([
			{ role: 'user', content: 'a' },
			{ role: 'assistant', content: '' },
		]);
		for (const empty of [undefined, null, '', '  ', '[]', []]) expect(chatInput.parseChatMessages(empty)).toEqual([]);
	});

	test.each([
		['{"role":"user"}', /expected a list of messages, got an object/],
		[[null], /message 1 is null/],
		[[{ role: 'User', content: 'a' }], /message 1 has the role "User"/],
		[[{ content: 'a' }], /message 1 has the role nothing/],
		[[{ role: 5, content: 'a' }], /message 1 has the role a number \(/],
		[[{ role: 'user' }], /message 1 has nothing as content/],
	])('%p is refused', (value, message) => {
		expect(() => chatInput.parseChatMessages(value)).toThrow(message);
	});
});

test('CHAT_EXPLORE reads like the training kind: its paths, its words', () => {
	const kind = ask.CHAT_EXPLORE;
	expect(kind.statusPath('t/1')).toBe('/api/v1/chat-explore/status/t%2F1');
	expect(kind.endedText({ kind: 'failed', error: 'No such column' }).text).toBe('No such column');
	expect(kind.endedText({ kind: 'failed' }).text).toMatch(/without saying why/);
	expect(kind.endedText({ kind: 'timedOut' }).text).toMatch(/UNKNOWN_TIMEOUT/);
});
