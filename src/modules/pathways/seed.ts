// Generated data of pathways (`civnet seed --scale`): the organizations' chosen pathways, loaded
// in bulk. The demo taxonomy is `seedPathwaysDemo` (service.ts).
import { type BulkColumn, insertRows } from '../../db/bulk.js';
import type { Database } from '../../db/client.js';

export interface BulkOrganizationPathway {
  organization_id: string;
  pathway_id: string;
}

export async function bulkLinkOrganizationPathways(database: Database, rows: BulkOrganizationPathway[], batch: number): Promise<void> {
  const columns: Array<BulkColumn<BulkOrganizationPathway>> = [
    ['organization_id', 'uuid'],
    ['pathway_id', 'uuid'],
  ];
  await insertRows(database, 'organization_pathways', columns, rows, batch);
}
