const { taskState, output, waiting } = require('./helpers');

const stateOf = (answer) => taskState.decodeTaskStatus(answer).state;
const statusItem = (taskId, answer) => output.toStatusItem(waiting.TRAINING, taskId, taskState.decodeTaskStatus(answer));

describe('task state', () => {
	test.each([
		[{ status: 'PENDING', metadata: { type: 'PENDING' } }, { kind: 'running', status: 'PENDING' }],
		[{ status: 'SUBMITTED', metadata: {} }, { kind: 'running', status: 'SUBMITTED' }],
		[{ status: 'IN_PROGRESS', metadata: { estimate_seconds: 42.5 } }, { kind: 'running', status: 'IN_PROGRESS', estimateSeconds: 42.5 }],
		[{ status: 'IN_PROGRESS', metadata: { estimate_seconds: null } }, { kind: 'running', status: 'IN_PROGRESS' }],
		[{ status: 'RETRYING', extra: 1 }, { kind: 'running', status: 'RETRYING' }],
		[{ status: 'SUCCEEDED', metadata: { location: '/api/v1/x' } }, { kind: 'succeeded', location: '/api/v1/x' }],
		[{ status: 'SUCCEEDED' }, { kind: 'succeeded', location: undefined }],
		[{ status: 'FAILED', metadata: { error: 'Field missing' } }, { kind: 'failed', error: 'Field missing' }],
		[{ status: 'FAILED', metadata: { error: '  ' } }, { kind: 'failed' }],
		[{ status: 'UNKNOWN_TIMEOUT' }, { kind: 'timedOut' }],
		[null, { kind: 'running', status: 'UNKNOWN' }],
		['garbage', { kind: 'running', status: 'UNKNOWN' }],
	])('%j', (response, expected) => {
		expect(stateOf(response)).toEqual(expected);
	});

	test('FAILED without an error text gets an explanation of its own', () => {
		const item = statusItem('t1', { status: 'FAILED', metadata: { type: 'FAILED' } });
		// What to do next is part of the text: Get Status is the route for long trainings.
		expect(item.error).toBe('Akkio reported the training as failed without saying why. Open the dataset in the Akkio app to check it, then train again.');
		expect(statusItem('t1', { status: 'UNKNOWN_TIMEOUT' }).error).toBe(
			'Akkio lost track of the training (UNKNOWN_TIMEOUT). Trainings running for more than a day are treated as failed: submit it again.',
		);
	});

	test('status items are flat and say whether the task is done', () => {
		expect(statusItem('t1', { status: 'IN_PROGRESS', metadata: { estimate_seconds: 5 } })).toEqual({
			task_id: 't1',
			status: 'IN_PROGRESS',
			done: false,
			estimate_seconds: 5,
		});
		expect(statusItem('t1', { status: 'SUCCEEDED', metadata: { location: '/l' } })).toEqual({
			task_id: 't1',
			status: 'SUCCEEDED',
			done: true,
			location: '/l',
		});
		expect(statusItem('t1', { status: 'FAILED', metadata: { error: 'bad' } })).toEqual({
			task_id: 't1',
			status: 'FAILED',
			done: true,
			error: 'bad',
		});
		expect(statusItem('t1', { status: 'UNKNOWN_TIMEOUT' }).done).toBe(true);
		expect(statusItem('t1', { status: 'running' })).toEqual({ task_id: 't1', status: 'RUNNING', done: false });
	});
});
