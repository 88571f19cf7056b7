/** Worker thread entry of the dataset generator: makes the rows of the slices it is sent. */
import { serveWorkerRequests } from '../../platform/workers/worker-pool.ts';
import { datasetRows, type SliceRequest } from './dataset-rows.ts';

serveWorkerRequests((req: SliceRequest) => datasetRows(req));
