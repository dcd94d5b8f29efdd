'use strict';

// /api/v1/projects: Akkio projects as Chat Explore targets (CreateProjectPayload,
// UpdateProjectPayload, GetProjectResponse in akkio-public-api.openapi.yaml).
//
// A real project holds its own data; the spec says nothing of how. Here a project
// carries a simulator-only `datasetId`: the dataset a Chat Explore question on the
// project is answered from. sim.addProject({ datasetId }) sets it; a project created
// over HTTP gets options.projectDataset, or else the first dataset of the
// simulator's team at creation time. Choices the spec leaves open (see
// CONTRACT.md): _owner/_org may be omitted unless
// options.projectOwnerFields is 'required'; an unknown id is 404
// {"detail": "Project not found"}; DELETE answers options.projectDeleteBody.

const { newAkkioId } = require('./tasks');
const { jsonResponse, validationError, detailError } = require('./responses');
const { jsonObjectBody, stringField, pathSegment } = require('./validation');

const PROJECT_ITEM = /^\/api\/v1\/projects\/([^/]+)$/;
const TEXT_FIELDS = ['name', 'chatContext', 'chatInstructions', 'chatSuggestions'];
const OWNER_FIELDS = ['optional', 'required'];
const DELETE_BODIES = ['empty-object', 'null', 'project'];

const newProjectId = newAkkioId;

/** { route: 'project' } for the project paths (405 for other methods), else null. */
function classifyProjects(method, path) {
	if (path === '/api/v1/projects') return method === 'POST' ? { route: 'project' } : { route: 'other', methodNotAllowed: true };
	if (!PROJECT_ITEM.test(path)) return null;
	return ['GET', 'PUT', 'DELETE'].includes(method) ? { route: 'project' } : { route: 'other', methodNotAllowed: true };
}

/** GetProjectResponse: the documented fields only. */
const projectResponse = (project) => ({
	id: project.id,
	name: project.name,
	chatContext: project.chatContext,
	chatInstructions: project.chatInstructions,
	chatSuggestions: project.chatSuggestions,
});

class ProjectStore {
	constructor(sim, options) {
		this.sim = sim;
		this.options = options;
		/** id -> { id, name, chatContext, chatInstructions, chatSuggestions, owner, org, team, datasetId, createdAt, updatedAt } */
		this.map = new Map();
	}

	/**
	 * spec: { id?, name?, chatContext?, chatInstructions?, chatSuggestions?, owner?, org?,
	 *         team?, datasetId? }. Returns the stored project.
	 */
	create(spec = {}) {
		const id = spec.id === undefined ? newProjectId() : String(spec.id);
		if (id === '') throw new TypeError('addProject: id must not be empty');
		const firstDataset = [...this.sim.datasets.values()].find((dataset) => dataset.team === this.sim.team);
		const datasetId = spec.datasetId !== undefined ? spec.datasetId : this.options.projectDataset || (firstDataset ? firstDataset.id : null);
		const now = this.sim.now();
		const project = {
			id,
			name: spec.name === undefined ? '' : spec.name,
			chatContext: spec.chatContext || '',
			chatInstructions: spec.chatInstructions || '',
			chatSuggestions: spec.chatSuggestions || '',
			owner: spec.owner === undefined ? this.options.owner : spec.owner,
			org: spec.org === undefined ? this.sim.team : spec.org,
			team: spec.team || this.sim.team,
			datasetId,
			createdAt: now,
			updatedAt: now,
		};
		this.map.set(id, project);
		return project;
	}

	/** The caller's project, or an error response. */
	own(id) {
		const project = this.map.get(id);
		if (!project) return { error: detailError(404, 'Project not found') };
		if (project.team !== this.sim.team) {
			return { error: detailError(403, 'Your organization does not have access to this project') };
		}
		return { project };
	}

	handle(ctx) {
		if (ctx.path === '/api/v1/projects') return this.post(ctx);
		const id = pathSegment(PROJECT_ITEM.exec(ctx.path)[1]);
		const { project, error } = this.own(id);
		if (error) return error;
		if (ctx.method === 'GET') return jsonResponse(200, projectResponse(project));
		if (ctx.method === 'PUT') return this.put(ctx, project);
		this.map.delete(project.id);
		const style = this.options.projectDeleteBody;
		return jsonResponse(200, style === 'null' ? null : style === 'project' ? projectResponse(project) : {});
	}

	/** POST /api/v1/projects (CreateProjectPayload) -> 200 GetProjectResponse. */
	post(ctx) {
		const { errors: bodyErrors, body } = jsonObjectBody(ctx);
		if (bodyErrors) return validationError(bodyErrors);
		const errors = [];
		const required = this.options.projectOwnerFields === 'required';
		const owner = stringField(body, ['body', '_owner'], errors, { required });
		const org = stringField(body, ['body', '_org'], errors, { required });
		const spec = { owner, org };
		for (const name of TEXT_FIELDS) {
			spec[name] = stringField(body, ['body', name], errors, { required: name === 'name', fallback: '' });
		}
		if (errors.length) return validationError(errors);
		return jsonResponse(200, projectResponse(this.create(spec)));
	}

	/** PUT (UpdateProjectPayload): only the non-null fields change. */
	put(ctx, project) {
		const { errors: bodyErrors, body } = jsonObjectBody(ctx);
		if (bodyErrors) return validationError(bodyErrors);
		const errors = [];
		const changes = {};
		for (const name of TEXT_FIELDS) {
			const value = stringField(body, ['body', name], errors, { nullable: true });
			if (value !== undefined) changes[name] = value;
		}
		if (errors.length) return validationError(errors);
		Object.assign(project, changes, { updatedAt: this.sim.now() });
		return jsonResponse(200, projectResponse(project));
	}
}

module.exports = { ProjectStore, classifyProjects, projectResponse, OWNER_FIELDS, DELETE_BODIES };
