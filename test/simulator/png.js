'use strict';

// Real PNG files, with node:zlib only: Chat Explore's bar charts (Akkio's
// `base64_png` images), and a small decoder so tests can prove that bytes which
// went through the node (as n8n binary data) are still a readable PNG.
//
// Encoder: 8-bit RGB (colour type 2), one IDAT, filter 0 on every row.
// Decoder: 8-bit greyscale, RGB, greyscale+alpha and RGBA, every filter type,
// CRCs checked; it throws on anything else rather than guessing.

const zlib = require('zlib');

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const CHANNELS = { 0: 1, 2: 3, 4: 2, 6: 4 };

const BACKGROUND = [255, 255, 255];
const GRID = [226, 230, 236];
const AXIS = [88, 96, 105];
// Plotly's default colour sequence, so both image formats look alike.
const PALETTE = [
	[31, 119, 180],
	[255, 127, 14],
	[44, 160, 44],
	[214, 39, 40],
	[148, 103, 189],
	[140, 86, 75],
];
const MARGIN = { left: 20, right: 10, top: 10, bottom: 16 };

function chunk(type, data) {
	const length = Buffer.alloc(4);
	length.writeUInt32BE(data.length);
	const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(zlib.crc32(body));
	return Buffer.concat([length, body, crc]);
}

/** An 8-bit RGB PNG from `rgb` (width × height × 3 bytes, row by row). */
function encodePng(width, height, rgb) {
	if (rgb.length !== width * height * 3) throw new RangeError('encodePng: rgb must hold width * height * 3 bytes');
	const header = Buffer.alloc(13);
	header.writeUInt32BE(width, 0);
	header.writeUInt32BE(height, 4);
	header.set([8, 2, 0, 0, 0], 8); // bit depth 8, RGB, deflate, adaptive filtering, no interlace
	const stride = width * 3;
	const raw = Buffer.alloc(height * (stride + 1));
	for (let y = 0; y < height; y++) {
		raw[y * (stride + 1)] = 0; // filter type None
		Buffer.from(rgb.buffer, rgb.byteOffset + y * stride, stride).copy(raw, y * (stride + 1) + 1);
	}
	return Buffer.concat([
		SIGNATURE,
		chunk('IHDR', header),
		chunk('IDAT', zlib.deflateSync(raw)),
		chunk('IEND', Buffer.alloc(0)),
	]);
}

/**
 * Where each bar of a chart goes: { width, height, zeroY, bars: [{ x, width, top,
 * bottom, color }] } (pixel rows top..bottom-1 are the bar's). Values scale from
 * min(0, values) to max(0, values); a missing value draws no bar.
 */
function barLayout(values, { width = 320, height = 200 } = {}) {
	const numbers = values.map((value) => (Number.isFinite(value) ? value : 0));
	const high = Math.max(0, ...numbers);
	const low = Math.min(0, ...numbers);
	const plotTop = MARGIN.top;
	const plotHeight = height - MARGIN.top - MARGIN.bottom;
	const plotLeft = MARGIN.left;
	const plotWidth = width - MARGIN.left - MARGIN.right;
	const span = high - low || 1;
	const zeroY = plotTop + Math.round((high / span) * plotHeight);
	const slot = plotWidth / Math.max(1, numbers.length);
	const barWidth = Math.max(1, Math.floor(slot * 0.7));
	const bars = numbers.map((value, i) => {
		const size = Math.round((Math.abs(value) / span) * plotHeight);
		const x = plotLeft + Math.floor(i * slot + (slot - barWidth) / 2);
		const [top, bottom] = value >= 0 ? [zeroY - size, zeroY] : [zeroY, zeroY + size];
		return { x, width: barWidth, top, bottom, color: PALETTE[i % PALETTE.length] };
	});
	return { width, height, zeroY, plotTop, plotHeight, plotLeft, plotWidth, bars };
}

/** A bar chart of `values` as PNG bytes: grid lines, a zero axis, one coloured bar per value. */
function barChartPng(values, size) {
	const layout = barLayout(values, size);
	const { width, height } = layout;
	const rgb = Buffer.alloc(width * height * 3);
	const paint = (x, y, color) => rgb.set(color, (y * width + x) * 3);
	const fill = (x0, y0, x1, y1, color) => {
		for (let y = Math.max(0, y0); y < Math.min(height, y1); y++) {
			for (let x = Math.max(0, x0); x < Math.min(width, x1); x++) paint(x, y, color);
		}
	};
	fill(0, 0, width, height, BACKGROUND);
	for (let i = 0; i <= 4; i++) {
		const y = layout.plotTop + Math.round((i * layout.plotHeight) / 4);
		fill(layout.plotLeft, y, layout.plotLeft + layout.plotWidth, y + 1, GRID);
	}
	for (const bar of layout.bars) fill(bar.x, bar.top, bar.x + bar.width, bar.bottom, bar.color);
	fill(layout.plotLeft - 1, layout.plotTop, layout.plotLeft, layout.plotTop + layout.plotHeight + 1, AXIS);
	fill(layout.plotLeft - 1, layout.zeroY, layout.plotLeft + layout.plotWidth, layout.zeroY + 1, AXIS);
	return encodePng(width, height, rgb);
}

function paeth(a, b, c) {
	const p = a + b - c;
	const pa = Math.abs(p - a);
	const pb = Math.abs(p - b);
	const pc = Math.abs(p - c);
	if (pa <= pb && pa <= pc) return a;
	return pb <= pc ? b : c;
}

/**
 * Decodes an 8-bit, non-interlaced PNG: { width, height, colorType, channels, data
 * (unfiltered pixel bytes), pixel(x, y) -> [channel values] }. Throws an Error naming
 * the problem for anything that is not such a PNG (bad signature, CRC, size, ...).
 */
function decodePng(bytes) {
	const buffer = Buffer.from(bytes);
	if (buffer.length < 8 || !buffer.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG: bad signature');
	let offset = 8;
	let header = null;
	const idat = [];
	let ended = false;
	while (offset < buffer.length && !ended) {
		if (offset + 12 > buffer.length) throw new Error('PNG truncated inside a chunk header');
		const length = buffer.readUInt32BE(offset);
		const type = buffer.toString('ascii', offset + 4, offset + 8);
		const end = offset + 8 + length;
		if (end + 4 > buffer.length) throw new Error(`PNG truncated inside chunk ${type}`);
		const crc = buffer.readUInt32BE(end);
		if (zlib.crc32(buffer.subarray(offset + 4, end)) !== crc) throw new Error(`PNG chunk ${type}: CRC mismatch`);
		const data = buffer.subarray(offset + 8, end);
		if (type === 'IHDR') {
			header = {
				width: data.readUInt32BE(0),
				height: data.readUInt32BE(4),
				bitDepth: data[8],
				colorType: data[9],
				interlace: data[12],
			};
		} else if (type === 'IDAT') {
			idat.push(data);
		} else if (type === 'IEND') {
			ended = true;
		}
		offset = end + 4;
	}
	if (!header) throw new Error('PNG without IHDR');
	if (!ended) throw new Error('PNG without IEND');
	if (idat.length === 0) throw new Error('PNG without IDAT');
	const channels = CHANNELS[header.colorType];
	if (header.bitDepth !== 8 || !channels || header.interlace !== 0) {
		throw new Error(`unsupported PNG: bit depth ${header.bitDepth}, colour type ${header.colorType}, interlace ${header.interlace}`);
	}
	const { width, height } = header;
	const raw = zlib.inflateSync(Buffer.concat(idat));
	const stride = width * channels;
	if (raw.length !== height * (stride + 1)) {
		throw new Error(`PNG image data has ${raw.length} bytes, expected ${height * (stride + 1)} for ${width}x${height}`);
	}
	const data = Buffer.alloc(height * stride);
	for (let y = 0; y < height; y++) {
		const filter = raw[y * (stride + 1)];
		const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
		for (let i = 0; i < stride; i++) {
			const left = i >= channels ? data[y * stride + i - channels] : 0;
			const up = y > 0 ? data[(y - 1) * stride + i] : 0;
			const upLeft = y > 0 && i >= channels ? data[(y - 1) * stride + i - channels] : 0;
			const predictors = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)];
			if (predictors[filter] === undefined) throw new Error(`PNG row ${y}: unknown filter type ${filter}`);
			data[y * stride + i] = (line[i] + predictors[filter]) & 0xff;
		}
	}
	const pixel = (x, y) => [...data.subarray((y * width + x) * channels, (y * width + x + 1) * channels)];
	return { width, height, colorType: header.colorType, channels, data, pixel };
}

module.exports = { encodePng, decodePng, barChartPng, barLayout, PALETTE, BACKGROUND };
