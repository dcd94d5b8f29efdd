/**
 * The one boundary where Akkio's answers become the node's own typed values. Operations,
 * waiting and output shaping work on what these return and never read raw JSON. The transport
 * parses a body here (`parseJson`), reads Akkio's words in an error here (`akkioWords`), and
 * reads here whether an answer says it failed (`isKeyRejection`, `reportedFailure`).
 */
export { dataObject, label, MAX_ANSWER_CHARS, MAX_JSON_DEPTH, parseJson, unusableInPath, type JsonParse } from './json';
export { akkioWords, asSentence, bodySnippet, excerpt, formatDetail } from './errorWords';
export { decodeTaskStatus, type TaskState, type TaskStatus } from './taskState';
export {
	decodeSubmittedTask,
	decodeTrainingResult,
	type ClassRow,
	type DataStoryOutcome,
	type TrainingResult,
} from './training';
export { effectiveStatusCode, isKeyRejection, LEGACY_KEY_REJECTION, reportedFailure } from './documentedStatus';
export {
	datasetRowCount,
	decodeCreatedDataset,
	decodeDataset,
	decodeDatasetList,
	decodeModelList,
	type DatasetDetails,
	type DatasetField,
	type DatasetSummary,
	type ModelSummary,
} from './catalog';
export { decodePredictions, type Prediction } from './predictions';
export {
	decodeChatImage,
	decodeChatRecord,
	decodeProject,
	decodeSubmittedQuestion,
	type ChatAnswer,
	type ChatImage,
	type ChatMessage,
	type Project,
} from './chatExplore';
