import { projectPath } from '../../../shared/routes';
import { PURPOSES } from '../../../shared/transport';
import { deleteOperation } from '../common';

export const { option, description, readItem, runItem } = deleteOperation('project', (id) => ({ path: projectPath(id) }), PURPOSES.deleteProject);
