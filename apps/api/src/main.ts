import 'reflect-metadata';
import { startHubProcess } from '@apps/hub';

// The api role alone, booted as every hub process is (apps/hub/src/bootstrap.ts): the same as
// HUB_ROLES=api node dist/apps/hub/src/main.js, OPS_PORT included.
startHubProcess(['api']);
