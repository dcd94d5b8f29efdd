'use strict';
// The request budget of the benchmark's own clients (the simple, fixed-interval and Predict
// baselines): the rule the node's RequestBudget follows, kept here so that the baselines do not
// move when the node's budget changes. At most `perWindow` requests at once, first come first
// served; a slot is taken when a request starts and is free again one window after its answer
// arrived, so Akkio never sees more than `perWindow` starts in a window whatever the latency.
// Event-driven (one timer at a time), so waiting costs no CPU.

class Budget {
	/**
	 * @param {number} perWindow requests per window (a whole number)
	 * @param {number} windowMs the window in real milliseconds (1000 × the time scale)
	 */
	constructor(perWindow, windowMs) {
		this.windowMs = windowMs;
		this.freeAt = new Array(perWindow).fill(-Infinity);
		this.busy = new Array(perWindow).fill(false);
		this.queue = [];
		this.timer = null;
	}

	/** Runs `request()` once a slot is free; the slot is held until it settles. */
	async run(request) {
		const slot = await new Promise((resolve) => {
			this.queue.push(resolve);
			this.pump();
		});
		try {
			return await request();
		} finally {
			this.busy[slot] = false;
			this.freeAt[slot] = performance.now() + this.windowMs;
			this.pump();
		}
	}

	pump() {
		while (this.queue.length) {
			let best = -1;
			for (let slot = 0; slot < this.freeAt.length; slot++) {
				if (!this.busy[slot] && (best < 0 || this.freeAt[slot] < this.freeAt[best])) best = slot;
			}
			if (best < 0) return; // all in flight: the next answer pumps again
			const wait = this.freeAt[best] - performance.now();
			if (wait > 0) {
				if (!this.timer) {
					this.timer = setTimeout(() => {
						this.timer = null;
						this.pump();
					}, wait);
				}
				return;
			}
			this.busy[best] = true;
			this.queue.shift()(best);
		}
	}
}

module.exports = { Budget };
