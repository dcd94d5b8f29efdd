const { taskState } = require('./helpers');

describe('task state', () => {
	test.each([
		[{ status: 'PENDING', metadata: { type: 'PENDING' } }, { kind: 'running', status: 'PENDING' }],
		[{ status: 'SUBMITTED', metadata: {} }, { kind: 'running', status: 'SUBMITTED' }],
		[{ status: 'IN_PROGRESS', metadata: { estimate_seconds: 42.5 } }, { kind: 'running', status: 'IN_PROGRESS', estimateSeconds: 42.5 }],
		[{ status: 'IN_PROGRESS', metadata: { estimate_seconds: null } }, { kind: 'running', status: 'IN_PROGRESS' }],
		[{ status: 'RETRYING', extra: 1 }, { kind: 'running', status: 'RETRYING' }],
		[{ status: 'SUCCEEDED', metadata: { location: '/api/v1/x' } }, { kind: 'succeeded', location: '/api/v1/x' }],
		[{ status: 'SUCCEEDED' }, { kind: 'succeeded', location: undefined }],
		[{ status: 'FAILED', metadata: { error: 'Field missing' } }, { kind: 'failed', error: 'Field missing', errorFromAkkio: true }],
		[{ status: 'UNKNOWN_TIMEOUT' }, { kind: 'timedOut' }],
		[null, { kind: 'running', status: 'UNKNOWN' }],
		['garbage', { kind: 'running', status: 'UNKNOWN' }],
	])('%j', (response, expected) => {
		expect(taskState.getTaskState(response)).toEqual(expected);
	});

	test('FAILED without an error text gets an explanation of its own', () => {
		const state = taskState.getTaskState({ status: 'FAILED', metadata: { type: 'FAILED' } });
		expect(state).toEqual({ kind: 'failed', error: taskState.AKKIO_DEFAULT_FAILURE_TEXT, errorFromAkkio: false });
	});

	test('status items are flat and say whether the task is done', () => {
		expect(taskState.toStatusItem('t1', { status: 'IN_PROGRESS', metadata: { estimate_seconds: 5 } })).toEqual({
			task_id: 't1',
			status: 'IN_PROGRESS',
			done: false,
			estimate_seconds: 5,
		});
		expect(taskState.toStatusItem('t1', { status: 'SUCCEEDED', metadata: { location: '/l' } })).toEqual({
			task_id: 't1',
			status: 'SUCCEEDED',
			done: true,
			location: '/l',
		});
		expect(taskState.toStatusItem('t1', { status: 'FAILED', metadata: { error: 'bad' } })).toEqual({
			task_id: 't1',
			status: 'FAILED',
			done: true,
			error: 'bad',
		});
		expect(taskState.toStatusItem('t1', { status: 'UNKNOWN_TIMEOUT' }).done).toBe(true);
	});
});
